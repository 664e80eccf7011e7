/**
 * Shared pieces of pure parsing: bytes → JSON → zod, with errors a person can act on, and the
 * price statistics and memory snapping that every adapter must compute the same way.
 */
import type { z } from 'zod';
import type { ParseResult, ParsedSnapshot, PriceObservation, RecordRejection, SupplyObservation, TokenConversion } from './types';
import { isUnknownModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_ISSUES = 5;

/** The first issues of a zod error as "path: message"; `prefix` is prepended to every path (a record's index). */
export function describeZodError(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    const where = path.length ? path.join('.') : '(root)';
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
export function buildSnapshot(
  supply: SupplyObservation[],
  prices: PriceObservation[],
  rejected: readonly RecordRejection[] = [],
): ParseResult {
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
  // Absent rather than empty when nothing was skipped, as the contract in types.ts says.
  if (rejected.length > 0) value.rejected = [...rejected];
  return { ok: true, value };
}

/**
 * The most of a payload's records that may be rejected before the whole snapshot fails: 20%.
 * A few bad records are normal where hosts describe themselves (a Lium miner that left its
 * machine name blank, a Golem provider with a broken offer) and must not cost the run. Past a
 * fifth it is more likely that the upstream changed the shape of its records, or that we read
 * them wrongly, than that a fifth of the hosts broke at once; a snapshot built from the rest
 * would understate the network and draw a false drop on the chart, so the run fails instead
 * and the raw payload waits for a fix.
 */
export const MAX_REJECTED_RECORD_SHARE = 0.2;

export type ValidatedRecords<T> = { ok: true; records: T[]; rejected: RecordRejection[] } | { ok: false; error: string };

/**
 * Why a record failed its schema, in words: the record kind and the first thing wrong with
 * it, e.g. "executor record without machine_name" or "offer record with an invalid price".
 * A refinement's own message (written as "without a GPU name") is used as it is.
 */
export function rejectionReason(kind: string, error: z.ZodError, record?: unknown): string {
  const issue = error.issues[0];
  if (!issue) return `${kind} record that does not fit the schema`;
  if (issue.code === 'custom') return `${kind} record ${issue.message}`;
  const field = issue.path.length ? issue.path.map(String).join('.') : 'its value';
  return valueAt(record, issue.path) == null ? `${kind} record without ${field}` : `${kind} record with an invalid ${field}`;
}

/** The value at a zod issue's path inside a record (undefined where the path leads nowhere). */
function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Per-record validation of a payload's list of independent records (executors, offers,
 * markets): the records that fit `schema` (as it outputs them), and the rest counted per
 * reason as `record` rejections, so one bad record no longer fails the snapshot. Fails only
 * when the list is not a list (the payload's shape is wrong) or when more than
 * MAX_REJECTED_RECORD_SHARE of its records are rejected; the error then names the first
 * rejected record's fields, by index, as a changed shape does.
 */
export function validateRecords<T>(
  records: unknown,
  schema: z.ZodType<T>,
  kind: string,
  /** Where the list sits in the payload (e.g. `['data', 'hardware']`), for the error's paths. */
  at: readonly PropertyKey[] = [],
): ValidatedRecords<T> {
  if (!Array.isArray(records)) return { ok: false, error: `unexpected shape: expected a list of ${kind} records` };
  const valid: T[] = [];
  const counts = new Map<string, number>();
  let firstFailure: string | null = null;
  for (const [index, record] of records.entries()) {
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      valid.push(parsed.data);
      continue;
    }
    const reason = rejectionReason(kind, parsed.error, record);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    firstFailure ??= describeZodError(parsed.error, [...at, index]).replace(/^unexpected shape: /, '');
  }
  const rejected = [...counts].map(([reason, count]): RecordRejection => ({ kind: 'record', reason, count }));
  const rejectedCount = records.length - valid.length;
  if (rejectedCount > 0 && rejectedCount > records.length * MAX_REJECTED_RECORD_SHARE) {
    const reasons = rejected.map((r) => `${r.count} ${r.reason}`).join('; ');
    return {
      ok: false,
      error: `unexpected shape: ${rejectedCount} of ${records.length} ${kind} records rejected, more than the ${MAX_REJECTED_RECORD_SHARE * 100}% allowed (${reasons}); first: ${firstFailure ?? ''}`,
    };
  }
  return { ok: true, records: valid, rejected };
}

/** Rejection counts of several lists (or of one list and checks made after it), merged per reason. */
export function mergeRejections(...lists: readonly (readonly RecordRejection[])[]): RecordRejection[] {
  const byKey = new Map<string, RecordRejection>();
  for (const rejection of lists.flat()) {
    const key = `${rejection.kind}|${rejection.reason}`;
    const existing = byKey.get(key);
    if (existing) existing.count += rejection.count;
    else byKey.set(key, { ...rejection });
  }
  return [...byKey.values()];
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
