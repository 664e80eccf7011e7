import type { LatestFigures } from '@/lib/queries/latest';
import { formatCount, formatUsdPerGpuHour, formatUtc } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { ALL_MODELS } from '@/lib/vocabulary';
import { scrollRegion } from '@/lib/scroll-region';

export function LatestFiguresTable({ latest }: { latest: LatestFigures }) {
  const total = latest.models.find((m) => m.gpuModel === ALL_MODELS);
  const models = latest.models.filter((m) => m.gpuModel !== ALL_MODELS);
  return (
    <div className="panel">
      <div className="table-wrap" {...scrollRegion('Latest figures by GPU model')}>
        <table data-testid="latest-figures">
          <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8 }}>
            As of {formatUtc(latest.observedAt)}, scrape run #{latest.runId}
            {latest.snapshotSha256 ? `, snapshot sha256 ${latest.snapshotSha256.slice(0, 12)}…` : ''}. Prices are USD per
            GPU-hour.
          </caption>
          <thead>
            <tr>
              <th scope="col">GPU model</th>
              <th scope="col">Claimed</th>
              <th scope="col">Free</th>
              <th scope="col">Rentable</th>
              <th scope="col">Cheapest</th>
              <th scope="col">Median</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.gpuModel} data-model={m.gpuModel}>
                <th scope="row" style={{ textAlign: 'left', color: 'var(--text)', fontWeight: 500 }}>
                  {gpuModelLabel(m.gpuModel)}
                </th>
                <td>{formatCount(m.supply.claimed)}</td>
                <td>{formatCount(m.supply.free)}</td>
                <td>{formatCount(m.supply.rentable)}</td>
                <td>{formatUsdPerGpuHour(m.usdPerGpuHour.min)}</td>
                <td>{formatUsdPerGpuHour(m.usdPerGpuHour.median)}</td>
              </tr>
            ))}
          </tbody>
          {total ? (
            <tfoot>
              <tr data-model={ALL_MODELS}>
                <th scope="row" style={{ textAlign: 'left', color: 'var(--text)' }}>
                  All GPUs (network total)
                </th>
                <td>{formatCount(total.supply.claimed)}</td>
                <td>{formatCount(total.supply.free)}</td>
                <td>{formatCount(total.supply.rentable)}</td>
                <td />
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </div>
  );
}
