/**
 * Rebuilds one source's hourly and daily rollups from scratch, from the points its successful
 * runs show (their own, or the earlier run's they share). Used after a rebuild rewrote points:
 * the incremental upserts of ingest cannot take a value back out of a bucket, so the buckets
 * are dropped and every ok run is applied again, in observed order, through the same
 * `applyRollups` ingest uses, so a recomputed bucket is the bucket ingest would have built.
 */
import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { pricePoints, scrapeRuns, seriesRollups, supplyPoints } from '@/db/schema';
import type { ParsedSnapshot } from '../sources/types';
import { PRICE_STATISTICS, SUPPLY_STATUSES, SUPPLY_UNITS } from '../vocabulary';
import { applyRollups, rollupSamples } from './rollups';

const RUNS_PER_BATCH = 500;

const supplyRow = z.object({
  scrapeRunId: z.number(),
  gpuModel: z.string(),
  status: z.enum(SUPPLY_STATUSES),
  unit: z.enum(SUPPLY_UNITS),
  quantity: z.number(),
});
const priceRow = z.object({
  scrapeRunId: z.number(),
  gpuModel: z.string(),
  statistic: z.enum(PRICE_STATISTICS),
  usdPerGpuHour: z.number(),
  listings: z.number().nullable(),
});

type Reader = Pick<Database, 'select'>;

/** The figures (supply and prices) stored under each run id, as a parse would have returned them. */
async function figuresOfRuns(tx: Reader, runIds: number[]): Promise<Map<number, ParsedSnapshot>> {
  const figures = new Map<number, ParsedSnapshot>();
  const of = (runId: number) => {
    let snapshot = figures.get(runId);
    if (!snapshot) {
      snapshot = { supply: [], prices: [], unknownModels: [] };
      figures.set(runId, snapshot);
    }
    return snapshot;
  };
  if (runIds.length === 0) return figures;
  const supply = await tx
    .select({
      scrapeRunId: supplyPoints.scrapeRunId,
      gpuModel: supplyPoints.gpuModel,
      status: supplyPoints.status,
      unit: supplyPoints.unit,
      quantity: supplyPoints.quantity,
    })
    .from(supplyPoints)
    .where(inArray(supplyPoints.scrapeRunId, runIds))
    .orderBy(asc(supplyPoints.id));
  for (const row of supply) {
    const { scrapeRunId, ...point } = supplyRow.parse(row);
    of(scrapeRunId).supply.push(point);
  }
  const prices = await tx
    .select({
      scrapeRunId: pricePoints.scrapeRunId,
      gpuModel: pricePoints.gpuModel,
      statistic: pricePoints.statistic,
      usdPerGpuHour: pricePoints.usdPerGpuHour,
      listings: pricePoints.listings,
    })
    .from(pricePoints)
    .where(inArray(pricePoints.scrapeRunId, runIds))
    .orderBy(asc(pricePoints.id));
  for (const row of prices) {
    const { scrapeRunId, ...point } = priceRow.parse(row);
    of(scrapeRunId).prices.push(point);
  }
  return figures;
}

export interface RecomputedRollups {
  sourceId: string;
  /** Successful runs applied. */
  runs: number;
  /** Rollup rows the source has afterwards. */
  rows: number;
}

/** Drops a source's rollups and re-applies every successful run, in one transaction. */
export async function recomputeRollups(db: Database, sourceId: string): Promise<RecomputedRollups> {
  return db.transaction(async (tx) => {
    await tx.delete(seriesRollups).where(eq(seriesRollups.sourceId, sourceId));
    let runs = 0;
    let after: Date | null = null;
    for (;;) {
      const batch = await tx
        .select({
          id: scrapeRuns.id,
          networkSlug: scrapeRuns.networkSlug,
          observedAt: scrapeRuns.observedAt,
          pointsFromRunId: scrapeRuns.pointsFromRunId,
        })
        .from(scrapeRuns)
        .where(
          and(
            eq(scrapeRuns.sourceId, sourceId),
            eq(scrapeRuns.outcome, 'ok'),
            // observed_at is unique per source, so it pages the runs on its own.
            after ? gt(scrapeRuns.observedAt, after) : undefined,
          ),
        )
        .orderBy(asc(scrapeRuns.observedAt))
        .limit(RUNS_PER_BATCH);
      const last = batch.at(-1);
      if (!last) break;
      const figures = await figuresOfRuns(tx, [...new Set(batch.map((run) => run.pointsFromRunId ?? run.id))]);
      for (const run of batch) {
        // Reference feeds (token prices) belong to no network and have no rollups, as at ingest.
        if (!run.networkSlug) continue;
        // A successful run without points (an empty figure set) adds nothing to any bucket.
        const snapshot = figures.get(run.pointsFromRunId ?? run.id);
        if (snapshot) {
          await applyRollups(
            tx,
            { id: run.id, sourceId, networkSlug: run.networkSlug, observedAt: run.observedAt },
            rollupSamples(snapshot),
          );
        }
        runs += 1;
      }
      after = last.observedAt;
    }
    const [total] = await tx.select({ n: count() }).from(seriesRollups).where(eq(seriesRollups.sourceId, sourceId));
    return { sourceId, runs, rows: total?.n ?? 0 };
  });
}
