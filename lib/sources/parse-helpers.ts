/**
 * Shared pieces of pure parsing: bytes → JSON → zod, with errors a person can act on, and the
 * price statistics and memory snapping that every adapter must compute the same way.
 */
import type { z } from 'zod';
import type { ParseResult, ParsedSnapshot, PriceObservation, SupplyObservation, TokenConversion } from './types';
import { isUnknownModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_ISSUES = 5;

export function describeZodError(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > MAX_ISSUES ? ` (+${error.issues.length - MAX_ISSUES} more)` : '';
  return `unexpected shape: ${issues.join('; ')}${more}`;
}

/** Decodes UTF-8 JSON and validates it; an empty body or non-JSON is an error, never an empty result. */
export function decodeJson<T>(bytes: Uint8Array, schema: z.ZodType<T>): Decoded<T> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (text.length === 0) return { ok: false, error: 'empty response body' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const snippet = text.slice(0, 60).replace(/\s+/g, ' ');
    return { ok: false, error: `not JSON (${(error as Error).message}); body starts "${snippet}"` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  return { ok: true, value: parsed.data };
}

/**
 * Assembles a parse result, merging duplicate keys (two published names can map to one
 * canonical model: quantities add up, the lowest minimum wins, the first median stands).
 */
export function buildSnapshot(supply: SupplyObservation[], prices: PriceObservation[]): ParseResult {
  const supplyByKey = new Map<string, SupplyObservation>();
  for (const point of supply) {
    if (!Number.isFinite(point.quantity) || point.quantity < 0) {
      return { ok: false, error: `invalid ${point.status} quantity ${point.quantity} for ${point.gpuModel}` };
    }
    const key = `${point.gpuModel}|${point.status}|${point.unit}`;
    const existing = supplyByKey.get(key);
    if (existing) existing.quantity += point.quantity;
    else supplyByKey.set(key, { ...point });
  }
  const priceByKey = new Map<string, PriceObservation>();
  for (const point of prices) {
    if (!Number.isFinite(point.usdPerGpuHour) || point.usdPerGpuHour <= 0) continue; // a zero price is "no price", not free GPUs
    const key = `${point.gpuModel}|${point.statistic}`;
    const existing = priceByKey.get(key);
    if (!existing) priceByKey.set(key, { ...point });
    else if (point.statistic === 'min' && point.usdPerGpuHour < existing.usdPerGpuHour) priceByKey.set(key, { ...point });
  }
  const models = [...supplyByKey.values(), ...priceByKey.values()].map((p) => p.gpuModel);
  const unknownModels = [...new Set(models.filter(isUnknownModel))].sort();
  const value: ParsedSnapshot = { supply: [...supplyByKey.values()], prices: [...priceByKey.values()], unknownModels };
  return { ok: true, value };
}

/** `80Gi`, `80GB`, `80G`, `80` → 80 (the card's marketed size; Gi is how Kubernetes writes it). */
export function memoryGbFrom(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(gi|gib|g|gb)?\s*$/i.exec(text);
  return match?.[1] ? Math.round(Number(match[1])) : null;
}

/**
 * Linear interpolation between closest ranks (R-7, numpy's default) on ascending values: the
 * median of an even list is the mean of the middle two. One implementation so every network's
 * p25 and median mean the same thing and stay comparable.
 */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

export interface PriceStatisticsOptions {
  /** Set on every observation: the listings were priced in this token and converted to USD. */
  token?: TokenConversion;
  /**
   * Round each figure to a millionth of a dollar: division leaves float noise
   * (27.875342465753423 / 8), and a millionth is below any price shown. Off by default, because
   * the stored figure (and the run fingerprint built from it) must not change for the same bytes.
   */
  roundToMicroUsd?: boolean;
  /** Drop listings that are not a finite price above zero before counting them. */
  positiveOnly?: boolean;
}

const roundToMicroUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/**
 * min, p25 and median of one model's per-GPU-hour listing prices (one value per listing), each
 * carrying the listing count; no listings, no observations. Shared so every network's price
 * statistics are computed the same way; the options keep each adapter's exact output.
 */
export function priceStatistics(
  gpuModel: string,
  usdPerGpuHour: readonly number[],
  options: PriceStatisticsOptions = {},
): PriceObservation[] {
  const kept = options.positiveOnly ? usdPerGpuHour.filter((p) => Number.isFinite(p) && p > 0) : usdPerGpuHour;
  if (kept.length === 0) return [];
  const sorted = [...kept].sort((a, b) => a - b);
  const listings = sorted.length;
  const finish = options.roundToMicroUsd ? roundToMicroUsd : (usd: number) => usd;
  const token = options.token ? { token: options.token } : {};
  return [
    { gpuModel, statistic: 'min', usdPerGpuHour: finish(quantile(sorted, 0)), listings, ...token },
    { gpuModel, statistic: 'p25', usdPerGpuHour: finish(quantile(sorted, 0.25)), listings, ...token },
    { gpuModel, statistic: 'median', usdPerGpuHour: finish(quantile(sorted, 0.5)), listings, ...token },
  ];
}

/** Marketed card sizes (GB) for the 'at-or-under' rule. */
const MARKETED_MEMORY_GB = [4, 6, 8, 10, 11, 12, 16, 20, 24, 32, 40, 48, 64, 80, 94, 96, 141, 180, 192, 256, 288];
/** Marketed card sizes (GB) for the 'nearest' rule (no 4/6GB cards; adds 128, 144 and 186). */
const MARKETED_MEMORY_GB_NEAREST = [8, 10, 11, 12, 16, 20, 24, 32, 40, 48, 64, 80, 94, 96, 128, 141, 144, 180, 186, 192, 256, 288];

export interface MarketedMemoryOptions {
  /**
   * 'at-or-under' (default; Clore, Vast.ai): the smallest size up to 10% above the report, else
   * one up to 2% below, else the report rounded. 'nearest' (Hyperbolic): the size nearest in
   * relative terms if within 8%, else null, so the card's name decides alone. Each rule keeps
   * its own size list: merging them would re-map cards (a 6GB card, a 144GB GH200).
   */
  rule?: 'at-or-under' | 'nearest';
}

/**
 * A card's reported memory in GB (79, 44.99; MiB ÷ 1024) → the size it is sold as (80, 48).
 * Usable memory sits at or a little under the label (ECC, driver reserve, GiB rounding), so
 * passing the report through would mint non-standard models such as `h100-79gb`. Null for no
 * report, or a report that is not a positive number.
 */
export function marketedMemoryGb(reportedGb: number | null | undefined, options: MarketedMemoryOptions = {}): number | null {
  if (reportedGb == null || !Number.isFinite(reportedGb) || reportedGb <= 0) return null;
  if (options.rule === 'nearest') {
    let best: number | null = null;
    let bestDistance = Infinity;
    for (const size of MARKETED_MEMORY_GB_NEAREST) {
      const distance = Math.abs(reportedGb - size) / size;
      if (distance < bestDistance) {
        best = size;
        bestDistance = distance;
      }
    }
    return bestDistance <= 0.08 ? best : null;
  }
  const above = MARKETED_MEMORY_GB.find((size) => size >= reportedGb && size <= reportedGb * 1.1);
  if (above !== undefined) return above;
  const below = MARKETED_MEMORY_GB.find((size) => size < reportedGb && size >= reportedGb * 0.98);
  return below ?? Math.round(reportedGb);
}

/**
 * Per-model and network-wide claimed/free/rentable counts for listings that each carry a GPU
 * model, their counts and a per-GPU-hour price. A listing's price counts towards the model's
 * statistics only when it has rentable GPUs: an idle GPU without an order button has no price
 * anyone can pay.
 */
export class SupplyTally {
  private readonly byModel = new Map<string, { claimed: number; free: number; rentable: number; prices: number[] }>();

  add(gpuModel: string, listing: { claimed: number; free: number; rentable: number; usdPerGpuHour: number | null | undefined }): void {
    let tally = this.byModel.get(gpuModel);
    if (!tally) {
      tally = { claimed: 0, free: 0, rentable: 0, prices: [] };
      this.byModel.set(gpuModel, tally);
    }
    tally.claimed += listing.claimed;
    tally.free += listing.free;
    tally.rentable += listing.rentable;
    if (listing.rentable > 0 && listing.usdPerGpuHour != null) tally.prices.push(listing.usdPerGpuHour);
  }

  /** Network totals first, then each model in the order first seen, with its price statistics. */
  observations(options: PriceStatisticsOptions = {}): { supply: SupplyObservation[]; prices: PriceObservation[] } {
    const totals = { claimed: 0, free: 0, rentable: 0 };
    const supply: SupplyObservation[] = [];
    const prices: PriceObservation[] = [];
    for (const [gpuModel, tally] of this.byModel) {
      totals.claimed += tally.claimed;
      totals.free += tally.free;
      totals.rentable += tally.rentable;
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: tally.claimed },
        { gpuModel, status: 'free', unit: 'gpus', quantity: tally.free },
        { gpuModel, status: 'rentable', unit: 'gpus', quantity: tally.rentable },
      );
      prices.push(...priceStatistics(gpuModel, tally.prices, options));
    }
    return {
      supply: [
        { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: totals.claimed },
        { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: totals.free },
        { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: totals.rentable },
        ...supply,
      ],
      prices,
    };
  }
}
