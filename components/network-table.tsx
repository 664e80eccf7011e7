import type { Figure, NetworkSummary } from '@/lib/queries/network-summary';
import { formatAge, formatCount, formatUtc } from '@/lib/format';

function FigureCell({ figure, suffix }: { figure: Figure | null; suffix?: string }) {
  if (!figure) return <td className="muted">—</td>;
  return (
    <td title={`${figure.sourceId}, observed ${formatUtc(figure.observedAt)}, scrape run #${figure.runId}`}>
      {formatCount(figure.value)}
      {suffix ? <span className="muted"> {suffix}</span> : null}
    </td>
  );
}

function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${percent < 0.1 ? percent.toFixed(3) : percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

const KIND_LABEL = { depin: 'DePIN', marketplace: 'Marketplace (not DePIN)', cloud: 'Cloud reference' } as const;

export function NetworkTable({ summaries, now }: { summaries: NetworkSummary[]; now: Date }) {
  return (
    <div className="panel table-wrap">
      <table data-testid="network-table">
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8 }}>
          Network totals from each source&apos;s latest successful scrape; where sources disagree, the largest. Claims in
          nodes are shown apart from GPUs. Reality ratio = rentable ÷ largest claim in GPUs. Hover a figure for its source.
        </caption>
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col">Largest claim (GPUs)</th>
            <th scope="col">Claim (nodes)</th>
            <th scope="col">Free</th>
            <th scope="col">Rentable</th>
            <th scope="col">Reality ratio</th>
            <th scope="col">Last scrape</th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((n) => (
            <tr key={n.slug} data-network={n.slug}>
              <th scope="row" style={{ textAlign: 'left', color: 'var(--text)', fontWeight: 500 }}>
                {n.name}
                <span className="muted" style={{ display: 'block', fontSize: '0.8rem', fontWeight: 400 }}>
                  {KIND_LABEL[n.kind]}
                </span>
              </th>
              <FigureCell figure={n.largestClaim} />
              <FigureCell figure={n.largestClaimNodes} />
              <FigureCell figure={n.free} />
              <FigureCell figure={n.rentable} />
              <td data-testid="reality-ratio">{formatRatio(n.realityRatio)}</td>
              <td className="muted">{n.lastSuccessAt ? formatAge(n.lastSuccessAt, now) : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
