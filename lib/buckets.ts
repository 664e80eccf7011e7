/**
 * Time buckets: where a bucket starts, where it ends, and the grid of a window. Hours and days
 * are stored as rollups at ingest; weeks (Monday 00:00 UTC, ISO 8601) and months (the 1st,
 * 00:00 UTC) are built from the daily rollups when read, so long spans draw a few hundred
 * points without a rollup table per size.
 *
 * MAX_BUCKETS bounds every series a request builds: a chart, a table, a CSV or an analytics
 * array never holds more buckets than this, whatever the range asks.
 */
import type { SeriesResolution } from './vocabulary';

/** The most buckets any one series may have (issue 10: every request's cost is capped by design). */
export const MAX_BUCKETS = 1000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: Monday-based weeks start three days earlier than epoch weeks. */
const MONDAY_OFFSET_MS = 3 * DAY_MS;

export function bucketStart(at: Date, resolution: SeriesResolution): Date {
  const t = at.getTime();
  switch (resolution) {
    case 'hour':
      return new Date(Math.floor(t / HOUR_MS) * HOUR_MS);
    case 'day':
      return new Date(Math.floor(t / DAY_MS) * DAY_MS);
    case 'week':
      return new Date(Math.floor((t + MONDAY_OFFSET_MS) / WEEK_MS) * WEEK_MS - MONDAY_OFFSET_MS);
    case 'month':
      return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  }
}

/** The start of the bucket after the one `start` begins (months have no fixed length). */
export function nextBucketStart(start: Date, resolution: SeriesResolution): Date {
  if (resolution === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + nominalBucketMs(resolution));
}

/** A bucket's length; a month counts as 31 days, so spans measured with it err on the short side. */
export function nominalBucketMs(resolution: SeriesResolution): number {
  return { hour: HOUR_MS, day: DAY_MS, week: WEEK_MS, month: 31 * DAY_MS }[resolution];
}

/** How many buckets cover [from, to) at this resolution, without building them. */
export function bucketCount(from: Date, to: Date, resolution: SeriesResolution): number {
  if (to <= from) return 0;
  const first = bucketStart(from, resolution);
  if (resolution === 'month') {
    const last = bucketStart(new Date(to.getTime() - 1), 'month');
    return (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  }
  return Math.ceil((to.getTime() - first.getTime()) / nominalBucketMs(resolution));
}

/**
 * The longest span a resolution may be asked for, in whole days, so that any window of that
 * length (however it falls on bucket edges) stays within MAX_BUCKETS buckets.
 */
export function maxSpanDays(resolution: SeriesResolution): number {
  // Months are measured by the shortest (28 days); one bucket is lost to a window that starts mid-bucket.
  const shortestMs = resolution === 'month' ? 28 * DAY_MS : nominalBucketMs(resolution);
  return Math.floor(((MAX_BUCKETS - 1) * shortestMs) / DAY_MS);
}

/** Every bucket start in [from, to), so missing buckets become explicit gaps. */
export function bucketGrid(from: Date, to: Date, resolution: SeriesResolution): Date[] {
  const count = bucketCount(from, to, resolution);
  // The cap is enforced where windows are made (lib/view-state.ts); this guards every other caller.
  if (count > MAX_BUCKETS) throw new RangeError(`${count} ${resolution} buckets exceed MAX_BUCKETS (${MAX_BUCKETS})`);
  const grid: Date[] = [];
  for (let t = bucketStart(from, resolution); t < to; t = nextBucketStart(t, resolution)) grid.push(t);
  return grid;
}
