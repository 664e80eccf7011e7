/**
 * One scraper per source at a time, enforced in the database so worker replicas on
 * PostgreSQL (and a scheduler tick that overlaps a slow run) never scrape a source twice.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sourceLeases } from '@/db/schema';
import { currentTime } from '../clock';

export async function acquireLease(db: Database, sourceId: string, holder: string, ttlMs: number, now = currentTime()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const rows = await db
    .insert(sourceLeases)
    .values({ sourceId, holder, expiresAt })
    .onConflictDoUpdate({
      target: sourceLeases.sourceId,
      set: { holder, expiresAt },
      // Only an expired lease (its holder crashed or hung) may be taken over.
      setWhere: lt(sourceLeases.expiresAt, sql`${now.toISOString()}::timestamptz`),
    })
    .returning({ holder: sourceLeases.holder });
  return rows[0]?.holder === holder;
}

export async function releaseLease(db: Database, sourceId: string, holder: string): Promise<void> {
  await db.delete(sourceLeases).where(and(eq(sourceLeases.sourceId, sourceId), eq(sourceLeases.holder, holder)));
}
