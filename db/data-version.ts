/**
 * The data version (db/schema.ts `data_version`, kept by the triggers of migration 0006): what
 * a cached response was computed from. Reading it is one primary-key lookup, so every web
 * replica on PostgreSQL sees a new version as soon as the transaction that made it commits,
 * and a conditional request is answered without reading anything else.
 */
import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { dataVersion } from './schema';

export interface DataVersion {
  /** Drawn when the database was made: two databases never share a version. */
  epoch: string;
  /** Moves up by one with every committed transaction that changed served data. */
  version: number;
}

export async function readDataVersion(db: Pick<Database, 'select'>): Promise<DataVersion> {
  const [row] = await db.select({ epoch: dataVersion.epoch, version: dataVersion.version }).from(dataVersion).where(eq(dataVersion.id, 1));
  // The migration creates the row; a database without it is not migrated.
  if (!row) throw new Error('data_version has no row: the database is not migrated (migration 0006)');
  return { epoch: row.epoch, version: Number(row.version) };
}

/** The version as one token (`<version>.<epoch>`), for cache keys and ETags. */
export function dataVersionTag(v: DataVersion): string {
  return `${v.version}.${v.epoch.slice(0, 12)}`;
}
