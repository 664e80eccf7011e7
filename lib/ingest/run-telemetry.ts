/**
 * What a scrape run tells the operators: its metrics (every pass counts them, whoever runs it)
 * and its one log line (written by the long-running scrapers and `npm run scrape`; replays of
 * history, the demo and tests count but do not log thousands of lines).
 */
import type { Logger } from '../log';
import { metrics } from '../metrics';
import type { SourceOutcome } from './scrape-pass';

/** Outcomes that fetched something: only they have a run duration worth a histogram sample. */
const FETCHED = new Set<SourceOutcome['outcome']>(['ok', 'failed', 'duplicate', 'aborted']);

export function countRun(o: SourceOutcome): void {
  const m = metrics();
  const source = o.sourceId;
  m.scrapeRuns.inc({ source, outcome: o.outcome });
  if (FETCHED.has(o.outcome) && o.durationMs > 0) m.scrapeRunDuration.observe({ source, outcome: o.outcome }, o.durationMs / 1000);
  if (o.pointsWritten > 0) m.pointsWritten.inc({ source }, o.pointsWritten);
  if (o.responseBytes > 0) m.responseBytes.inc({ source }, o.responseBytes);
  for (const r of o.rejected) m.figuresRejected.inc({ source, kind: r.kind }, r.count);
}

/** One JSON line per run: source, outcome, reason, run id, duration, points (and what else the run says). */
export function logRun(log: Logger, o: SourceOutcome): void {
  const rejected = o.rejected.reduce((sum, r) => sum + r.count, 0);
  log.info(
    {
      source: o.sourceId,
      network: o.network,
      outcome: o.outcome,
      reason: o.detail,
      runId: o.runId,
      durationMs: o.durationMs,
      points: o.pointsWritten,
      unchanged: o.unchanged,
      httpStatus: o.httpStatus,
      responseBytes: o.responseBytes,
      ...(rejected > 0 ? { rejected } : {}),
    },
    'scrape run',
  );
}
