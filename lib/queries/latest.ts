/**
 * The latest successful figures of a source, per GPU model: what its newest ok run says
 * (through the run whose points it shares, when the figures had not changed).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pricePoints, scrapeRuns, supplyPoints } from '@/db/schema';
import type { PriceStatistic, SupplyStatus } from '../vocabulary';

export interface LatestModelFigures {
  gpuModel: string;
  supply: Partial<Record<SupplyStatus, number>>;
  usdPerGpuHour: Partial<Record<PriceStatistic, number>>;
}

export interface LatestFigures {
  sourceId: string;
  runId: number;
  observedAt: string;
  snapshotSha256: string | null;
  models: LatestModelFigures[];
}

export async function readLatestFigures(db: Database, sourceId: string): Promise<LatestFigures | null> {
  const [run] = await db
    .select()
    .from(scrapeRuns)
    .where(and(eq(scrapeRuns.sourceId, sourceId), eq(scrapeRuns.outcome, 'ok')))
    .orderBy(desc(scrapeRuns.observedAt))
    .limit(1);
  if (!run) return null;
  const pointsRunId = run.pointsFromRunId ?? run.id;
  const [supply, prices] = await Promise.all([
    db.select().from(supplyPoints).where(eq(supplyPoints.scrapeRunId, pointsRunId)),
    db.select().from(pricePoints).where(eq(pricePoints.scrapeRunId, pointsRunId)),
  ]);
  const models = new Map<string, LatestModelFigures>();
  const entry = (gpuModel: string) => {
    let figures = models.get(gpuModel);
    if (!figures) {
      figures = { gpuModel, supply: {}, usdPerGpuHour: {} };
      models.set(gpuModel, figures);
    }
    return figures;
  };
  for (const p of supply) if (p.unit === 'gpus') entry(p.gpuModel).supply[p.status as SupplyStatus] = p.quantity;
  for (const p of prices) entry(p.gpuModel).usdPerGpuHour[p.statistic as PriceStatistic] = p.usdPerGpuHour;
  return {
    sourceId,
    runId: run.id,
    observedAt: run.observedAt.toISOString(),
    snapshotSha256: run.snapshotSha256,
    models: [...models.values()].sort(
      (a, b) => (b.supply.claimed ?? 0) - (a.supply.claimed ?? 0) || a.gpuModel.localeCompare(b.gpuModel),
    ),
  };
}
