/**
 * Time series read from the rollups: one value per bucket, the last observation in it, so
 * every drawn value is a figure some snapshot really contained (its run is `lastRunId`).
 * Buckets without a successful run are null: the chart draws a gap, never a zero.
 */
import { and, asc, eq, gte, inArray, lt, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { bucketGrid, chartBucketStart, foldBuckets, storedResolution } from '../buckets';
import { ALL_MODELS, type ChartResolution, type RollupMetric } from '../vocabulary';
import { markGaps } from '../gaps';
import { sourceScheduleMinutes } from '../source-schedule';

export { bucketGrid };

export interface SeriesPoint {
  /** Bucket start, ISO 8601 UTC. */
  at: string;
  value: number | null;
  /** Scrape runs that fell in the bucket. */
  samples: number;
  /** The run behind `value`, for provenance. */
  runId: number | null;
  observedAt: string | null;
  /**
   * True for an empty bucket where a scheduled observation is missing (lib/gaps.ts): the line
   * breaks there. An empty bucket of a source scraped less often than the buckets is not one.
   */
  gap?: boolean;
}

export interface Series {
  sourceId: string;
  networkSlug: string;
  gpuModel: string;
  metric: RollupMetric;
  unit: string;
  points: SeriesPoint[];
}

export interface SeriesQuery {
  networkSlug?: string;
  sourceIds?: readonly string[];
  /** One GPU model, or `all` (the network totals). */
  gpuModel: string;
  /** Instead of `gpuModel`: every model's own series (the totals left out), in one read. */
  everyModel?: boolean;
  metrics: readonly RollupMetric[];
  from: Date;
  to: Date;
  resolution: ChartResolution;
}

/**
 * What a drawn bucket needs, and no more: a window of hourly buckets is thousands of rows, and
 * the time a cold read takes is mostly decoding them, so the sums and extremes stay unread.
 */
export const SERIES_COLUMNS = {
  bucketStart: seriesRollups.bucketStart,
  sourceId: seriesRollups.sourceId,
  networkSlug: seriesRollups.networkSlug,
  gpuModel: seriesRollups.gpuModel,
  metric: seriesRollups.metric,
  unit: seriesRollups.unit,
  samples: seriesRollups.samples,
  last: seriesRollups.last,
  lastObservedAt: seriesRollups.lastObservedAt,
  lastRunId: seriesRollups.lastRunId,
};

export async function readSeries(db: Database, query: SeriesQuery): Promise<Series[]> {
  const conditions = [
    // Weeks and months are folded from the daily rollups.
    eq(seriesRollups.resolution, storedResolution(query.resolution)),
    query.everyModel ? ne(seriesRollups.gpuModel, ALL_MODELS) : eq(seriesRollups.gpuModel, query.gpuModel),
    inArray(seriesRollups.metric, [...query.metrics]),
    gte(seriesRollups.bucketStart, chartBucketStart(query.from, query.resolution)),
    lt(seriesRollups.bucketStart, query.to),
  ];
  if (query.networkSlug) conditions.push(eq(seriesRollups.networkSlug, query.networkSlug));
  if (query.sourceIds) conditions.push(inArray(seriesRollups.sourceId, [...query.sourceIds]));
  const rows = await db
    .select(SERIES_COLUMNS)
    .from(seriesRollups)
    .where(and(...conditions))
    .orderBy(asc(seriesRollups.bucketStart));

  const grouped = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const key = `${row.sourceId}|${row.gpuModel}|${row.metric}|${row.unit}`;
    const list = grouped.get(key) ?? [];
    list.push(row);
    grouped.set(key, list);
  }
  const grid = bucketGrid(query.from, query.to, query.resolution);
  return [...grouped.values()].map((group) => {
    const first = group[0]!;
    const byBucket = foldBuckets(group, query.resolution);
    return {
      sourceId: first.sourceId,
      networkSlug: first.networkSlug,
      gpuModel: first.gpuModel,
      metric: first.metric as RollupMetric,
      unit: first.unit,
      points: markGaps(grid.map((at) => {
        const row = byBucket.get(at.getTime());
        return {
          at: at.toISOString(),
          value: row ? row.last : null,
          samples: row?.samples ?? 0,
          runId: row?.lastRunId ?? null,
          observedAt: row?.lastObservedAt.toISOString() ?? null,
        };
      }), sourceScheduleMinutes(first.sourceId) * 60_000, query.to),
    };
  });
}
