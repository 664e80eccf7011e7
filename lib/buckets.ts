/**
 * The buckets a chart draws. Rollups are stored hourly and daily (lib/ingest/rollups.ts); weekly
 * and monthly buckets are folded from the daily ones when read, so a span of years still costs
 * at most ~1,000 buckets a series. Weeks start on Monday (ISO 8601), months on the 1st, UTC.
 * Pure.
 */
import type { ChartResolution, RollupResolution } from './vocabulary';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 1970-01-05 was a Monday: weeks are counted from it. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** The most buckets one series may be drawn with: the cap every request's work is sized by. */
export const MAX_BUCKETS_PER_SERIES = 1_000;

/** A bucket's nominal length (a month counts 31 days, so the cap is never under-counted). */
export const NOMINAL_BUCKET_MS: Record<ChartResolution, number> = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS, month: 31 * DAY_MS };

/** The stored rollup a chart resolution is read from. */
export function storedResolution(resolution: ChartResolution): RollupResolution {
  return resolution === 'hour' ? 'hour' : 'day';
}

export function chartBucketStart(at: Date, resolution: ChartResolution): Date {
  const ms = at.getTime();
  if (resolution === 'hour') return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
  if (resolution === 'day') return new Date(Math.floor(ms / DAY_MS) * DAY_MS);
  if (resolution === 'week') return new Date(Math.floor((ms - FIRST_MONDAY_MS) / (7 * DAY_MS)) * 7 * DAY_MS + FIRST_MONDAY_MS);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function nextBucketStart(start: Date, resolution: ChartResolution): Date {
  if (resolution !== 'month') return new Date(start.getTime() + NOMINAL_BUCKET_MS[resolution]);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** Every bucket start in [from, to), so missing buckets become explicit gaps. */
export function bucketGrid(from: Date, to: Date, resolution: ChartResolution): Date[] {
  const grid: Date[] = [];
  for (let t = chartBucketStart(from, resolution); t.getTime() < to.getTime(); t = nextBucketStart(t, resolution)) grid.push(t);
  return grid;
}

export interface StoredBucket {
  bucketStart: Date;
  samples: number;
  last: number;
  lastObservedAt: Date;
  lastRunId: number;
}

/**
 * Stored buckets (hourly or daily, in any order) folded into chart buckets by the rule ingest
 * uses: the latest observation is the bucket's value, samples add up. Keyed by bucket start ms.
 */
export function foldBuckets<B extends StoredBucket>(rows: readonly B[], resolution: ChartResolution): Map<number, B> {
  const folded = new Map<number, B>();
  for (const row of rows) {
    const key = chartBucketStart(row.bucketStart, resolution).getTime();
    const held = folded.get(key);
    if (!held) folded.set(key, row);
    else {
      const latest = row.lastObservedAt.getTime() >= held.lastObservedAt.getTime() ? row : held;
      folded.set(key, { ...latest, samples: held.samples + row.samples });
    }
  }
  return folded;
}
