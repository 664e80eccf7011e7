/**
 * Flag rows, as /flags and each network page show them: the rule, its span, the message with
 * the numbers, and the points that raised it (each opening its scrape run). One component so
 * both pages say the same thing the same way.
 */
import type { Flag } from '@/lib/analytics/types';
import { formatCount, formatUtc } from '@/lib/format';
import type { CappedSource } from '@/lib/queries/observations';
import { EvidenceList } from './evidence-list';

export const FLAG_RULE_LABEL: Record<Flag['rule'], string> = {
  'claim-spread': 'Totals disagree',
  'frozen-claim': 'Frozen figure',
  'claim-jump': 'Unexplained jump',
};

/** A flag whose last point is within a day (and a pass) of the window's end is current. */
const CURRENT_WITHIN_MS = 26 * 3_600_000;

export function FlagArticles({ flags, windowTo }: { flags: readonly Flag[]; windowTo: Date }) {
  const currentCutoff = windowTo.getTime() - CURRENT_WITHIN_MS;
  return (
    <>
      {flags.map((flag, i) => {
        const current = Date.parse(flag.to) >= currentCutoff;
        return (
          <article key={`${flag.rule}-${flag.sourceIds.join(',')}-${flag.from}-${i}`} className="flag" data-rule={flag.rule} data-current={current}>
            <p style={{ margin: '4px 0' }}>
              <span className={`badge ${current ? 'badge-current' : ''}`}>{current ? 'current' : 'past'}</span>{' '}
              <strong>{FLAG_RULE_LABEL[flag.rule]}</strong>{' '}
              <span className="muted">
                {formatUtc(flag.from)} – {formatUtc(flag.to)}
              </span>
            </p>
            <p style={{ margin: '4px 0' }}>{flag.message}</p>
            <details>
              <summary>The {flag.evidence.length} points that raised it</summary>
              <EvidenceList evidence={flag.evidence} />
            </details>
          </article>
        );
      })}
    </>
  );
}

/** Says which sources had more runs in the window than flags read, and from when they were read. */
export function FlagsCapped({ capped, maxRuns }: { capped: readonly CappedSource[]; maxRuns: number }) {
  if (capped.length === 0) return null;
  return (
    <p className="muted" data-testid="flags-capped">
      Flags read at most {formatCount(maxRuns)} runs per source ({formatCount(maxRuns / 144)} days at one run per 10 minutes), the newest:{' '}
      {capped.map((c, i) => (
        <span key={c.sourceId}>
          {i > 0 ? '; ' : ''}
          {c.sourceId} from {formatUtc(c.readFrom)} ({formatCount(c.runsRead)} of {formatCount(c.runsInRange)} runs)
        </span>
      ))}
      .
    </p>
  );
}
