/**
 * How long each layer of stored data is kept. Raw snapshots, runs, points and daily rollups are
 * kept for ever (every number traces back to its bytes, and rebuild needs them). Hourly
 * rollups serve only charts drawn in hourly buckets, which are offered for recent windows only
 * (lib/view-state.ts refuses an hourly window reaching further back), so older hourly rows
 * are deleted by housekeeping (lib/ingest/housekeeping.ts). They can always be recomputed from
 * the points (npm run rebuild).
 */
export const HOURLY_ROLLUP_RETENTION_DAYS = 92;

const DAY_MS = 86_400_000;

/** The earliest hourly bucket still kept at `now`. */
export function hourlyRetentionStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - HOURLY_ROLLUP_RETENTION_DAYS * DAY_MS);
}
