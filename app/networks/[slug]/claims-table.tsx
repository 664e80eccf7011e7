'use client';

/**
 * The network's public claims from the ledger, each beside the figure measured now that
 * answers it; the measured figure opens the scrape run behind it.
 */
import { useOpenProvenance } from '@/components/provenance';
import type { ClaimRow } from '@/lib/charts/network-claims';
import { formatCount, formatUsdPerGpuHour } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { scrollRegion } from '@/lib/scroll-region';

const KIND_LABEL: Record<ClaimRow['kind'], string> = {
  size: 'Size',
  cost: 'Cost',
  goal: 'Goal',
  measurement: 'Third-party measurement',
};

function figureText(claim: ClaimRow): string {
  const model = claim.gpuModel ? ` (${gpuModelLabel(claim.gpuModel)})` : '';
  switch (claim.unit) {
    case 'usd_per_gpu_hour':
      return `${formatUsdPerGpuHour(claim.figure)}${model}`;
    case 'percent':
      return `${formatCount(claim.figure)}%`;
    case 'gpus':
      return `${formatCount(claim.figure)} GPUs${model}`;
    default:
      return `${formatCount(claim.figure)} ${claim.unit}${model}`;
  }
}

const linkButton = {
  background: 'none',
  border: 0,
  padding: 0,
  color: 'var(--accent)',
  textDecoration: 'underline',
  font: 'inherit',
  cursor: 'pointer',
} as const;

export function ClaimsTable({ claims }: { claims: readonly ClaimRow[] }) {
  const openProvenance = useOpenProvenance();
  return (
    <div className="panel table-wrap" {...scrollRegion('Claims ledger')}>
      <table data-testid="claims-table">
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8, fontSize: '0.85rem' }}>
          Claims as published, with where and when they were seen (the claims ledger). Size claims in GPUs or nodes are also
          drawn on the claimed chart. &quot;Measured&quot; is what Rentable reads now, with a link to its source.
        </caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Figure</th>
            <th scope="col">Kind</th>
            <th scope="col">Seen</th>
            <th scope="col" style={{ textAlign: 'left' }}>
              Measured
            </th>
          </tr>
        </thead>
        <tbody>
          {claims.map((claim) => (
            <tr key={claim.id} data-claim={claim.id}>
              <td style={{ whiteSpace: 'normal', minWidth: 220, verticalAlign: 'top' }}>
                &ldquo;{claim.text}&rdquo;
                <span className="muted" style={{ display: 'block', fontSize: '0.85rem' }}>
                  {claim.counts} ·{' '}
                  <a href={claim.sourceUrl} target="_blank" rel="noreferrer">
                    {claim.sourceName}
                  </a>
                </span>
              </td>
              <td style={{ verticalAlign: 'top' }} data-testid="claim-figure">
                {figureText(claim)}
              </td>
              <td style={{ verticalAlign: 'top' }}>{KIND_LABEL[claim.kind]}</td>
              <td style={{ verticalAlign: 'top' }}>{claim.seenAt}</td>
              <td style={{ textAlign: 'left', whiteSpace: 'normal', minWidth: 240, verticalAlign: 'top' }} data-testid="claim-measured">
                <span className={claim.measured.runId === null ? 'muted' : undefined}>{claim.measured.text}</span>
                {claim.measured.runId !== null ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      style={linkButton}
                      onClick={() => claim.measured.runId !== null && openProvenance(claim.measured.runId)}
                      aria-label={`Source of the measured figure for “${claim.text}”`}
                    >
                      source
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
