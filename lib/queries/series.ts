/**
 * Time series read from the rollups: one value per bucket, the last observation in it, so
 * every drawn value is a figure some snapshot really contained (its run is `lastRunId`).
 * Buckets without a successful run are null: the chart draws a gap, never a zero.
 */
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { bucketGrid, bucketStart } from '../buckets';
import type { RollupMetric, RollupResolution, SeriesResolution } from '../vocabulary';

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
  gpuModel: string;
  metrics: readonly RollupMetric[];
  from: Date;
  to: Date;
  resolution: SeriesResolution;
}

/** The rollup a resolution is read from: weeks and months are grouped from the days. */
export function storedResolution(resolution: SeriesResolution): RollupResolution {
  return resolution === 'hour' ? 'hour' : 'day';
}

/** One bucket of one series, as stored (hour, day) or built from the daily rollups (week, month). */
export interface BucketRow {
  bucketStart: Date;
  sourceId: string;
  networkSlug: string;
  gpuModel: string;
  metric: string;
  unit: string;
  samples: number;
  last: number;
  lastObservedAt: Date;
  lastRunId: number;
}

/**
 * The buckets of [from, to) at `resolution` that match `filters`, ordered by bucket start.
 * Weeks and months are grouped from the daily rollups in SQL, by the same rule ingest uses:
 * the latest observation wins and samples add up, so a weekly value is still a figure some
 * snapshot contained, with its run. A request reads at most one daily row per day and series.
 */
export async function readBuckets(db: Database, query: { filters: SQL[]; from: Date; to: Date; resolution: SeriesResolution }): Promise<BucketRow[]> {
  const { resolution } = query;
  const inWindow = [gte(seriesRollups.bucketStart, bucketStart(query.from, resolution)), lt(seriesRollups.bucketStart, query.to)];
  if (resolution === 'hour' || resolution === 'day') {
    return db
      .select()
      .from(seriesRollups)
      .where(and(eq(seriesRollups.resolution, resolution), ...query.filters, ...inWindow))
      .orderBy(asc(seriesRollups.bucketStart));
  }
  // Inlined, not a parameter: the GROUP BY expression must be the very text of the select's.
  const bucket = sql`date_trunc(${sql.raw(`'${resolution}'`)}, ${seriesRollups.bucketStart} at time zone 'UTC')`;
  const rows = await db
    .select({
      bucketMs: sql<number>`extract(epoch from ${bucket}) * 1000`.mapWith(Number),
      sourceId: seriesRollups.sourceId,
      networkSlug: seriesRollups.networkSlug,
      gpuModel: seriesRollups.gpuModel,
      metric: seriesRollups.metric,
      unit: seriesRollups.unit,
      samples: sql<number>`sum(${seriesRollups.samples})`.mapWith(Number),
      last: sql<number>`(array_agg(${seriesRollups.last} order by ${seriesRollups.lastObservedAt} desc))[1]`.mapWith(Number),
      lastRunId: sql<number>`(array_agg(${seriesRollups.lastRunId} order by ${seriesRollups.lastObservedAt} desc))[1]`.mapWith(Number),
      lastObservedMs: sql<number>`extract(epoch from max(${seriesRollups.lastObservedAt})) * 1000`.mapWith(Number),
    })
    .from(seriesRollups)
    .where(and(eq(seriesRollups.resolution, 'day'), ...query.filters, ...inWindow))
    .groupBy(bucket, seriesRollups.sourceId, seriesRollups.networkSlug, seriesRollups.gpuModel, seriesRollups.metric, seriesRollups.unit)
    .orderBy(bucket, asc(seriesRollups.sourceId), asc(seriesRollups.metric));
  return rows.map(({ bucketMs, lastObservedMs, ...row }) => ({
    ...row,
    bucketStart: new Date(Math.round(bucketMs)),
    // Observed times are whole milliseconds (JavaScript dates): round() undoes any float error in the epoch.
    lastObservedAt: new Date(Math.round(lastObservedMs)),
  }));
}

export async function readSeries(db: Database, query: SeriesQuery): Promise<Series[]> {
  const filters = [eq(seriesRollups.gpuModel, query.gpuModel), inArray(seriesRollups.metric, [...query.metrics])];
  if (query.networkSlug) filters.push(eq(seriesRollups.networkSlug, query.networkSlug));
  if (query.sourceIds) filters.push(inArray(seriesRollups.sourceId, [...query.sourceIds]));
  const rows = await readBuckets(db, { filters, from: query.from, to: query.to, resolution: query.resolution });

  const grouped = new Map<string, BucketRow[]>();
  for (const row of rows) {
    const key = `${row.sourceId}|${row.metric}|${row.unit}`;
    const list = grouped.get(key) ?? [];
    list.push(row);
    grouped.set(key, list);
  }
  const grid = bucketGrid(query.from, query.to, query.resolution);
  return [...grouped.values()].map((group) => {
    const first = group[0]!;
    const byBucket = new Map(group.map((r) => [r.bucketStart.getTime(), r]));
    return {
      sourceId: first.sourceId,
      networkSlug: first.networkSlug,
      gpuModel: first.gpuModel,
      metric: first.metric as RollupMetric,
      unit: first.unit,
      points: grid.map((at) => {
        const row = byBucket.get(at.getTime());
        return {
          at: at.toISOString(),
          value: row ? row.last : null,
          samples: row?.samples ?? 0,
          runId: row?.lastRunId ?? null,
          observedAt: row?.lastObservedAt.toISOString() ?? null,
        };
      }),
    };
  });
}
