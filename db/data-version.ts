/**
 * The data version (db/schema.ts `data_version`, kept by the triggers of migration 0006): what
 * a cached response was computed from. Reading it is one primary-key lookup, so every web
 * replica on PostgreSQL sees a new version as soon as the transaction that made it commits,
 * and a conditional request is answered without reading anything else.
 */
import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { dataVersion } from './schema';
import { soleWriterGeneration } from './operation-count';

export interface DataVersion {
  /** Drawn when the database was made: two databases never share a version. */
  epoch: string;
  /** Moves up by one with every committed transaction that changed served data. */
  version: number;
}

/** The version each PGlite client last read, and its write generation then. */
const lastRead = new WeakMap<object, { generation: number; version: DataVersion }>();

/**
 * On PGlite the process is the database's only writer, so the version it last read holds until
 * it writes again (db/operation-count.ts): no query, so a cached answer or a 304 never queues
 * behind a slow query. On PostgreSQL other processes write: every call reads the row.
 */
export async function readDataVersion(db: Pick<Database, 'select'>): Promise<DataVersion> {
  const client = (db as { $client?: unknown }).$client;
  const generation = soleWriterGeneration(client);
  if (generation !== null && client) {
    const kept = lastRead.get(client);
    if (kept?.generation === generation) return kept.version;
  }
  const version = await queryDataVersion(db);
  // Kept only if nothing wrote while it was read.
  if (generation !== null && client && soleWriterGeneration(client) === generation) lastRead.set(client, { generation, version });
  return version;
}

async function queryDataVersion(db: Pick<Database, 'select'>): Promise<DataVersion> {
  const [row] = await db.select({ epoch: dataVersion.epoch, version: dataVersion.version }).from(dataVersion).where(eq(dataVersion.id, 1));
  // The migration creates the row; a database without it is not migrated.
  if (!row) throw new Error('data_version has no row: the database is not migrated (migration 0006)');
  return { epoch: row.epoch, version: Number(row.version) };
}

/** The version as one token (`<version>.<epoch>`), for cache keys and ETags. */
export function dataVersionTag(v: DataVersion): string {
  return `${v.version}.${v.epoch.slice(0, 12)}`;
}
