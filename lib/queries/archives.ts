/** The published evidence archives (written by lib/ingest/archive-write.ts): the list, and one file's bytes. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { archiveChunks, archives } from '@/db/schema';

export interface ArchiveListing {
  day: string;
  sha256: string;
  sizeBytes: number;
  counts: Record<string, number>;
  createdAt: Date;
}

export async function listArchives(db: Database): Promise<ArchiveListing[]> {
  return db
    .select({ day: archives.day, sha256: archives.sha256, sizeBytes: archives.sizeBytes, counts: archives.counts, createdAt: archives.createdAt })
    .from(archives)
    .orderBy(asc(archives.day));
}

/** The newest archived day, or null: one step of the primary key, however many days are archived. */
export async function readLatestArchiveDay(db: Database): Promise<string | null> {
  const [row] = await db.select({ day: archives.day }).from(archives).orderBy(desc(archives.day)).limit(1);
  return row?.day ?? null;
}

export async function findArchive(db: Database, day: string): Promise<ArchiveListing | null> {
  const [row] = await db
    .select({ day: archives.day, sha256: archives.sha256, sizeBytes: archives.sizeBytes, counts: archives.counts, createdAt: archives.createdAt })
    .from(archives)
    .where(eq(archives.day, day));
  return row ?? null;
}

/** A stored archive's bytes, one chunk (1 MiB) at a time, so a download never holds a whole day. */
export async function* archiveFilePieces(db: Database, day: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const [chunk] = await db
      .select({ bytes: archiveChunks.bytes })
      .from(archiveChunks)
      .where(and(eq(archiveChunks.day, day), eq(archiveChunks.seq, seq)));
    if (!chunk) return;
    yield chunk.bytes;
  }
}
