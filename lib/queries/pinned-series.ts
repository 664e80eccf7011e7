/**
 * Series as they were known at a past instant `at`, for pinned embeds: the same shape and the
 * same bucket rule as `readSeries` (the last observation in a bucket wins), but built from the
 * runs themselves rather than from the rollups, so nothing stored after `at` can reach them.
 *
 * Why not the rollups: a rollup bucket is updated in place. A backfill or replay ingested after
 * `at` with an observation time inside an older bucket changes that bucket's `last`, `samples`
 * and run, and the in-progress bucket at `at` keeps filling afterwards. Here a run counts only
 * when it was observed at or before `at` and its fetch had finished by `at` (started_at +
 * duration_ms ≤ at), i.e. it is bitemporal: what the database could have shown at `at`.
 *
 * What can still change a pinned view: a rebuild (re-parsing stored snapshots after an adapter
 * fix) rewrites the points of old runs in place. That is a deliberate correction of history
 * and is not hidden here; HTTP caches that already hold a pinned response keep the old one.
 */
import { and, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pricePoints, scrapeRuns, supplyPoints } from '@/db/schema';
import { chartBucketStart, nextBucketStart } from '../buckets';
import { markGaps } from '../gaps';
import { sourceScheduleMinutes } from '../source-schedule';
import { PRICE_STATISTICS, SUPPLY_STATUSES, type PriceStatistic, type RollupMetric, type SupplyStatus } from '../vocabulary';
import { bucketGrid, type Series, type SeriesQuery } from './series';

export interface PinnedSeriesQuery extends SeriesQuery {
  /** The instant the view is pinned to. */
  at: Date;
}

/** One figure of one successful run, as the pinned read sees it. */
export interface RunFigure {
  runId: number;
  sourceId: string;
  networkSlug: string;
  observedAt: Date;
  /** When the run's fetch finished: started_at + duration_ms. */
  knownAt: Date;
  gpuModel: string;
  metric: RollupMetric;
  unit: string;
  value: number;
}

/**
 * Pure: buckets the figures known at `at` the way ingest builds rollups (the latest
 * observation in a bucket is its value; samples counts the runs), over the query's grid.
 * Groups with no figure in the window are left out, as `readSeries` does.
 */
export function pinnedSeriesFromFigures(figures: readonly RunFigure[], query: PinnedSeriesQuery): Series[] {
  const grid = bucketGrid(query.from, query.to, query.resolution);
  if (grid.length === 0) return [];
  const gridStart = grid[0]!.getTime();
  const gridEnd = nextBucketStart(grid[grid.length - 1]!, query.resolution).getTime();
  type Bucket = { last: RunFigure; samples: number };
  const groups = new Map<string, { first: RunFigure; buckets: Map<number, Bucket> }>();
  for (const figure of figures) {
    const observed = figure.observedAt.getTime();
    if (observed > query.at.getTime() || figure.knownAt.getTime() > query.at.getTime()) continue;
    if (observed < gridStart || observed >= gridEnd) continue;
    if (figure.gpuModel !== query.gpuModel || !query.metrics.includes(figure.metric)) continue;
    if (query.networkSlug && figure.networkSlug !== query.networkSlug) continue;
    if (query.sourceIds && !query.sourceIds.includes(figure.sourceId)) continue;
    const key = `${figure.sourceId}|${figure.metric}|${figure.unit}`;
    const group = groups.get(key) ?? { first: figure, buckets: new Map<number, Bucket>() };
    groups.set(key, group);
    const at = chartBucketStart(figure.observedAt, query.resolution).getTime();
    const bucket = group.buckets.get(at);
    if (!bucket) group.buckets.set(at, { last: figure, samples: 1 });
    else {
      bucket.samples += 1;
      // Same rule as applyRollups: the latest observation in the bucket wins.
      if (observed >= bucket.last.observedAt.getTime()) bucket.last = figure;
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.first.sourceId.localeCompare(b.first.sourceId) || a.first.metric.localeCompare(b.first.metric))
    .map(({ first, buckets }) => ({
      sourceId: first.sourceId,
      networkSlug: first.networkSlug,
      gpuModel: first.gpuModel,
      metric: first.metric,
      unit: first.unit,
      points: grid.map((at) => {
        const bucket = buckets.get(at.getTime());
        return {
          at: at.toISOString(),
          value: bucket ? bucket.last.value : null,
          samples: bucket?.samples ?? 0,
          runId: bucket?.last.runId ?? null,
          observedAt: bucket?.last.observedAt.toISOString() ?? null,
        };
      }),
    }));
}

const isSupplyStatus = (metric: RollupMetric): metric is SupplyStatus => (SUPPLY_STATUSES as readonly string[]).includes(metric);
const priceStatisticOf = (metric: RollupMetric): PriceStatistic | null => {
  const statistic = metric.startsWith('price_') ? metric.slice('price_'.length) : '';
  return PRICE_STATISTICS.find((s) => s === statistic) ?? null;
};

/** readSeries as of `at`: see the header. */
export async function readPinnedSeries(db: Database, query: PinnedSeriesQuery): Promise<Series[]> {
  const grid = bucketGrid(query.from, query.to, query.resolution);
  if (grid.length === 0) return [];
  const from = grid[0]!;
  const end = new Date(Math.min(nextBucketStart(grid[grid.length - 1]!, query.resolution).getTime(), query.at.getTime() + 1));
  const runConditions = [
    eq(scrapeRuns.outcome, 'ok'),
    gte(scrapeRuns.observedAt, from),
    lt(scrapeRuns.observedAt, end),
    // The fetch-finished refinement (duration) is applied in pinnedSeriesFromFigures.
    lte(scrapeRuns.startedAt, query.at),
  ];
  if (query.networkSlug) runConditions.push(eq(scrapeRuns.networkSlug, query.networkSlug));
  if (query.sourceIds) runConditions.push(inArray(scrapeRuns.sourceId, [...query.sourceIds]));
  // A run whose figures equal its predecessor's stores none: its figures are that run's points.
  const pointsRun = sql`coalesce(${scrapeRuns.pointsFromRunId}, ${scrapeRuns.id})`;
  const run = {
    runId: scrapeRuns.id,
    sourceId: scrapeRuns.sourceId,
    observedAt: scrapeRuns.observedAt,
    startedAt: scrapeRuns.startedAt,
    durationMs: scrapeRuns.durationMs,
  };

  const figures: RunFigure[] = [];
  const knownAt = (r: { startedAt: Date; durationMs: number }) => new Date(r.startedAt.getTime() + r.durationMs);
  const statuses = query.metrics.filter(isSupplyStatus);
  if (statuses.length > 0) {
    const rows = await db
      .select({ ...run, networkSlug: supplyPoints.networkSlug, gpuModel: supplyPoints.gpuModel, status: supplyPoints.status, unit: supplyPoints.unit, quantity: supplyPoints.quantity })
      .from(scrapeRuns)
      .innerJoin(supplyPoints, eq(supplyPoints.scrapeRunId, pointsRun))
      .where(and(...runConditions, eq(supplyPoints.gpuModel, query.gpuModel), inArray(supplyPoints.status, statuses)));
    for (const row of rows) {
      const metric = SUPPLY_STATUSES.find((s) => s === row.status);
      if (!metric) continue;
      figures.push({ runId: row.runId, sourceId: row.sourceId, networkSlug: row.networkSlug, observedAt: row.observedAt, knownAt: knownAt(row), gpuModel: row.gpuModel, metric, unit: row.unit, value: row.quantity });
    }
  }
  const statistics = query.metrics.map(priceStatisticOf).filter((s): s is PriceStatistic => s !== null);
  if (statistics.length > 0) {
    const rows = await db
      .select({ ...run, networkSlug: pricePoints.networkSlug, gpuModel: pricePoints.gpuModel, statistic: pricePoints.statistic, usdPerGpuHour: pricePoints.usdPerGpuHour })
      .from(scrapeRuns)
      .innerJoin(pricePoints, eq(pricePoints.scrapeRunId, pointsRun))
      .where(and(...runConditions, eq(pricePoints.gpuModel, query.gpuModel), inArray(pricePoints.statistic, statistics)));
    for (const row of rows) {
      const statistic = PRICE_STATISTICS.find((s) => s === row.statistic);
      if (!statistic) continue;
      figures.push({
        runId: row.runId,
        sourceId: row.sourceId,
        networkSlug: row.networkSlug,
        observedAt: row.observedAt,
        knownAt: knownAt(row),
        gpuModel: row.gpuModel,
        metric: `price_${statistic}`,
        unit: 'usd_per_gpu_hour',
        value: row.usdPerGpuHour,
      });
    }
  }
  // Gaps as readSeries marks them, so a pinned embed breaks its lines where a live one does.
  return pinnedSeriesFromFigures(figures, query).map((s) => ({ ...s, points: markGaps(s.points, sourceScheduleMinutes(s.sourceId) * 60_000, query.to) }));
}
