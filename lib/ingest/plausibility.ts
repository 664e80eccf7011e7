/**
 * Plausibility bounds: the one place that says which figures can be true. A figure outside
 * them is not charted: it is left out of the run's points, counted with its reason on the run
 * (scrape_runs.rejections, listed on /status), and a run whose every figure is rejected fails,
 * so the chart shows a gap rather than a zero or a spike. Applied at ingest and by rebuild, so
 * stored points always equal what today's bounds admit.
 *
 * The bounds are wide on purpose: they catch unit mistakes, sentinels and overflow
 * (9,007,199,254,740,991 GPUs; $1e9 an hour), not surprising-but-possible news. Documented on
 * /methodology from these constants.
 */
import type { ParsedSnapshot, ParseResult, PriceObservation, RecordRejection, SupplyObservation } from '../sources/types';
import type { SupplyStatus, SupplyUnit } from '../vocabulary';

/**
 * Largest count one network can report for one figure. The largest size any network has
 * claimed is io.net's 564,306 GPUs (2024); the whole world's data-centre GPU fleet is a few
 * million. Rentable GPUs are far fewer than claimed ones anywhere we track (Vast.ai, the largest
 * marketplace, lists about 6,200), so its bound is tighter.
 */
export const MAX_COUNT: Record<SupplyStatus, Record<SupplyUnit, number>> = {
  claimed: { gpus: 2_000_000, nodes: 1_000_000 },
  free: { gpus: 1_000_000, nodes: 500_000 },
  rentable: { gpus: 250_000, nodes: 125_000 },
};

/**
 * USD per GPU-hour. The dearest on-demand GPU we know (AWS p6 B200) is about $14 a GPU-hour;
 * the cheapest consumer cards on DePIN markets go for a few cents. Below half a cent or above
 * $100 is a unit mistake (per second, per day, a token amount) or a sentinel (Golem's
 * 9,999,999 "no price").
 */
export const MIN_USD_PER_GPU_HOUR = 0.005;
export const MAX_USD_PER_GPU_HOUR = 100;

/**
 * Within one snapshot a source that publishes several figures for the same GPU model and unit
 * must nest them: free ≤ claimed, rentable ≤ free and rentable ≤ claimed. The subordinate
 * figure is the one rejected (a network cannot have more idle GPUs than it has GPUs).
 */
export const NESTED_FIGURES: readonly { lower: SupplyStatus; upper: SupplyStatus }[] = [
  { lower: 'free', upper: 'claimed' },
  { lower: 'rentable', upper: 'free' },
  { lower: 'rentable', upper: 'claimed' },
];

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const figureName = (p: SupplyObservation) => `${p.status} ${p.gpuModel === 'all' ? '' : `${p.gpuModel} `}${p.unit}`;

/** Why a supply figure is implausible on its own, or null when it is not. */
export function countProblem(p: SupplyObservation): string | null {
  if (!Number.isFinite(p.quantity)) return `${figureName(p)} is not a finite number`;
  if (p.quantity < 0) return `${figureName(p)} is negative`;
  if (!Number.isInteger(p.quantity)) return `${figureName(p)} is not a whole number`;
  const max = MAX_COUNT[p.status][p.unit];
  if (p.quantity > max) return `${figureName(p)} above ${count.format(max)}`;
  return null;
}

/** Why a price is implausible, or null when it is not. */
export function priceProblem(p: PriceObservation): string | null {
  const name = `${p.statistic} price of ${p.gpuModel}`;
  if (!Number.isFinite(p.usdPerGpuHour)) return `${name} is not a finite number`;
  if (p.usdPerGpuHour < MIN_USD_PER_GPU_HOUR) return `${name} below $${MIN_USD_PER_GPU_HOUR} per GPU-hour`;
  if (p.usdPerGpuHour > MAX_USD_PER_GPU_HOUR) return `${name} above $${MAX_USD_PER_GPU_HOUR} per GPU-hour`;
  return null;
}

function tally(reasons: string[]): RecordRejection[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => ({ kind: 'implausible' as const, reason, count: n }));
}

/** Pure: the figures the bounds admit, and the rest counted per reason. */
export function screenFigures(snapshot: ParsedSnapshot): { admitted: ParsedSnapshot; rejected: RecordRejection[] } {
  const reasons: string[] = [];
  const supply = snapshot.supply.filter((p) => {
    const problem = countProblem(p);
    if (problem) reasons.push(problem);
    return !problem;
  });

  // Nesting is checked among figures that passed on their own, within one model and unit.
  const byKey = new Map<string, SupplyObservation>();
  for (const p of supply) byKey.set(`${p.gpuModel}|${p.unit}|${p.status}`, p);
  const nestedOut = new Set<SupplyObservation>();
  for (const { lower, upper } of NESTED_FIGURES) {
    for (const p of supply) {
      if (p.status !== lower || nestedOut.has(p)) continue;
      const bound = byKey.get(`${p.gpuModel}|${p.unit}|${upper}`);
      if (bound && !nestedOut.has(bound) && p.quantity > bound.quantity) {
        nestedOut.add(p);
        reasons.push(`${figureName(p)} exceeds ${upper} in the same snapshot`);
      }
    }
  }

  const prices = snapshot.prices.filter((p) => {
    const problem = priceProblem(p);
    if (problem) reasons.push(problem);
    return !problem;
  });
  return {
    admitted: { ...snapshot, supply: supply.filter((p) => !nestedOut.has(p)), prices },
    rejected: tally(reasons),
  };
}

/** One line naming rejections, e.g. "claimed gpus above 2,000,000 (1); …". */
export function describeRejections(rejected: readonly RecordRejection[]): string {
  return rejected.map((r) => `${r.reason}${r.count > 1 ? ` (${r.count})` : ''}`).join('; ');
}

/**
 * A parse result with implausible figures taken out and counted beside the parser's own
 * rejected records. Fails when figures were published and none is left: a run that charts
 * nothing true is a failed run, not an empty one. Token-price feeds have no GPU figures and
 * pass through.
 */
export function admitFigures(result: ParseResult): ParseResult {
  if (!result.ok) return result;
  const { admitted, rejected } = screenFigures(result.value);
  if (rejected.length === 0) return result;
  const published = result.value.supply.length + result.value.prices.length;
  const left = admitted.supply.length + admitted.prices.length;
  if (published > 0 && left === 0) {
    return { ok: false, error: `every figure rejected as implausible: ${describeRejections(rejected)}` };
  }
  return { ok: true, value: { ...admitted, rejected: [...(result.value.rejected ?? []), ...rejected] } };
}

/** One line of the bounds table on /methodology, from the constants above. */
export interface BoundRow {
  figure: string;
  bound: string;
  why: string;
}

export function describeBounds(): BoundRow[] {
  const fmt = (n: number) => count.format(n);
  return [
    ...(['claimed', 'free', 'rentable'] as const).map((status) => ({
      figure: `${status[0]?.toUpperCase()}${status.slice(1)} count, per network and per GPU model`,
      bound: `a whole number from 0 to ${fmt(MAX_COUNT[status].gpus)} GPUs (${fmt(MAX_COUNT[status].nodes)} nodes)`,
      why:
        status === 'rentable'
          ? 'Far above any rentable count seen anywhere (Vast.ai, the largest marketplace, lists about 6,200 GPUs): past it is an overflow or a unit mistake.'
          : 'Several times the largest size any network has claimed (io.net, 564,306 GPUs in 2024): past it is an overflow, a sentinel or a unit mistake.',
    })),
    {
      figure: 'Price per GPU-hour (min, p25, median)',
      bound: `from $${MIN_USD_PER_GPU_HOUR} to $${MAX_USD_PER_GPU_HOUR}`,
      why: 'The dearest on-demand GPU (AWS B200) is about $14 a GPU-hour and the cheapest consumer cards a few cents; outside is a price per second or per day, a token amount, or a "no price" sentinel such as 9,999,999.',
    },
    ...NESTED_FIGURES.map(({ lower, upper }) => ({
      figure: `${lower[0]?.toUpperCase()}${lower.slice(1)} against ${upper}, same source, GPU model and unit`,
      bound: `${lower} ≤ ${upper} within one snapshot`,
      why: `A network cannot have more ${lower} GPUs than ${upper} ones; when a snapshot says otherwise the ${lower} figure is rejected and the ${upper} one kept.`,
    })),
  ];
}
