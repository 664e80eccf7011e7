/**
 * The open Rentable GPU index: per GPU model and bucket, the DePIN rentable price of a
 * GPU-hour, with AWS on-demand and the marketplace reference (Vast.ai) beside it, never blended
 * in, and the rentable depth at or under it. Pure: rollup series in, index values out, so the
 * page, the API, its CSV, the embed and the feeds all call these very functions.
 *
 * Methodology `gpu-index-v1` (the rules on /methodology say the same, from these constants):
 * 1. A source quotes a model in a bucket only when the same scrape run that published its median
 *    listing price also counted rentable GPUs of that model (more than zero): a list price with
 *    no GPU to rent behind it (Nosana's markets, io.net's market page) is not a rentable price.
 * 2. A network's price is the median of its quoting sources' medians (sources of one network
 *    may list the same GPUs, so they never count as separate providers).
 * 3. Outliers: a network whose price lies more than 3 scaled MADs (1.4826 × the median absolute
 *    deviation) from the median of the network prices is left out. When the MAD is zero (most
 *    networks quote one price) nothing is left out: a zero scale would drop every other price.
 * 4. The index is the median of the remaining network prices, published only when at least 3
 *    networks remain; otherwise the bucket is unpublished with the reason, never a zero.
 * 5. Only canonical model ids: SXM, PCIe and memory sizes are separate ids and never pooled.
 * 6. Depth: per network, the most GPUs one of its sources guarantees at or under the index
 *    price from the quantiles it stored (its median at or under: half its rentable GPUs; its
 *    p25: a quarter; only its cheapest listing: one GPU), summed over DePIN networks. A lower
 *    bound, rounded down, taking GPUs as spread evenly over a source's listings.
 * A change to any rule is a new methodology version (a new series), never a silent change.
 */
import type { NetworkKind } from '../networks';
import type { Series } from '../queries/series';

export const GPU_INDEX_METHODOLOGY = 'gpu-index-v1';
export type GpuIndexMethodology = typeof GPU_INDEX_METHODOLOGY;

/** The models the index is published for: canonical ids of lib/gpu-models.ts. */
export const INDEX_MODELS = [
  'h100-sxm-80gb',
  'h100-pcie-80gb',
  'h200-sxm-141gb',
  'a100-sxm-80gb',
  'a100-pcie-80gb',
  'l40s',
  'rtx-4090',
  'rtx-3090',
] as const;
export type IndexModel = (typeof INDEX_MODELS)[number];
/** The model /index opens on. */
export const DEFAULT_INDEX_MODEL: IndexModel = 'h100-sxm-80gb';

export function isIndexModel(model: string): model is IndexModel {
  return (INDEX_MODELS as readonly string[]).includes(model);
}

/**
 * Every methodology version ever published, newest last. A version is never edited once
 * published: a rule change adds a version (a new series); a restatement of an old value (a
 * source's history re-parsed after a parser fix, `npm run rebuild`) keeps the version and is
 * listed here with its date and reason.
 */
export const GPU_INDEX_VERSIONS: readonly { version: string; since: string; rules: readonly string[]; restatements: readonly { date: string; reason: string }[] }[] = [
  {
    version: 'gpu-index-v1',
    since: '2026-12-03',
    rules: [
      'A source quotes a model in a bucket only when the scrape run that published its median listing price also counted more than zero rentable GPUs of that model: a list price with no GPU to rent behind it is left out.',
      'A network’s price is the median of its quoting sources’ medians; sources of one network never count as separate providers.',
      'A network price more than 3 scaled MADs (1.4826 × median absolute deviation) from the median of network prices is an outlier and left out; with a MAD of zero nothing is left out.',
      'The index is the median of the remaining network prices, published only when at least 3 networks remain; otherwise the bucket is unpublished, with its reason, never zero.',
      'Models are canonical ids: SXM, PCIe and memory sizes are never pooled.',
      'AWS on-demand (8-GPU instance ÷ 8, us-east-1, Linux, list price carried forward) and Vast.ai (a centralised marketplace, by the same source and network rules) are shown beside the index, never in it.',
      'Depth: per DePIN network the most GPUs one of its sources guarantees at or under the index price from its stored quantiles (median at or under: half its rentable GPUs; p25: a quarter; only its cheapest listing: one GPU), summed; a lower bound, rounded down.',
      'Headline: the latest published daily value against AWS in percent, and the change since the daily values 7 and 30 days before (none when that day was unpublished).',
    ],
    restatements: [],
  },
];

/** Networks that must remain after the outlier rule for a value to be published. */
export const MIN_INDEX_NETWORKS = 3;
/** A network price further than this many scaled MADs from the median is an outlier. */
export const OUTLIER_MADS = 3;
/** Scales the MAD to the standard deviation of a normal distribution. */
export const MAD_SCALE = 1.4826;

/** What one source offered of one model in one bucket, all from one scrape run. */
export interface SourceQuote {
  sourceId: string;
  networkSlug: string;
  runId: number;
  observedAt: string;
  medianUsdPerGpuHour: number;
  p25UsdPerGpuHour: number | null;
  minUsdPerGpuHour: number | null;
  rentableGpus: number;
}

export interface NetworkPrice {
  networkSlug: string;
  /** Median of its sources' medians. */
  usdPerGpuHour: number;
  /** Left out by the outlier rule. */
  outlier: boolean;
  /** GPUs its sources guarantee at or under the index price (null when unpublished). */
  depthGpus: number | null;
  sources: SourceQuote[];
}

/** A reference price beside the index (AWS, Vast.ai): never part of it. */
export interface ReferencePrice {
  usdPerGpuHour: number;
  runId: number | null;
  observedAt: string | null;
}

export interface IndexValue {
  methodology: GpuIndexMethodology;
  model: string;
  /** Bucket start, ISO 8601 UTC. */
  at: string;
  published: boolean;
  usdPerGpuHour: number | null;
  /** Why the bucket is unpublished; null when published. */
  reason: string | null;
  /** Networks whose price made the value (outliers excluded). */
  networks: number;
  /** Networks left out by the outlier rule. */
  outlierNetworks: string[];
  depthGpus: number | null;
  aws: ReferencePrice | null;
  vastai: ReferencePrice | null;
  /** (index ÷ AWS − 1) × 100: negative when the index is cheaper. */
  vsAwsPercent: number | null;
  /** The latest observation among the quotes, so every value says how old it is. */
  asOf: string | null;
  /** Every network considered, outliers included, with the quotes behind it. */
  contributions: NetworkPrice[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Network slugs flagged as outliers among (network, price) pairs, by the 3 × scaled MAD rule. */
export function outlierNetworks(prices: readonly { networkSlug: string; usdPerGpuHour: number }[]): Set<string> {
  const center = median(prices.map((p) => p.usdPerGpuHour));
  if (center === null) return new Set();
  const mad = (median(prices.map((p) => Math.abs(p.usdPerGpuHour - center))) ?? 0) * MAD_SCALE;
  if (mad === 0) return new Set();
  return new Set(prices.filter((p) => Math.abs(p.usdPerGpuHour - center) > OUTLIER_MADS * mad).map((p) => p.networkSlug));
}

/** GPUs a quote guarantees at or under `price`, from its stored quantiles (rule 6). */
export function quoteDepth(quote: SourceQuote, price: number): number {
  if (quote.medianUsdPerGpuHour <= price) return Math.floor(quote.rentableGpus * 0.5);
  if (quote.p25UsdPerGpuHour !== null && quote.p25UsdPerGpuHour <= price) return Math.floor(quote.rentableGpus * 0.25);
  if (quote.minUsdPerGpuHour !== null && quote.minUsdPerGpuHour <= price) return Math.min(1, quote.rentableGpus);
  return 0;
}

/** One network's price: the median of its sources' medians (rule 2). */
function networkPrices(quotes: readonly SourceQuote[]): { networkSlug: string; usdPerGpuHour: number; sources: SourceQuote[] }[] {
  const byNetwork = new Map<string, SourceQuote[]>();
  for (const quote of quotes) byNetwork.set(quote.networkSlug, [...(byNetwork.get(quote.networkSlug) ?? []), quote]);
  return [...byNetwork.entries()]
    .map(([networkSlug, sources]) => ({
      networkSlug,
      usdPerGpuHour: median(sources.map((s) => s.medianUsdPerGpuHour)) ?? 0,
      sources: [...sources].sort((a, b) => a.sourceId.localeCompare(b.sourceId)),
    }))
    .sort((a, b) => a.networkSlug.localeCompare(b.networkSlug));
}

const latest = (quotes: readonly SourceQuote[]): string | null =>
  quotes.reduce<string | null>((max, q) => (max === null || q.observedAt > max ? q.observedAt : max), null);

/** A reference market's price in a bucket, by the same source and network rules as the index. */
export function referencePrice(quotes: readonly SourceQuote[]): ReferencePrice | null {
  const prices = networkPrices(quotes);
  const usd = median(prices.map((p) => p.usdPerGpuHour));
  if (usd === null) return null;
  const newest = [...quotes].sort((a, b) => b.observedAt.localeCompare(a.observedAt))[0];
  return { usdPerGpuHour: usd, runId: newest?.runId ?? null, observedAt: newest?.observedAt ?? null };
}

/**
 * The index value of one bucket from the DePIN quotes in it (rules 2–4 and 6), with the
 * references beside it.
 */
export function indexValue(input: {
  model: string;
  at: string;
  depinQuotes: readonly SourceQuote[];
  aws: ReferencePrice | null;
  vastai: ReferencePrice | null;
}): IndexValue {
  const prices = networkPrices(input.depinQuotes);
  const outliers = outlierNetworks(prices);
  const kept = prices.filter((p) => !outliers.has(p.networkSlug));
  const published = kept.length >= MIN_INDEX_NETWORKS;
  const usd = published ? median(kept.map((p) => p.usdPerGpuHour)) : null;
  const contributions: NetworkPrice[] = prices.map((p) => ({
    ...p,
    outlier: outliers.has(p.networkSlug),
    depthGpus: usd === null ? null : Math.max(0, ...p.sources.map((q) => quoteDepth(q, usd))),
  }));
  const reason = published
    ? null
    : prices.length === 0
      ? 'no DePIN network listed this model as rentable at a price in this bucket'
      : `${kept.length} network${kept.length === 1 ? '' : 's'} with rentable listings${outliers.size > 0 ? ` after ${outliers.size} outlier${outliers.size === 1 ? '' : 's'} left out` : ''}; at least ${MIN_INDEX_NETWORKS} are needed`;
  const vsAws = usd !== null && input.aws && input.aws.usdPerGpuHour > 0 ? (usd / input.aws.usdPerGpuHour - 1) * 100 : null;
  return {
    methodology: GPU_INDEX_METHODOLOGY,
    model: input.model,
    at: input.at,
    published,
    usdPerGpuHour: usd,
    reason,
    networks: published ? kept.length : 0,
    outlierNetworks: [...outliers].sort(),
    depthGpus: usd === null ? null : contributions.reduce((sum, c) => sum + (c.depthGpus ?? 0), 0),
    aws: input.aws,
    vastai: input.vastai,
    vsAwsPercent: vsAws,
    asOf: latest(kept.flatMap((p) => p.sources)) ?? latest(input.depinQuotes),
    contributions,
  };
}

// ---------------------------------------------------------------- from rollup series

/**
 * The quotes in each bucket of a model's rollup series (price_median, price_p25, price_min and
 * rentable per source), keyed by bucket start. Rule 1: a source quotes only when its median and
 * a rentable count above zero come from the same run.
 */
export function quotesByBucket(series: readonly Series[], networkKind: (slug: string) => NetworkKind | undefined, kind: NetworkKind): Map<string, SourceQuote[]> {
  const bySource = new Map<string, Partial<Record<string, Series>>>();
  for (const s of series) {
    if (networkKind(s.networkSlug) !== kind) continue;
    const metrics = bySource.get(s.sourceId) ?? {};
    // Rentable is counted in GPUs; a count of nodes says nothing of GPUs at a price.
    if (s.metric === 'rentable' && s.unit !== 'gpus') continue;
    metrics[s.metric] = s;
    bySource.set(s.sourceId, metrics);
  }
  const out = new Map<string, SourceQuote[]>();
  for (const [sourceId, metrics] of bySource) {
    const medians = metrics.price_median;
    const rentable = metrics.rentable;
    if (!medians || !rentable) continue;
    const rentableAt = new Map(rentable.points.map((p) => [p.at, p]));
    const p25At = new Map((metrics.price_p25?.points ?? []).map((p) => [p.at, p]));
    const minAt = new Map((metrics.price_min?.points ?? []).map((p) => [p.at, p]));
    for (const point of medians.points) {
      const count = rentableAt.get(point.at);
      if (point.value === null || point.runId === null || !count || count.value === null || count.value <= 0 || count.runId !== point.runId) continue;
      const sameRun = (p: { value: number | null; runId: number | null } | undefined) => (p && p.runId === point.runId ? p.value : null);
      const quote: SourceQuote = {
        sourceId,
        networkSlug: medians.networkSlug,
        runId: point.runId,
        observedAt: point.observedAt ?? point.at,
        medianUsdPerGpuHour: point.value,
        p25UsdPerGpuHour: sameRun(p25At.get(point.at)),
        minUsdPerGpuHour: sameRun(minAt.get(point.at)),
        rentableGpus: count.value,
      };
      out.set(point.at, [...(out.get(point.at) ?? []), quote]);
    }
  }
  return out;
}

// ---------------------------------------------------------------- headline and moves

export interface IndexChange {
  /** The published value this change is measured from, or null when that bucket was unpublished. */
  from: IndexValue | null;
  /** Index change in percent of the earlier value. */
  indexPercent: number | null;
  /** Change of vsAwsPercent, in percentage points. */
  vsAwsPoints: number | null;
}

export interface IndexHeadline {
  methodology: GpuIndexMethodology;
  model: string;
  /** The latest published daily value in the series, or null. */
  current: IndexValue | null;
  change7d: IndexChange;
  change30d: IndexChange;
}

const DAY_MS = 86_400_000;

function changeFrom(current: IndexValue, earlier: IndexValue | undefined): IndexChange {
  if (!earlier?.published || earlier.usdPerGpuHour === null || current.usdPerGpuHour === null) return { from: null, indexPercent: null, vsAwsPoints: null };
  return {
    from: earlier,
    indexPercent: (current.usdPerGpuHour / earlier.usdPerGpuHour - 1) * 100,
    vsAwsPoints: current.vsAwsPercent !== null && earlier.vsAwsPercent !== null ? current.vsAwsPercent - earlier.vsAwsPercent : null,
  };
}

/**
 * A model's headline from its daily values: the latest published one against AWS, and how the
 * index and its gap to AWS moved since the daily values 7 and 30 days before it. An earlier
 * bucket that was unpublished gives no change: none is invented.
 */
export function indexHeadline(model: string, daily: readonly IndexValue[]): IndexHeadline {
  const current = [...daily].reverse().find((v) => v.published) ?? null;
  const byAt = new Map(daily.map((v) => [v.at, v]));
  const before = (days: number) => (current ? byAt.get(new Date(Date.parse(current.at) - days * DAY_MS).toISOString()) : undefined);
  const none: IndexChange = { from: null, indexPercent: null, vsAwsPoints: null };
  return {
    methodology: GPU_INDEX_METHODOLOGY,
    model,
    current,
    change7d: current ? changeFrom(current, before(7)) : none,
    change30d: current ? changeFrom(current, before(30)) : none,
  };
}

export interface IndexMove {
  methodology: GpuIndexMethodology;
  model: string;
  /** Bucket starts of the two published values compared. */
  fromAt: string;
  toAt: string;
  fromUsdPerGpuHour: number;
  toUsdPerGpuHour: number;
  changePercent: number;
  /** The scrape runs behind the later value, as its evidence. */
  runIds: number[];
}

/**
 * Moves of the index beyond `thresholdPercent` (absolute) between consecutive published values
 * whose later bucket lies in [from, to). Unpublished buckets are skipped, never read as zero,
 * so a move spans the gap; the first published value in the window is compared with the last
 * published value before it when the values reach back that far.
 */
export function indexMoves(values: readonly IndexValue[], options: { from: Date; to: Date; thresholdPercent: number }): IndexMove[] {
  const moves: IndexMove[] = [];
  let previous: IndexValue | null = null;
  for (const value of [...values].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!value.published || value.usdPerGpuHour === null) continue;
    const at = Date.parse(value.at);
    if (previous && previous.usdPerGpuHour !== null && previous.usdPerGpuHour > 0 && at >= options.from.getTime() && at < options.to.getTime()) {
      const changePercent = (value.usdPerGpuHour / previous.usdPerGpuHour - 1) * 100;
      if (Math.abs(changePercent) >= options.thresholdPercent) {
        moves.push({
          methodology: value.methodology,
          model: value.model,
          fromAt: previous.at,
          toAt: value.at,
          fromUsdPerGpuHour: previous.usdPerGpuHour,
          toUsdPerGpuHour: value.usdPerGpuHour,
          changePercent,
          runIds: value.contributions.filter((c) => !c.outlier).flatMap((c) => c.sources.map((s) => s.runId)),
        });
      }
    }
    previous = value;
  }
  return moves;
}
