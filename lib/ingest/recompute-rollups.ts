/**
 * Rebuilds one source's hourly and daily rollups from scratch, from the points its successful
 * runs show (their own, or the earlier run's they share). Used after a rebuild rewrote points:
 * the incremental upserts of ingest cannot take a value back out of a bucket, so the buckets
 * are dropped and every ok run is applied again, in observed order, through the same
 * `applyRollups` ingest uses, so a recomputed bucket is the bucket ingest would have built
 * (hourly buckets past their retention come back too, and the next housekeeping round prunes
 * them again, as it pruned ingest's).
 */
import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scrapeRuns, seriesRollups } from '@/db/schema';
import { figuresOfPoints, loadRunPoints } from './run-points';
import { applyRollups, rollupSamples } from './rollups';

const RUNS_PER_BATCH = 500;

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
      const points = await loadRunPoints(tx, [...new Set(batch.map((run) => run.pointsFromRunId ?? run.id))]);
      for (const run of batch) {
        // Reference feeds (token prices) belong to no network and have no rollups, as at ingest.
        if (!run.networkSlug) continue;
        // A successful run without points (an empty figure set) adds nothing to any bucket.
        const stored = points.get(run.pointsFromRunId ?? run.id);
        if (stored) {
          await applyRollups(
            tx,
            { id: run.id, sourceId, networkSlug: run.networkSlug, observedAt: run.observedAt },
            rollupSamples(figuresOfPoints(stored)),
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
