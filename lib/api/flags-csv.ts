/** Flags as CSV: one row per flag, with the points that raised it as run ids, for spreadsheets. */
import { toCsv } from '../csv';
import type { Flag } from '../analytics/types';

export function flagsCsv(flags: readonly Flag[]): string {
  return toCsv(
    ['rule', 'network', 'source_ids', 'from_utc', 'to_utc', 'threshold', 'message', 'evidence_run_ids'],
    flags.map((f) => [
      f.rule,
      f.network,
      f.sourceIds.join(' '),
      f.from,
      f.to,
      f.threshold,
      f.message,
      [...new Set(f.evidence.map((e) => e.runId).filter((id) => id !== null))].join(' '),
    ]),
  );
}
