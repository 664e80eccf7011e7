/**
 * Whether a GPU model id names a model: one our catalogue knows (lib/gpu-models.ts: a real card
 * with no figures yet is an empty chart, not an error), one our points name (gpu_models,
 * written at ingest: the `unknown:<name>` cards), or one the claims ledger mentions. `all`
 * (network totals) always does. At most one primary-key lookup and a look at the small claims
 * table; never a scan of the points.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { claims, gpuModels } from '@/db/schema';
import { isCatalogueModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';

export async function modelIsKnown(db: Database, model: string): Promise<boolean> {
  if (model === ALL_MODELS || isCatalogueModel(model)) return true;
  const [seen] = await db.select({ id: gpuModels.id }).from(gpuModels).where(eq(gpuModels.id, model)).limit(1);
  if (seen) return true;
  const [claimed] = await db.select({ id: claims.id }).from(claims).where(eq(claims.gpuModel, model)).limit(1);
  return claimed !== undefined;
}
