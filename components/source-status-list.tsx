import type { SourceStatus } from '@/lib/queries/source-status';
import { formatAge, formatUtc } from '@/lib/format';

export function SourceStatusList({ statuses, now }: { statuses: SourceStatus[]; now: Date }) {
  if (statuses.length === 0) return <p className="empty panel">No sources registered yet.</p>;
  return (
    <ul className="sources panel" data-testid="source-status">
      {statuses.map((s) => {
        const failedLast = s.lastOutcome === 'failed';
        return (
          <li key={s.sourceId} data-source={s.sourceId}>
            <strong>{s.name}</strong>{' '}
            {s.lastOutcome === null ? (
              <span className="muted">not scraped yet</span>
            ) : (
              <>
                <span className={failedLast ? 'failed' : 'ok'}>{failedLast ? 'failing' : 'ok'}</span>
                <span className="muted">
                  {' '}
                  · last success {s.lastSuccessAt ? `${formatUtc(s.lastSuccessAt)} (${formatAge(s.lastSuccessAt, now)})` : 'never'}
                </span>
                {s.lastFailureAt ? (
                  <span className="muted">
                    {' '}
                    · last failure {formatUtc(s.lastFailureAt)}: <span className="failed">{s.lastFailureReason}</span>
                  </span>
                ) : null}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
