/**
 * `npm run bench:storage [-- --passes N --db pglite|postgres|both --drift 0.05]`: what a year of
 * scraping costs on disk. Replays N scrape passes at the production cadence (10 minutes)
 * through the real path (runScrapePass against the recorded-payload server, each source's
 * minimum interval respected as the scheduler respects it, housekeeping hourly as the worker
 * runs it), with every recorded figure drifting by up to ±drift a pass, so bytes and figures
 * change as upstream ones do. Prints bytes per pass by table and index, and the projection to a
 * year; on PGlite also the data folder's size. Not part of CI; figures, not assertions.
 *
 * Limits, said in the output too: the recordings are trimmed (the real AWS file holds 1,322
 * rows, Spheron 28 groups), so raw snapshots here are smaller than production's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { rawSnapshots } from '../db/schema';
import { SnapshotReader } from '../db/snapshot-store';
import { createPostgresDatabase } from '../db/test-databases';
import { runHousekeeping } from '../lib/ingest/housekeeping';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import { runScrapePass } from '../lib/ingest/scrape-pass';
import { gzipSnapshot } from '../lib/ingest/snapshot-bytes';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { HOURLY_ROLLUP_RETENTION_DAYS } from '../lib/retention';
import { SCRAPE_TARGETS } from '../lib/sources/registry';
import { listRecordedNetworks, readManifest, readRecording } from '../lib/sources/recordings';
import { drifted, random } from './payload-drift';
import { fileForClock, startReplayServer, type ReplayServer } from './replay-server';

const PASS_MS = 10 * 60_000;
const PASSES_PER_YEAR = (365 * 86_400_000) / PASS_MS;
const { values: args } = parseArgs({
  options: {
    passes: { type: 'string', default: '72' },
    db: { type: 'string', default: 'both' },
    drift: { type: 'string', default: '0.05' },
  },
});
const passes = Number(args.passes);
const drift = Number(args.drift);
if (!Number.isInteger(passes) || passes < 12) throw new Error('--passes: a whole number of at least 12 (two hours of passes)');
if (!(drift >= 0 && drift < 0.5)) throw new Error('--drift: a fraction from 0 to 0.5');
const kinds = args.db === 'both' ? ['pglite', 'postgres'] : [args.db];
if (!kinds.every((k) => k === 'pglite' || k === 'postgres')) throw new Error('--db: pglite, postgres or both');

/** Points every recording at a drifted copy of the file the server would answer with at `clock`. */
function driftRecordings(server: ReplayServer, clock: Date, next: () => number): void {
  server.clearOverrides();
  for (const network of listRecordedNetworks()) {
    for (const recording of readManifest(network).recordings) {
      const body = drifted(readRecording(network, fileForClock(recording, clock)), next, drift);
      if (body !== null) server.setOverride({ network, path: recording.path, body });
    }
  }
}

interface TableSize {
  table: string;
  rows: number;
  heap: number;
  indexes: number;
}

async function tableSizes(handle: DatabaseHandle): Promise<Map<string, TableSize>> {
  const result = (await handle.db.execute(sql`
    select c.relname as "table", c.reltuples::float8 as rows,
           (pg_table_size(c.oid))::float8 as heap, (pg_indexes_size(c.oid))::float8 as indexes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = 'public'`)) as unknown as { rows: TableSize[] };
  return new Map(result.rows.map((r) => [r.table, { ...r, rows: Math.max(0, Number(r.rows)), heap: Number(r.heap), indexes: Number(r.indexes) }]));
}

async function exactRows(handle: DatabaseHandle, table: string): Promise<number> {
  const result = (await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}

/** Bytes of every snapshot body as fetched, as stored, and as each gzipped alone (the layout before 0009). */
async function snapshotBodies(handle: DatabaseHandle): Promise<{ fetched: number; stored: number; gzipAlone: number }> {
  const rows = await handle.db
    .select({ sha256: rawSnapshots.sha256, stored: sql<number>`octet_length(${rawSnapshots.storedBytes})` })
    .from(rawSnapshots)
    .orderBy(rawSnapshots.firstFetchedAt);
  const reader = new SnapshotReader(handle.db, 256);
  const totals = { fetched: 0, stored: 0, gzipAlone: 0 };
  for (const row of rows) {
    const bytes = await reader.read(row.sha256);
    if (!bytes) continue;
    totals.fetched += bytes.byteLength;
    totals.stored += Number(row.stored);
    totals.gzipAlone += (await gzipSnapshot(bytes)).stored.byteLength;
  }
  return totals;
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;

async function measure(kind: 'pglite' | 'postgres'): Promise<void> {
  let folder: string | null = null;
  let dropPostgres: (() => Promise<void>) | null = null;
  let handle: DatabaseHandle;
  if (kind === 'pglite') {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-bench-storage-'));
    handle = await openDatabase({ driver: 'pglite', dataDir: folder });
  } else {
    const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = await createPostgresDatabase(admin);
    dropPostgres = database.drop;
    handle = await openDatabase({ driver: 'postgres', url: database.url });
  }
  const server = await startReplayServer();
  const next = random(20_261_124);
  try {
    await syncRegistry(handle.db, SCRAPE_TARGETS);
    const start = Date.UTC(2026, 10, 1);
    const started = performance.now();
    let baseline: Map<string, TableSize> | null = null;
    let baselineFolder = 0;
    let runs = 0;
    for (let pass = 0; pass < passes; pass++) {
      const at = new Date(start + pass * PASS_MS);
      server.setClock(at);
      driftRecordings(server, at, next);
      const outcomes = await runScrapePass(handle.db, {
        targets: SCRAPE_TARGETS,
        at,
        origin: 'replay',
        environment: server.environment(),
        attempts: 1,
        timeoutMs: 10_000,
        rateLimiter: noRateLimit,
      });
      runs += outcomes.filter((o) => o.outcome === 'ok' || o.outcome === 'failed').length;
      // The worker's hourly round: prune, and on PGlite vacuum and checkpoint.
      if (pass % 6 === 5) await runHousekeeping(handle, at, { vacuumAll: pass % 144 === 5 });
      if (pass === 5) {
        // The first hour writes what later passes share by reference: measure growth after it.
        if (kind === 'postgres') await handle.db.execute(sql`vacuum analyze`);
        baseline = await tableSizes(handle);
        baselineFolder = folder ? folderBytes(folder) : 0;
      }
    }
    if (kind === 'postgres') await handle.db.execute(sql`vacuum analyze`);
    else await runHousekeeping(handle, new Date(start + passes * PASS_MS), { vacuumAll: true });
    const end = await tableSizes(handle);
    const measured = passes - 6;
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n${kind}: ${passes} passes at 10-minute cadence (${runs} runs that stored a row, ${(runs / passes).toFixed(1)} a pass), drift ±${drift * 100}%, ${seconds.toFixed(0)} s`);
    console.log(`growth over the last ${measured} passes, per pass and projected to a year (${PASSES_PER_YEAR.toLocaleString('en-US')} passes):`);
    console.log(`${'table'.padEnd(24)} ${'heap/pass'.padStart(12)} ${'index/pass'.padStart(12)} ${'year'.padStart(12)}`);
    let yearTotal = 0;
    const rollupRows = { hour: 0, day: 0 };
    for (const resolution of ['hour', 'day'] as const) {
      const result = (await handle.db.execute(sql`select count(*)::int as n from series_rollups where resolution = ${resolution}`)) as unknown as { rows: { n: number }[] };
      rollupRows[resolution] = result.rows[0]?.n ?? 0;
    }
    const rows = [...end.values()].sort((a, b) => b.heap + b.indexes - (a.heap + a.indexes));
    for (const table of rows) {
      const before = baseline?.get(table.table) ?? { heap: 0, indexes: 0, rows: 0, table: table.table };
      const heapPerPass = (table.heap - before.heap) / measured;
      const indexPerPass = (table.indexes - before.indexes) / measured;
      let year = (heapPerPass + indexPerPass) * PASSES_PER_YEAR + before.heap + before.indexes;
      if (table.table === 'series_rollups') {
        // Hourly rows stop growing at their retention; daily rows grow one bucket a day.
        const total = rollupRows.hour + rollupRows.day;
        const bytesPerRow = total > 0 ? (table.heap + table.indexes) / total : 0;
        const hoursCovered = (passes * PASS_MS) / 3_600_000;
        const daysCovered = Math.max(1, Math.ceil(hoursCovered / 24));
        year = bytesPerRow * ((rollupRows.hour / hoursCovered) * 24 * HOURLY_ROLLUP_RETENTION_DAYS + (rollupRows.day / daysCovered) * 365);
      }
      yearTotal += year;
      if (table.heap + table.indexes < 64 * 1024 && heapPerPass + indexPerPass === 0) continue;
      console.log(`${table.table.padEnd(24)} ${kib(heapPerPass)} ${kib(indexPerPass)} ${mb(year).padStart(12)}`);
    }
    console.log(`${'total (tables + indexes)'.padEnd(24)} ${''.padStart(25)} ${mb(yearTotal).padStart(12)}`);
    console.log(`rollup rows: ${rollupRows.hour.toLocaleString('en-US')} hourly, ${rollupRows.day.toLocaleString('en-US')} daily (hourly kept ${HOURLY_ROLLUP_RETENTION_DAYS} days)`);
    console.log(`raw snapshots: ${(await exactRows(handle, 'raw_snapshots')).toLocaleString('en-US')} rows`);
    const bodies = await snapshotBodies(handle);
    console.log(
      `raw snapshot bodies: ${mb(bodies.fetched)} as fetched, ${mb(bodies.stored)} stored as zstd chains (${(bodies.fetched / Math.max(1, bodies.stored)).toFixed(1)}×), ` +
        `${mb(bodies.gzipAlone)} as the gzip-alone layout before migration 0009 stored them (${(bodies.fetched / Math.max(1, bodies.gzipAlone)).toFixed(1)}×)`,
    );
    if (folder) {
      const size = folderBytes(folder);
      const perPass = (size - baselineFolder) / measured;
      const wal = folderBytes(path.join(folder, 'pg_wal'));
      console.log(`PGlite folder: ${mb(size)} now (WAL ${mb(wal)}), ${kib(perPass)} a pass, ${mb(perPass * PASSES_PER_YEAR + baselineFolder)} a year`);
    }
    console.log('note: the recordings are trimmed (the real AWS file holds 1,322 rows, Spheron 28 groups): raw snapshots here are smaller than production\'s.');
  } finally {
    await server.close();
    await handle.close();
    await dropPostgres?.();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}

for (const kind of kinds) await measure(kind as 'pglite' | 'postgres');
