/**
 * Hourly and daily rollups, maintained as each run is stored so charts read buckets, not
 * points. A bucket keeps count, sum, min, max and the last value with the run behind it, so a
 * chart can draw the mean or the last value and still link to a real snapshot.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import type { ParsedSnapshot } from '../sources/types';
import { ROLLUP_RESOLUTIONS, type RollupMetric, type RollupResolution } from '../vocabulary';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function bucketStart(at: Date, resolution: RollupResolution): Date {
  const size = resolution === 'hour' ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(at.getTime() / size) * size);
}

export function bucketSizeMs(resolution: RollupResolution): number {
  return resolution === 'hour' ? HOUR_MS : DAY_MS;
}

export interface RollupSample {
  gpuModel: string;
  metric: RollupMetric;
  unit: string;
  value: number;
}

/** Pure: the values one successful run contributes to its buckets. */
export function rollupSamples(snapshot: ParsedSnapshot): RollupSample[] {
  return [
    ...snapshot.supply.map((p) => ({ gpuModel: p.gpuModel, metric: p.status, unit: p.unit, value: p.quantity })),
    ...snapshot.prices.map((p) => ({
      gpuModel: p.gpuModel,
      metric: `price_${p.statistic}` as const,
      unit: 'usd_per_gpu_hour',
      value: p.usdPerGpuHour,
    })),
  ];
}

type Tx = Pick<Database, 'insert'>;

export async function applyRollups(
  tx: Tx,
  run: { id: number; sourceId: string; networkSlug: string; observedAt: Date },
  samples: RollupSample[],
): Promise<void> {
  if (samples.length === 0) return;
  for (const resolution of ROLLUP_RESOLUTIONS) {
    const bucket = bucketStart(run.observedAt, resolution);
    await tx
      .insert(seriesRollups)
      .values(
        samples.map((s) => ({
          resolution,
          bucketStart: bucket,
          sourceId: run.sourceId,
          networkSlug: run.networkSlug,
          gpuModel: s.gpuModel,
          metric: s.metric,
          unit: s.unit,
          samples: 1,
          sum: s.value,
          min: s.value,
          max: s.value,
          last: s.value,
          lastObservedAt: run.observedAt,
          lastRunId: run.id,
        })),
      )
      .onConflictDoUpdate({
        target: [
          seriesRollups.resolution,
          seriesRollups.bucketStart,
          seriesRollups.sourceId,
          seriesRollups.gpuModel,
          seriesRollups.metric,
          seriesRollups.unit,
        ],
        set: {
          samples: sql`${seriesRollups.samples} + 1`,
          sum: sql`${seriesRollups.sum} + excluded.sum`,
          min: sql`least(${seriesRollups.min}, excluded.min)`,
          max: sql`greatest(${seriesRollups.max}, excluded.max)`,
          // Replays may arrive out of order: the latest observation in the bucket wins.
          last: sql`case when excluded.last_observed_at >= ${seriesRollups.lastObservedAt} then excluded.last else ${seriesRollups.last} end`,
          lastRunId: sql`case when excluded.last_observed_at >= ${seriesRollups.lastObservedAt} then excluded.last_run_id else ${seriesRollups.lastRunId} end`,
          lastObservedAt: sql`greatest(${seriesRollups.lastObservedAt}, excluded.last_observed_at)`,
        },
      });
  }
}
