/**
 * Reality ratio: rentable ÷ claimed (both in GPUs, network totals), per network, per bucket,
 * and a league table of the latest ratio with its trend over the window. Each side comes from
 * the one source declared for it (reality-sides.ts); a bucket where either side was not
 * observed is a gap (null), never zero and never a ratio of some other source.
 */
import type { Thresholds } from './thresholds';
import { evidenceOf, observedPoints, quantile, timeOf } from './observed';
import { realityRatio, realitySides } from './reality-sides';
import type { Evidence, SourceSeries } from './types';

export interface RealityPoint {
  at: string;
  /** rentable ÷ claimed; null when either side is unobserved or the claim is not positive. */
  ratio: number | null;
  rentable: Evidence | null;
  /** The claimed side's figure (the field keeps its v1 name). */
  largestClaim: Evidence | null;
}

interface Bucket {
  at: string;
  claim: Evidence | null;
  rentable: Evidence | null;
}

/** The network's series for its two declared sides; claims not in GPUs never count. */
export function realityRatioSeries(input: {
  network: string;
  claims: readonly SourceSeries[];
  rentable: readonly SourceSeries[];
}): RealityPoint[] {
  const sides = realitySides(input.network);
  if (!sides) return [];
  const buckets = new Map<number, Bucket>();
  const bucket = (at: string): Bucket => {
    const t = timeOf(at);
    const found = buckets.get(t);
    if (found) return found;
    const made: Bucket = { at, claim: null, rentable: null };
    buckets.set(t, made);
    return made;
  };
  const side = (series: readonly SourceSeries[], sourceId: string) =>
    series.filter((s) => s.sourceId === sourceId && (s.unit ?? 'gpus') === 'gpus');
  for (const series of side(input.claims, sides.claimed)) {
    for (const p of series.points) bucket(p.at);
    for (const p of observedPoints(series.points)) bucket(p.at).claim = evidenceOf(series.sourceId, 'claimed', p);
  }
  for (const series of side(input.rentable, sides.rentable)) {
    for (const p of series.points) bucket(p.at);
    for (const p of observedPoints(series.points)) bucket(p.at).rentable = evidenceOf(series.sourceId, 'rentable', p);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([, b]) => ({
      at: b.at,
      ratio: realityRatio(b.claim?.value, b.rentable?.value),
      rentable: b.rentable,
      largestClaim: b.claim,
    }));
}

export type Trend = 'up' | 'down' | 'flat' | 'unknown';

export interface LeagueRow {
  network: string;
  /** 1 = most of its claim rentable; null when the network has no ratio in the window. */
  rank: number | null;
  latest: RealityPoint | null;
  /** Median ratio over the first and the last quarter of observed buckets (at least one each). */
  start: number | null;
  end: number | null;
  /** end − start, in ratio units, and end ÷ start − 1 in percent (null from a start of zero). */
  change: number | null;
  changePercent: number | null;
  trend: Trend;
  /** Buckets with a ratio, and buckets in the window. */
  observed: number;
  buckets: number;
}

/**
 * The league: networks ranked by their latest ratio, highest first; networks without one come
 * last, unranked. The trend compares the median of the first quarter of observed ratios with
 * the median of the last quarter, so one odd snapshot does not turn it.
 */
export function realityLeague(
  networks: readonly { network: string; points: readonly RealityPoint[] }[],
  thresholds: Pick<Thresholds, 'realityTrendFlatPercent'>,
): LeagueRow[] {
  const rows = networks.map(({ network, points }): LeagueRow => {
    const observed = points.filter((p): p is RealityPoint & { ratio: number } => p.ratio !== null);
    const quarter = Math.max(1, Math.floor(observed.length / 4));
    const start = observed.length >= 2 ? quantile(observed.slice(0, quarter).map((p) => p.ratio), 0.5) : null;
    const end = observed.length >= 2 ? quantile(observed.slice(-quarter).map((p) => p.ratio), 0.5) : null;
    const change = start !== null && end !== null ? end - start : null;
    const changePercent = start !== null && end !== null && start > 0 ? (end / start - 1) * 100 : null;
    let trend: Trend = 'unknown';
    if (start !== null && end !== null) {
      if (changePercent !== null) trend = Math.abs(changePercent) <= thresholds.realityTrendFlatPercent ? 'flat' : changePercent > 0 ? 'up' : 'down';
      else trend = end > 0 ? 'up' : 'flat';
    }
    return { network, rank: null, latest: observed.at(-1) ?? null, start, end, change, changePercent, trend, observed: observed.length, buckets: points.length };
  });
  const ranked = rows
    .filter((r) => r.latest !== null)
    .sort((a, b) => (b.latest?.ratio ?? 0) - (a.latest?.ratio ?? 0) || a.network.localeCompare(b.network));
  ranked.forEach((r, i) => {
    r.rank = i + 1;
  });
  const unranked = rows.filter((r) => r.latest === null).sort((a, b) => a.network.localeCompare(b.network));
  return [...ranked, ...unranked];
}
