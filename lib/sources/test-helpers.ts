/**
 * Helpers shared by the adapter parse tests (lib/sources/*.test.ts): a parse context, unwrapping
 * a result that must have parsed, looking figures up in a snapshot, and the failure checks every
 * adapter answers the same way (cut-off payload, empty inventory, empty body, changed shape).
 * Test-only: nothing outside the tests imports this file.
 */
import { expect } from 'vitest';
import type {
  DatedSnapshot,
  HistoryParseResult,
  ParseContext,
  ParsedSnapshot,
  ParseResult,
  PriceObservation,
  SourceAdapter,
  SupplyObservation,
  TokenConversion,
} from './types';

/** A parse context at `observedAt` (UTC), with no token rates. */
export function contextAt(observedAt: string | Date): ParseContext {
  return { observedAt: new Date(observedAt) };
}

/** A parse context at `observedAt` that knows one token's rate, `conversion`, and no other. */
export function contextWithRate(observedAt: Date, conversion: TokenConversion): ParseContext {
  return { observedAt, tokenUsdRate: (symbol) => (symbol === conversion.symbol ? conversion : undefined) };
}

/** The snapshot of a result that must have parsed; throws with the parse error otherwise. */
export function parsed(result: ParseResult): ParsedSnapshot {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

/** The dated snapshots of a history result that must have parsed; throws with the error otherwise. */
export function history(result: HistoryParseResult): DatedSnapshot[] {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

/** The snapshot a history holds for the UTC day `date` (YYYY-MM-DD); throws when it has none. */
export function snapshotOn(days: DatedSnapshot[], date: string): ParsedSnapshot {
  const found = days.find((d) => d.observedAt.toISOString() === `${date}T00:00:00.000Z`);
  if (!found) throw new Error(`no snapshot on ${date}; have ${days.map((d) => d.observedAt.toISOString()).join(', ')}`);
  return found.snapshot;
}

/** The quantity of one supply figure, or undefined when the snapshot has none. */
export function supplyOf(snapshot: ParsedSnapshot, gpuModel: string, status: SupplyObservation['status']): number | undefined {
  return snapshot.supply.find((p) => p.gpuModel === gpuModel && p.status === status)?.quantity;
}

/** The whole price observation (price, listings, token), or undefined when the snapshot has none. */
export function priceOf(snapshot: ParsedSnapshot, gpuModel: string, statistic: PriceObservation['statistic']): PriceObservation | undefined {
  return snapshot.prices.find((p) => p.gpuModel === gpuModel && p.statistic === statistic);
}

/** Just the USD per GPU-hour of one price statistic (the median unless told), or undefined. */
export function usdPerGpuHourOf(
  snapshot: ParsedSnapshot,
  gpuModel: string,
  statistic: PriceObservation['statistic'] = 'median',
): number | undefined {
  return priceOf(snapshot, gpuModel, statistic)?.usdPerGpuHour;
}

/** A payload as the bytes an upstream would send: `value` as JSON. */
export function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

type AnyParseResult = ParseResult | HistoryParseResult;

/** A failed result whose error is a cut-off payload's (and nothing but `ok` and `error`). */
export function expectNotJson(result: AnyParseResult): void {
  expect(result).toEqual({ ok: false, error: expect.stringMatching(/^not JSON/) });
}

/** A failed result saying the upstream answered with an empty inventory. */
export function expectEmptyInventory(result: AnyParseResult): void {
  expect(result).toEqual({ ok: false, error: expect.stringContaining('empty inventory') });
}

/** The adapter refuses an empty response body instead of reading it as no GPUs. */
export function expectEmptyBodyRefused(adapter: Pick<SourceAdapter, 'parse'>, context: ParseContext): void {
  expect(adapter.parse(new Uint8Array(), context)).toEqual({ ok: false, error: 'empty response body' });
}

/** A failed result whose error matches `pattern` and names every one of `fields`. */
export function expectFailure(result: AnyParseResult, pattern: RegExp, ...fields: string[]): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error).toMatch(pattern);
    for (const field of fields) expect(result.error).toContain(field);
  }
}

/** A failed result reporting an unexpected shape that names every one of `fields`. */
export function expectChangedShape(result: AnyParseResult, ...fields: string[]): void {
  expectFailure(result, /^unexpected shape/, ...fields);
}
