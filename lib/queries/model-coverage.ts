/**
 * Which canonical GPU models can be compared across networks: those some network reports as
 * rentable or prices, with how many networks do. Feeds the model picker of /compare.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { ALL_MODELS, PRICE_STATISTICS, type RollupMetric } from '../vocabulary';

/** The network whose prices are the reference, not a network being compared. */
const REFERENCE_NETWORK = 'aws';

const METRICS: RollupMetric[] = ['rentable', ...PRICE_STATISTICS.map((s) => `price_${s}` as const)];

export interface ModelCoverage {
  gpuModel: string;
  /** Networks (AWS excluded) that report the model as rentable or price it. */
  networks: number;
  networkSlugs: string[];
  /** True when AWS publishes an on-demand price for the model. */
  awsReference: boolean;
}

const rowSchema = z.object({
  gpu_model: z.string(),
  network_slug: z.string(),
});

export async function readModelCoverage(db: Database): Promise<ModelCoverage[]> {
  // Every series with a daily bucket has its row in series_latest (kept by migration 0006's
  // triggers), so this reads one row per series, not one per day stored.
  const rows = await selectRows(
    db,
    sql`
      select distinct gpu_model, network_slug
      from series_latest
      where metric in (${sql.join(METRICS.map((m) => sql`${m}`), sql`, `)})
        and gpu_model <> ${ALL_MODELS}
        and gpu_model not like 'unknown:%'`,
    rowSchema,
  );
  const byModel = new Map<string, { networks: Set<string>; awsReference: boolean }>();
  for (const row of rows) {
    const entry = byModel.get(row.gpu_model) ?? { networks: new Set<string>(), awsReference: false };
    if (row.network_slug === REFERENCE_NETWORK) entry.awsReference = true;
    else entry.networks.add(row.network_slug);
    byModel.set(row.gpu_model, entry);
  }
  return (
    [...byModel.entries()]
      // A model only AWS sells has nothing to compare with AWS.
      .filter(([, entry]) => entry.networks.size > 0)
      .map(([gpuModel, entry]) => ({
        gpuModel,
        networks: entry.networks.size,
        networkSlugs: [...entry.networks].sort(),
        awsReference: entry.awsReference,
      }))
      .sort((a, b) => b.networks - a.networks || a.gpuModel.localeCompare(b.gpuModel))
  );
}
