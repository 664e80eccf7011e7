/**
 * Opens the database: PGlite in a local data folder when DATABASE_URL is unset, node-postgres
 * when it is set. Same schema, same queries, one exported `Database` type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import { lockDataFolder, type FolderLock } from './lock';
import { migrateSnapshotStorage } from './snapshot-store';
import { PGliteThread } from './pglite-thread';
import { counted } from './in-flight';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { driver: 'postgres'; url: string }
  /**
   * `dataDir: null` is an in-memory database (tests). `thread`: where PGlite runs; a data folder
   * defaults to its own worker thread (db/pglite-thread.ts), so a slow query never blocks the
   * web server's event loop; memory defaults to this thread (see openDatabase).
   */
  | { driver: 'pglite'; dataDir: string | null; thread?: 'worker' | 'main' };

/** How busy the database connection is, for /metrics: the pg pool's counts, or PGlite's one queue. */
export type PoolUse =
  | { driver: 'postgres'; total: number; idle: number; waiting: number }
  | { driver: 'pglite'; operationsInFlight: number };

export interface DatabaseHandle {
  readonly db: Database;
  readonly target: DatabaseTarget;
  /** Where the data lives, for logs (the password is not shown). */
  readonly description: string;
  poolUse(): PoolUse;
  close(): Promise<void>;
}

/**
 * PGlite has no pool: it runs one query or transaction at a time and queues the rest, blocking
 * the thread it runs in while it works. What is running or queued is the figure worth watching.
 */
class CountingPGlite extends PGlite {
  operationsInFlight = 0;

  override query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return counted(this, () => super.query<T>(query, params, options));
  }

  override exec(query: string, options?: QueryOptions): Promise<Array<Results>> {
    return counted(this, () => super.exec(query, options));
  }

  override transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return counted(this, () => super.transaction(callback));
  }
}

/**
 * PGlite's server settings. Its default `max_wal_size` of 1 GB lets the WAL of a small embedded
 * store grow to a gigabyte before segments are recycled; 64 MB bounds it (checkpoints come
 * sooner, which costs little at our write rate). Housekeeping checkpoints hourly as well.
 */
export const PGLITE_SETTINGS = ["max_wal_size = '64MB'", "min_wal_size = '32MB'"];

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Every process that migrates takes this advisory lock, so web and worker replicas starting
// together on PostgreSQL do not apply the same migration twice.
const MIGRATION_LOCK_KEY = 7_356_201;

export function describeTarget(target: DatabaseTarget): string {
  if (target.driver === 'pglite') return target.dataDir ? `PGlite at ${target.dataDir}` : 'PGlite in memory';
  try {
    const url = new URL(target.url);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** The migration whose layout migrateSnapshotStorage moves existing snapshot bodies into. */
const SNAPSHOT_CHAINS_MIGRATION = '0009_snapshot_chains';

/**
 * Data moves that SQL cannot do, run after the SQL migrations that make room for them (under
 * the same advisory lock on PostgreSQL, before anything else uses the database). Each is
 * idempotent and resumable, so a start-up interrupted half-way finishes the job next time.
 */
async function migrateData(db: Database, folder: string, driver: DatabaseTarget['driver']): Promise<void> {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  if (!journal.entries.some((entry) => entry.tag === SNAPSHOT_CHAINS_MIGRATION)) return;
  const started = performance.now();
  const { migrated } = await migrateSnapshotStorage(db);
  if (migrated === 0) return;
  console.log(`[db] moved ${migrated} raw snapshots to zstd chains in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The rewritten rows leave the old bodies as dead space; PGlite has no autovacuum, and the
  // table is now a fraction of its size, so it is rewritten compactly here, once. On PostgreSQL
  // VACUUM FULL would lock the table against the other replicas' reads: left to the operator.
  if (driver === 'pglite') await db.execute(sql`vacuum full raw_snapshots`);
  else console.log('[db] run VACUUM FULL raw_snapshots at a quiet time to give the space of the old bodies back to the disk');
}

export async function openDatabase(
  target: DatabaseTarget,
  /**
   * `migrationsFolder`: another folder of migrations (tests that build a database as an older
   * release left it); `migrateData: false` applies the SQL only (tests that interrupt the data move).
   */
  options: { migrate?: boolean; migrationsFolder?: string; migrateData?: boolean } = {},
): Promise<DatabaseHandle> {
  const shouldMigrate = options.migrate ?? true;
  const shouldMigrateData = options.migrateData ?? true;
  const folder = options.migrationsFolder ?? migrationsFolder;
  const description = describeTarget(target);
  if (target.driver === 'postgres') {
    // UTC sessions, so anything the server derives from a timestamp agrees with the code.
    const pool = new pg.Pool({ connectionString: target.url, max: 10, options: '-c TimeZone=UTC' });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on('error', (error) => console.error(`[db] idle PostgreSQL connection lost: ${error.message}`));
    const db = drizzlePostgres(pool, { schema }) as unknown as Database;
    if (shouldMigrate) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        const locked = drizzlePostgres(client, { schema });
        await migratePostgres(locked, { migrationsFolder: folder });
        if (shouldMigrateData) await migrateData(locked as unknown as Database, folder, 'postgres');
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    }
    const poolUse = (): PoolUse => ({ driver: 'postgres', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db, target, description, poolUse, close: () => pool.end() };
  }

  let lock: FolderLock | null = null;
  if (target.dataDir) lock = lockDataFolder(path.resolve(target.dataDir));
  // A data folder is the server's database: PGlite in its own thread, never the web one. An
  // in-memory database is a test's, opened by the hundred: in this thread it skips a worker's
  // start-up and a structured clone of every result, and what it runs is the same PGlite.
  const thread = target.thread ?? (target.dataDir ? 'worker' : 'main');
  const dataDir = target.dataDir ? path.resolve(target.dataDir) : null;
  let client: PGliteThread | CountingPGlite | null = null;
  try {
    if (thread === 'worker') {
      client = await PGliteThread.open(dataDir, PGLITE_SETTINGS);
    } else {
      client = dataDir ? new CountingPGlite(dataDir, { postgresqlconf: PGLITE_SETTINGS }) : new CountingPGlite({ postgresqlconf: PGLITE_SETTINGS });
      await client.waitReady;
      await client.exec("set timezone to 'UTC'");
    }
    const opened = client;
    // drizzle-orm/pglite calls only query() and transaction() (whose callback's tx gets query()):
    // PGliteThread has both with PGlite's signatures and results.
    const pgliteDb = drizzlePglite(opened as PGlite, { schema });
    const db = pgliteDb as unknown as Database;
    if (shouldMigrate) {
      await migratePglite(pgliteDb, { migrationsFolder: folder });
      if (shouldMigrateData) await migrateData(db, folder, 'pglite');
    }
    return {
      db,
      target,
      description: thread === 'worker' ? `${description} (own thread)` : description,
      poolUse: () => ({ driver: 'pglite', operationsInFlight: opened.operationsInFlight }),
      close: async () => {
        await opened.close();
        lock?.release();
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

/** Quick liveness probe used by /api/v1/health and start-up logs. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
