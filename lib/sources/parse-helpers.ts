/** Shared pieces of pure parsing: bytes → JSON → zod, with errors a person can act on. */
import type { z } from 'zod';
import type { ParseResult, ParsedSnapshot, PriceObservation, SupplyObservation } from './types';
import { isUnknownModel } from '../gpu-models';

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
