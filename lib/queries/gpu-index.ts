/**
 * Reads for the GPU index (lib/analytics/gpu-index.ts): one model's rollup series over a
 * window (or, pinned, the runs known at an instant), shaped into index values by the pure
 * rules. Bounded like every chart read: buckets of the window times the sources of one model,
 * hourly only over the spans the view state allows.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { pricePoints, scrapeRuns, sources } from '@/db/schema';
import {
  indexHeadline,
  indexMoves,
  indexValue,
  quotesByBucket,
  referencePrice,
  type IndexHeadline,
  type IndexMove,
  type IndexValue,
  type ReferencePrice,
  type SourceQuote,
} from '../analytics/gpu-index';
// The AWS reference line is defined once, for /compare and here alike: the live file first,
// the committed table where it has no value, the list price carried forward.
import { mergeAwsPoints } from '../charts/compare';
import { findNetwork } from '../networks';
import { bucketSizeMs } from '../ingest/rollups';
import { chartBucketStart } from '../buckets';
import type { RollupMetric, RollupResolution } from '../vocabulary';
import { readPinnedSeries } from './pinned-series';
import { bucketGrid, readSeries, type Series } from './series';

const DAY_MS = 86_400_000;
const INDEX_METRICS: readonly RollupMetric[] = ['rentable', 'price_min', 'price_p25', 'price_median'];
/** How far back an AWS list price is looked for, to carry it into a window with no AWS scrape. */
const AWS_LOOKBACK_DAYS = 400;
/** The headline compares with the daily values 7 and 30 days back. */
const HEADLINE_DAYS = 31;

export interface IndexWindow {
  from: Date;
  to: Date;
  resolution: RollupResolution;
  /** Pinned: only what was stored by this instant. */
  at?: Date | null;
}

const kindOf = (slug: string) => findNetwork(slug)?.kind;

async function read(db: Database, query: Parameters<typeof readSeries>[1], at: Date | null | undefined): Promise<Series[]> {
  return at ? readPinnedSeries(db, { ...query, at }) : readSeries(db, query);
}

/** Pure: index values on every bucket of the window, from the model's series and the AWS lookback. */
export function indexValuesFromSeries(model: string, window: IndexWindow, series: readonly Series[], awsBefore: readonly Series[]): IndexValue[] {
  const depin = quotesByBucket(series, kindOf, 'depin');
  const vastai = quotesByBucket(series, kindOf, 'marketplace');
  // Earlier AWS buckets first, so the last list price before the window carries into it.
  const awsSeries = [...awsBefore, ...series.filter((s) => s.networkSlug === 'aws')];
  const aws = new Map(mergeAwsPoints(awsSeries, '8gpu').map((p) => [p.at, p]));
  return bucketGrid(window.from, window.to, window.resolution).map((bucket) => {
    const at = bucket.toISOString();
    const awsPoint = aws.get(at);
    const awsPrice: ReferencePrice | null =
      awsPoint && awsPoint.value !== null ? { usdPerGpuHour: awsPoint.value, runId: awsPoint.runId, observedAt: awsPoint.observedAt } : null;
    return indexValue({ model, at, depinQuotes: depin.get(at) ?? [], aws: awsPrice, vastai: referencePrice(vastai.get(at) ?? []) });
  });
}

const lookbackRow = z.object({
  source_id: z.string(),
  network_slug: z.string(),
  unit: z.string(),
  bucket_start: z.union([z.date(), z.string()]).transform((v) => new Date(v)),
  samples: z.coerce.number(),
  last: z.coerce.number(),
  last_observed_at: z.union([z.date(), z.string()]).transform((v) => new Date(v)),
  last_run_id: z.coerce.number(),
});

/**
 * The newest daily AWS price of the model before `before` (within the lookback), per AWS
 * source: all the carry-forward of mergeAwsPoints takes from the days before a window, since a
 * bucket inside it with no AWS price carries the latest earlier value across the sources. One
 * step back per source (series_latest lists them, the model index finds the day), instead of
 * every day of the lookback.
 */
async function readAwsBefore(db: Database, model: string, before: Date): Promise<Series[]> {
  const since = chartBucketStart(new Date(before.getTime() - AWS_LOOKBACK_DAYS * DAY_MS), 'day');
  const rows = await selectRows(
    db,
    sql`
      select r.source_id, r.network_slug, r.unit, r.bucket_start, r.samples, r.last, r.last_observed_at, r.last_run_id
      from (select distinct source_id, unit from series_latest where network_slug = 'aws' and gpu_model = ${model} and metric = 'price_median') s
      cross join lateral (
        select source_id, network_slug, unit, bucket_start, samples, last, last_observed_at, last_run_id from series_rollups
        where gpu_model = ${model} and metric = 'price_median' and resolution = 'day' and source_id = s.source_id and unit = s.unit
          and network_slug = 'aws' and bucket_start >= ${since.toISOString()}::timestamptz and bucket_start < ${before.toISOString()}::timestamptz
        order by bucket_start desc limit 1
      ) r
      order by r.source_id, r.unit`,
    lookbackRow,
  );
  return rows.map((r) => ({
    sourceId: r.source_id,
    networkSlug: r.network_slug,
    gpuModel: model,
    metric: 'price_median',
    unit: r.unit,
    points: [{ at: r.bucket_start.toISOString(), value: r.last, samples: r.samples, runId: r.last_run_id, observedAt: r.last_observed_at.toISOString() }],
  }));
}

/** One model's index values over a window, one per bucket (unpublished buckets say why). */
export async function readIndexValues(db: Database, model: string, window: IndexWindow): Promise<IndexValue[]> {
  const base = { gpuModel: model, from: window.from, to: window.to, resolution: window.resolution };
  const [series, awsBefore] = await Promise.all([
    read(db, { ...base, metrics: INDEX_METRICS }, window.at),
    // Pinned, the lookback is read as it was known then (the rollups are updated in place).
    window.at
      ? readPinnedSeries(db, {
          gpuModel: model,
          networkSlug: 'aws',
          metrics: ['price_median'],
          from: new Date(window.from.getTime() - AWS_LOOKBACK_DAYS * DAY_MS),
          to: window.from,
          resolution: 'day',
          at: window.at,
        })
      : readAwsBefore(db, model, window.from),
  ]);
  return indexValuesFromSeries(model, window, series, awsBefore);
}

/** The headline of one model as of `now` (or the pinned instant): daily values of the last 31 days. */
export async function readIndexHeadline(db: Database, model: string, now: Date, at?: Date | null): Promise<IndexHeadline> {
  const end = at ?? now;
  const today = Math.floor(end.getTime() / DAY_MS) * DAY_MS;
  const daily = await readIndexValues(db, model, { from: new Date(today - (HEADLINE_DAYS - 1) * DAY_MS), to: end, resolution: 'day', at });
  return indexHeadline(model, daily);
}

/**
 * For the feeds: moves of a model's index beyond `thresholdPercent` whose later value lies in
 * [from, to), at the given resolution. Reads one bucket further back than `from`, so a move into
 * the window's first bucket is seen; a longer unpublished run before it simply has no move.
 */
export async function readIndexMoves(
  db: Database,
  options: { model: string; from: Date; to: Date; resolution: RollupResolution; thresholdPercent: number },
): Promise<IndexMove[]> {
  const size = bucketSizeMs(options.resolution);
  const values = await readIndexValues(db, options.model, { from: new Date(options.from.getTime() - size), to: options.to, resolution: options.resolution });
  return indexMoves(values, options);
}

// ---------------------------------------------------------------- evidence of one value

/** A quote as the evidence shows it: what the rules read, and where it came from. */
export interface IndexEvidenceQuote extends SourceQuote {
  sourceName: string;
  /** Listings behind the price statistics, as the run stored them. */
  listings: number | null;
  snapshotSha256: string | null;
  rawUrl: string | null;
  /** The network's price was left out as an outlier. */
  outlier: boolean;
}

export interface IndexEvidence {
  value: IndexValue;
  resolution: RollupResolution;
  quotes: IndexEvidenceQuote[];
}

/** One index value with every quote behind it: source, price, quantity, run and raw snapshot. */
export async function readIndexEvidence(db: Database, model: string, bucket: Date, resolution: RollupResolution): Promise<IndexEvidence> {
  const size = bucketSizeMs(resolution);
  const start = new Date(Math.floor(bucket.getTime() / size) * size);
  const [value] = await readIndexValues(db, model, { from: start, to: new Date(start.getTime() + size), resolution });
  if (!value) throw new Error('an index window of one bucket has one value');
  const quotes = value.contributions.flatMap((c) => c.sources.map((s) => ({ ...s, outlier: c.outlier })));
  const runIds = quotes.map((q) => q.runId);
  const runs =
    runIds.length === 0
      ? []
      : await db
          .select({ id: scrapeRuns.id, sha256: scrapeRuns.snapshotSha256, pointsRun: sql<number>`coalesce(${scrapeRuns.pointsFromRunId}, ${scrapeRuns.id})`.mapWith(Number) })
          .from(scrapeRuns)
          .where(inArray(scrapeRuns.id, runIds));
  const pointsRuns = [...new Set(runs.map((r) => r.pointsRun))];
  const listings =
    pointsRuns.length === 0
      ? []
      : await db
          .select({ runId: pricePoints.scrapeRunId, listings: pricePoints.listings })
          .from(pricePoints)
          .where(and(inArray(pricePoints.scrapeRunId, pointsRuns), eq(pricePoints.gpuModel, model), eq(pricePoints.statistic, 'median')));
  const sourceIds = [...new Set(quotes.map((q) => q.sourceId))];
  const names = sourceIds.length === 0 ? [] : await db.select({ id: sources.id, name: sources.name }).from(sources).where(inArray(sources.id, sourceIds));
  const runById = new Map(runs.map((r) => [r.id, r]));
  const listingsByRun = new Map(listings.map((l) => [Number(l.runId), l.listings]));
  const nameById = new Map(names.map((n) => [n.id, n.name]));
  return {
    value,
    resolution,
    quotes: quotes.map((q) => {
      const run = runById.get(q.runId);
      return {
        ...q,
        sourceName: nameById.get(q.sourceId) ?? q.sourceId,
        listings: run ? (listingsByRun.get(run.pointsRun) ?? null) : null,
        snapshotSha256: run?.sha256 ?? null,
        rawUrl: run?.sha256 ? `/api/v1/snapshots/${run.sha256}` : null,
      };
    }),
  };
}
