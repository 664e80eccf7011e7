/**
 * The read side of one network's page, beyond what the JSON API serves: supply per GPU model
 * (for the stacked chart), the latest figures of every source of the network (for the table,
 * one row per source so disagreeing sources stay visible), and which GPU models have prices.
 */
import { and, asc, eq, gte, inArray, lt, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesLatest, seriesRollups, sources } from '@/db/schema';
import { chartBucketStart, foldBuckets, storedResolution } from '../buckets';
import { ALL_MODELS, type ChartResolution, type SupplyStatus } from '../vocabulary';
import { markGaps } from '../gaps';
import { sourceScheduleMinutes } from '../source-schedule';
import { readLatestFigures, type LatestFigures } from './latest';
import { bucketGrid, SERIES_COLUMNS, type Series } from './series';

export interface ModelSeriesQuery {
  networkSlug: string;
  status: SupplyStatus;
  from: Date;
  to: Date;
  resolution: ChartResolution;
}

/**
 * One series per source and GPU model (network totals left out) for one status, in GPUs, on
 * the full bucket grid: buckets without a figure are null, never zero.
 */
export async function readNetworkModelSeries(db: Database, query: ModelSeriesQuery): Promise<Series[]> {
  const rows = await db
    .select(SERIES_COLUMNS)
    .from(seriesRollups)
    .where(
      and(
        eq(seriesRollups.networkSlug, query.networkSlug),
        eq(seriesRollups.metric, query.status),
        eq(seriesRollups.resolution, storedResolution(query.resolution)),
        eq(seriesRollups.unit, 'gpus'),
        ne(seriesRollups.gpuModel, ALL_MODELS),
        gte(seriesRollups.bucketStart, chartBucketStart(query.from, query.resolution)),
        lt(seriesRollups.bucketStart, query.to),
      ),
    )
    .orderBy(asc(seriesRollups.sourceId), asc(seriesRollups.gpuModel), asc(seriesRollups.bucketStart));

  const grouped = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const key = `${row.sourceId}|${row.gpuModel}`;
    const list = grouped.get(key) ?? [];
    list.push(row);
    grouped.set(key, list);
  }
  const grid = bucketGrid(query.from, query.to, query.resolution);
  const series: Series[] = [];
  for (const group of grouped.values()) {
    const first = group[0];
    if (!first) continue;
    const byBucket = foldBuckets(group, query.resolution);
    series.push({
      sourceId: first.sourceId,
      networkSlug: first.networkSlug,
      gpuModel: first.gpuModel,
      metric: query.status,
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
    });
  }
  return series;
}

export interface SourceLatestFigures extends LatestFigures {
  sourceName: string;
  evidenceGrade: string;
}

/** The latest successful figures of each of the network's sources that has some, by source id. */
export async function readNetworkLatestFigures(db: Database, networkSlug: string): Promise<SourceLatestFigures[]> {
  const own = await db
    .select({ id: sources.id, name: sources.name, evidenceGrade: sources.evidenceGrade })
    .from(sources)
    .where(eq(sources.networkSlug, networkSlug))
    .orderBy(asc(sources.id));
  const figures: SourceLatestFigures[] = [];
  // One source at a time: PGlite runs one query at a time anyway, and a network has a handful.
  for (const source of own) {
    const latest = await readLatestFigures(db, source.id);
    if (latest && latest.models.length > 0) figures.push({ ...latest, sourceName: source.name, evidenceGrade: source.evidenceGrade });
  }
  return figures;
}

export interface PriceModels {
  /** GPU models the network has a price for, at any time. */
  models: string[];
  /** GPU models the AWS reference has a price for. */
  awsModels: string[];
}

/**
 * Which GPU models can be put on the price chart: every series with a daily price bucket has
 * its row in series_latest (kept by triggers on the rollups), one row a series, so this reads
 * what the sources price, not every day they priced it.
 */
export async function readPriceModels(db: Database, networkSlug: string): Promise<PriceModels> {
  const rows = await db
    .selectDistinct({ networkSlug: seriesLatest.networkSlug, gpuModel: seriesLatest.gpuModel })
    .from(seriesLatest)
    .where(and(inArray(seriesLatest.networkSlug, [networkSlug, 'aws']), eq(seriesLatest.metric, 'price_median'), ne(seriesLatest.gpuModel, ALL_MODELS)));
  const of = (slug: string) => [...new Set(rows.filter((r) => r.networkSlug === slug).map((r) => r.gpuModel))].sort();
  return { models: of(networkSlug), awsModels: of('aws') };
}
