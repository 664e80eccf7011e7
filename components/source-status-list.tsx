import type { SourceStatus } from '@/lib/queries/source-status';
import { SOURCE_HEALTH_CLASS, SOURCE_HEALTH_LABELS, sourceHealth } from '@/lib/source-health';
import { sourceFreshnessRule } from '@/lib/source-schedule';
import { Age } from './age';

export function SourceStatusList({ statuses, now }: { statuses: SourceStatus[]; now: Date }) {
  if (statuses.length === 0) return <p className="empty panel">No sources registered yet.</p>;
  return (
    <ul className="sources panel" data-testid="source-status">
      {statuses.map((s) => {
        const health = sourceHealth(s, now, sourceFreshnessRule(s.sourceId));
        return (
          <li key={s.sourceId} data-source={s.sourceId} data-health={health}>
            <strong>{s.name}</strong> <span className={SOURCE_HEALTH_CLASS[health]}>{SOURCE_HEALTH_LABELS[health]}</span>
            {s.lastOutcome === null ? null : (
              <>
                <span className="muted">
                  {' '}
                  · last success {s.lastSuccessAt ? <Age at={s.lastSuccessAt} now={now} /> : 'never'}
                </span>
                {s.lastFailureAt ? (
                  <span className="muted">
                    {' '}
                    · last failure <Age at={s.lastFailureAt} now={now} />: <span className="failed">{s.lastFailureReason}</span>
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
