/**
 * Feeds the pure analytics of lib/analytics: the flags from the window's scrape runs
 * (observations.ts), the derived views (reality ratio, dependability) from the rollups, per
 * network. Costly only in what it reads, and cached by the API layer's ETag.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { claims } from '@/db/schema';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { costClaimVerdict, measuredSaving, type CostClaimVerdict, type MeasuredSaving } from '../analytics/cost-claims';
import { dependability, type Dependability } from '../analytics/dependability';
import { networkFlags } from '../analytics/flags';
import { realityLeague, realityRatioSeries, type LeagueRow, type RealityPoint } from '../analytics/reality';
import type { Thresholds } from '../analytics/thresholds';
import type { Flag, SourceSeries, SupplySeries } from '../analytics/types';
import { isUnknownModel } from '../gpu-models';
import { NETWORKS } from '../networks';
import { ALL_MODELS } from '../vocabulary';
import type { TimeWindow } from '../view-state';
import { readObservations, type CappedSource, type NetworkObservations, type Observations } from './observations';
import { readSeries, type Series } from './series';

export interface NetworkInputs {
  network: string;
  claims: SourceSeries[];
  supply: SupplySeries[];
}

const toSource = (s: Series): SourceSeries => ({ sourceId: s.sourceId, unit: s.unit, points: s.points });

export async function readNetworkInputs(db: Database, window: TimeWindow): Promise<NetworkInputs[]> {
  const series = await readSeries(db, {
    gpuModel: 'all',
    metrics: ['claimed', 'free', 'rentable'],
    from: window.from,
    to: window.to,
    resolution: window.resolution,
  });
  return NETWORKS.filter((n) => n.kind !== 'cloud').map((n) => {
    const mine = series.filter((s) => s.networkSlug === n.slug);
    return {
      network: n.slug,
      claims: mine.filter((s) => s.metric === 'claimed').map(toSource),
      supply: mine
        .filter((s) => s.metric === 'free' || s.metric === 'rentable')
        .map((s) => ({ ...toSource(s), status: s.metric === 'free' ? ('free' as const) : ('rentable' as const) })),
    };
  });
}

export interface FlagsReport {
  flags: Flag[];
  /** Networks examined, so "no flags" can be told from "no data". */
  networks: { network: string; claimSources: number; supplySources: number }[];
  /** Sources whose window held more runs than flags read (see MAX_RUNS_PER_SOURCE): flags cover their newest runs only. */
  capped: CappedSource[];
}

/**
 * Memo of one network's flags by the runs they came from: the preset ranges of a refresh
 * (lib/queries/analytics-state.ts) share their oldest runs, and 90 days, a year and "all" often
 * read the very same runs (MAX_RUNS_PER_SOURCE), so their rules run once.
 */
export type FlagsMemo = Map<string, Flag[]>;

/** What a network's series are cut from: each series a suffix of its source's runs, so its first time and length name it. */
function observationsKey(i: NetworkObservations): string {
  const series = [...i.claims.map((c) => ({ ...c, status: 'claimed' })), ...i.supply];
  return series.map((s) => `${s.sourceId}|${s.status}|${s.unit}|${s.points[0]?.at}|${s.points.length}`).join(',');
}

/** The flags report of observations already read (readFlags, and the stored state of every preset range). */
export function flagsReportOf(observed: Observations, thresholds: Thresholds, memo?: FlagsMemo): FlagsReport {
  const flagsOf = (i: NetworkObservations) => {
    if (!memo) return networkFlags(i, thresholds);
    const key = `${i.network}#${observationsKey(i)}`;
    const known = memo.get(key);
    if (known) return known;
    const flags = networkFlags(i, thresholds);
    memo.set(key, flags);
    return flags;
  };
  return {
    flags: observed.networks.flatMap(flagsOf).sort((a, b) => b.to.localeCompare(a.to) || a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from)),
    networks: observed.networks.map((i) => ({ network: i.network, claimSources: i.claims.length, supplySources: i.supply.length })),
    capped: observed.capped,
  };
}

/** The report of every network narrowed to one: each network's flags, counts and caps are its own. */
export function flagsReportFor(report: FlagsReport, network: string | undefined): FlagsReport {
  if (!network) return report;
  return {
    flags: report.flags.filter((f) => f.network === network),
    networks: report.networks.filter((n) => n.network === network),
    capped: report.capped.filter((c) => c.network === network),
  };
}

/** The networks flags are computed for (cloud references are the baseline, not claims). */
export function flaggedNetworks(network?: string): string[] {
  return NETWORKS.filter((n) => n.kind !== 'cloud' && (!network || n.slug === network)).map((n) => n.slug);
}

/**
 * Flags of the window, from every scrape run in it (lib/queries/observations.ts), never from
 * display buckets: `window.resolution` plays no part, so hourly and daily pages agree. Reads
 * each source's newest `maxRunsPerSource` runs at most (MAX_RUNS_PER_SOURCE by default).
 */
export async function readFlags(db: Database, window: TimeWindow, thresholds: Thresholds, network?: string, maxRunsPerSource?: number): Promise<FlagsReport> {
  const observed = await readObservations(db, { from: window.from, to: window.to, networks: flaggedNetworks(network), maxRunsPerSource });
  return flagsReportOf(observed, thresholds);
}

export interface RealityReport {
  league: LeagueRow[];
  series: { network: string; points: RealityPoint[] }[];
}

export async function readReality(db: Database, window: TimeWindow, thresholds: Thresholds): Promise<RealityReport> {
  const inputs = await readNetworkInputs(db, window);
  const series = inputs.map((i) => ({
    network: i.network,
    points: realityRatioSeries({ network: i.network, claims: i.claims, rentable: i.supply.filter((s) => s.status === 'rentable') }),
  }));
  return { league: realityLeague(series, thresholds), series };
}

export interface DependabilityRow {
  network: string;
  sourceId: string;
  gpuModel: string;
  stats: Dependability;
}

/**
 * Per network, rentable source and GPU model: how often at least k GPUs could be rented. Every
 * model's rentable series in one read of the window's rollups (a read per model scanned the
 * window's buckets once per model: 30 times over).
 */
export async function readDependability(db: Database, window: TimeWindow, thresholds: Thresholds): Promise<DependabilityRow[]> {
  // The models with a rentable bucket inside the window itself, as before (a folded week may start before it).
  const rows = await selectRows(
    db,
    sql`select distinct gpu_model from series_rollups
        where metric = 'rentable' and resolution = ${window.resolution}
          and bucket_start >= ${window.from.toISOString()}::timestamptz and bucket_start < ${window.to.toISOString()}::timestamptz`,
    z.object({ gpu_model: z.string() }),
  );
  const models = new Set(rows.map((r) => r.gpu_model).filter((m) => !isUnknownModel(m)));
  const series = await readSeries(db, { gpuModel: ALL_MODELS, everyModel: true, metrics: ['rentable'], from: window.from, to: window.to, resolution: window.resolution });
  const out: DependabilityRow[] = series
    .filter((s) => models.has(s.gpuModel))
    .map((s) => ({ network: s.networkSlug, sourceId: s.sourceId, gpuModel: s.gpuModel, stats: dependability(s.points, { k: thresholds.dependabilityK }) }));
  return out.sort((a, b) => a.network.localeCompare(b.network) || a.gpuModel.localeCompare(b.gpuModel) || a.sourceId.localeCompare(b.sourceId));
}

const latestPriceSchema = z.object({
  network_slug: z.string(),
  source_id: z.string(),
  gpu_model: z.string(),
  metric: z.string(),
  last: z.coerce.number(),
});

export interface CostClaimCheck {
  claimId: string;
  network: string;
  text: string;
  claimPercent: number;
  sourceUrl: string;
  seenAt: string;
  perModel: { gpuModel: string; measured: MeasuredSaving; verdict: CostClaimVerdict }[];
}

/**
 * "Up to 90% cheaper than AWS", against the latest measured prices: for every GPU model the
 * network prices and AWS sells, the saving of its median and cheapest listing against AWS's
 * 1-GPU size and 8-GPU size ÷ 8.
 */
export async function readCostClaims(db: Database, thresholds: Thresholds): Promise<CostClaimCheck[]> {
  const latest = await selectRows(
    db,
    // series_latest holds each series' newest daily bucket (kept by migration 0006's triggers):
    // one row per series, however many days are stored.
    sql`select distinct on (source_id, gpu_model, metric) network_slug, source_id, gpu_model, metric, last
        from series_latest
        where metric in ('price_min', 'price_median')
        order by source_id, gpu_model, metric, bucket_start desc`,
    latestPriceSchema,
  );
  // AWS: live sources first, the committed reference table only where live has nothing.
  const aws = (sizing: '1gpu' | '8gpu', model: string) => {
    const live = latest.find((r) => r.source_id === `aws-ec2-ondemand-${sizing}` && r.gpu_model === model && r.metric === 'price_median');
    const reference = latest.find(
      (r) => r.source_id === (sizing === '8gpu' ? 'aws-reference-table' : 'aws-reference-table-1gpu') && r.gpu_model === model && r.metric === 'price_median',
    );
    return (live ?? reference)?.last ?? null;
  };
  const costClaims = await db
    .select()
    .from(claims)
    .where(and(eq(claims.kind, 'cost'), eq(claims.unit, 'percent')))
    .orderBy(asc(claims.networkSlug), asc(claims.id));
  return costClaims.map((claim) => {
    const mine = latest.filter((r) => r.network_slug === claim.networkSlug);
    const models = [...new Set(mine.map((r) => r.gpu_model))].filter((m) => aws('1gpu', m) !== null || aws('8gpu', m) !== null);
    const perModel = models.map((gpuModel) => {
      const prices = mine.filter((r) => r.gpu_model === gpuModel);
      const lowest = (metric: string) => {
        const values = prices.filter((r) => r.metric === metric).map((r) => r.last);
        return values.length ? Math.min(...values) : null;
      };
      const measured = measuredSaving({
        networkMedian: lowest('price_median'),
        networkMin: lowest('price_min'),
        awsOnDemand1Gpu: aws('1gpu', gpuModel),
        awsOnDemand8GpuPerGpu: aws('8gpu', gpuModel),
      });
      return { gpuModel, measured, verdict: costClaimVerdict(claim.figure, measured, thresholds) };
    });
    return { claimId: claim.id, network: claim.networkSlug, text: claim.text, claimPercent: claim.figure, sourceUrl: claim.sourceUrl, seenAt: claim.seenAt, perModel };
  });
}
