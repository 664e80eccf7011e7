'use client';

/** The points that raised a flag, each opening its scrape run. */
import type { Evidence } from '@/lib/analytics/types';
import { formatCount, formatUtc } from '@/lib/format';
import { useOpenProvenance } from './provenance';

export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  const open = useOpenProvenance();
  return (
    <ul className="evidence">
      {evidence.map((e, i) => (
        <li key={`${e.sourceId}-${e.at}-${e.role}-${i}`}>
          {e.runId !== null ? (
            <button type="button" className="figure" onClick={() => open(e.runId as number)} data-run={e.runId}>
              {formatCount(e.value)}
            </button>
          ) : (
            formatCount(e.value)
          )}{' '}
          <span className="muted">
            {e.role} · {e.sourceId} · {formatUtc(e.at)}
          </span>
        </li>
      ))}
    </ul>
  );
}
