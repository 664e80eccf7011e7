/**
 * The points stored under scrape runs, read back as values: what rebuild compares a re-parse
 * with, and what recomputed rollups are built from.
 */
import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { PackedPricePoint, PackedSupplyPoint } from '@/db/point-packs';
import { pricePoints, supplyPoints, tokenPrices } from '@/db/schema';
import type { ParsedSnapshot } from '../sources/types';
import { PRICE_STATISTICS, SUPPLY_STATUSES, SUPPLY_UNITS } from '../vocabulary';

/** A stored point's values, as db/point-packs.ts writes and the views read them back. */
export type SupplyPointValue = PackedSupplyPoint;
export type PricePointValue = PackedPricePoint;

export interface TokenPriceValue {
  symbol: string;
  usd: number;
}

/** The points one run shows (supply, price and token-price rows), without their run and time. */
export interface RunPoints {
  supply: SupplyPointValue[];
  prices: PricePointValue[];
  tokens: TokenPriceValue[];
}

export const NO_POINTS: RunPoints = { supply: [], prices: [], tokens: [] };

/** The points stored under each run id, in insertion order. */
export async function loadRunPoints(db: Pick<Database, 'select'>, runIds: number[]): Promise<Map<number, RunPoints>> {
  const byRun = new Map<number, RunPoints>();
  const of = (runId: number) => {
    let points = byRun.get(runId);
    if (!points) {
      points = { supply: [], prices: [], tokens: [] };
      byRun.set(runId, points);
    }
    return points;
  };
  if (runIds.length === 0) return byRun;
  const supply = await db
    .select({
      scrapeRunId: supplyPoints.scrapeRunId,
      gpuModel: supplyPoints.gpuModel,
      status: supplyPoints.status,
      unit: supplyPoints.unit,
      quantity: supplyPoints.quantity,
    })
    .from(supplyPoints)
    .where(inArray(supplyPoints.scrapeRunId, runIds))
    .orderBy(asc(supplyPoints.scrapeRunId), asc(supplyPoints.position));
  for (const { scrapeRunId, ...point } of supply) of(scrapeRunId).supply.push(point);
  const prices = await db
    .select({
      scrapeRunId: pricePoints.scrapeRunId,
      gpuModel: pricePoints.gpuModel,
      statistic: pricePoints.statistic,
      usdPerGpuHour: pricePoints.usdPerGpuHour,
      listings: pricePoints.listings,
      tokenSymbol: pricePoints.tokenSymbol,
      tokenUsdRate: pricePoints.tokenUsdRate,
      tokenRateAt: pricePoints.tokenRateAt,
    })
    .from(pricePoints)
    .where(inArray(pricePoints.scrapeRunId, runIds))
    .orderBy(asc(pricePoints.scrapeRunId), asc(pricePoints.position));
  for (const { scrapeRunId, ...point } of prices) of(scrapeRunId).prices.push(point);
  const tokens = await db
    .select({ scrapeRunId: tokenPrices.scrapeRunId, symbol: tokenPrices.symbol, usd: tokenPrices.usd })
    .from(tokenPrices)
    .where(inArray(tokenPrices.scrapeRunId, runIds))
    .orderBy(asc(tokenPrices.symbol));
  for (const { scrapeRunId, ...token } of tokens) of(scrapeRunId).tokens.push(token);
  return byRun;
}

const supplyValue = z.object({ gpuModel: z.string(), status: z.enum(SUPPLY_STATUSES), unit: z.enum(SUPPLY_UNITS), quantity: z.number() });
const priceValue = z.object({ gpuModel: z.string(), statistic: z.enum(PRICE_STATISTICS), usdPerGpuHour: z.number(), listings: z.number().nullable() });

/** Stored points as the figures a parse would have returned (validated: the columns are plain text). */
export function figuresOfPoints(points: RunPoints): ParsedSnapshot {
  return {
    supply: points.supply.map((p) => supplyValue.parse(p)),
    prices: points.prices.map((p) => {
      const { gpuModel, statistic, usdPerGpuHour, listings } = priceValue.parse(p);
      return { gpuModel, statistic, usdPerGpuHour, listings };
    }),
    unknownModels: [],
  };
}
