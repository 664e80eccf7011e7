/** Loads the validated claims ledger into the database; claims removed from the file are removed here too. */
import { notInArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { claims } from '@/db/schema';
import type { Claim } from '../claims/ledger';
import { currentTime } from '../clock';

export async function syncClaims(db: Database, ledger: readonly Claim[], now = currentTime()): Promise<number> {
  if (ledger.length === 0) return 0;
  await db.transaction(async (tx) => {
    await tx
      .insert(claims)
      .values(
        ledger.map((c) => ({
          id: c.id,
          networkSlug: c.network,
          kind: c.kind,
          text: c.text,
          figure: c.figure,
          unit: c.unit,
          gpuModel: c.gpuModel ?? null,
          counts: c.counts,
          sourceName: c.sourceName,
          sourceUrl: c.sourceUrl,
          seenAt: c.seenAt,
          loadedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: claims.id,
        set: {
          networkSlug: sql`excluded.network_slug`,
          kind: sql`excluded.kind`,
          text: sql`excluded.text`,
          figure: sql`excluded.figure`,
          unit: sql`excluded.unit`,
          gpuModel: sql`excluded.gpu_model`,
          counts: sql`excluded.counts`,
          sourceName: sql`excluded.source_name`,
          sourceUrl: sql`excluded.source_url`,
          seenAt: sql`excluded.seen_at`,
          loadedAt: sql`excluded.loaded_at`,
        },
      });
    await tx.delete(claims).where(notInArray(claims.id, ledger.map((c) => c.id)));
  });
  return ledger.length;
}
