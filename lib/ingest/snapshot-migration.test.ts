/**
 * Migrations 0007–0009 (issue 11, item 6) on PGlite and (with TEST_DATABASE_URL) PostgreSQL: a
 * database in the layout before it (migrations up to 0006, every snapshot gzipped alone) holding
 * passes replayed through the real scrape path is migrated, part-way first and then to the end;
 * every raw snapshot must come back byte for byte under its sha256, rebuild must reproduce every
 * point from the migrated bytes, and a day's archive must be the same file as before.
 *
 * The 0006 database is filled by copying, table by table, a database that today's code filled
 * through the scrape path (today's code writes the 0009 layout): every table row as it is, and
 * each snapshot as the 0006 code stored it (gzip level 6, or the bytes as fetched when gzip
 * would not shrink them). Its schema is the 0006 one, built by the 0006 migrations themselves.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase, type Database, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { rawSnapshots } from '@/db/schema';
import { KEYFRAME_INTERVAL, migrateSnapshotStorage, readSnapshot } from '@/db/snapshot-store';
import { createPostgresDatabase } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { GET as getSnapshot } from '@/app/api/v1/snapshots/[sha256]/route';
// Renamed: not a React hook, whatever the lint rule reads into the `use` prefix.
import { useDatabase as makeProcessDatabase } from '../db';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { IONET_SOURCES } from '../sources/ionet';
import { nosanaMarkets } from '../sources/nosana';
import { committedSources, HISTORY_SOURCES, REFERENCE_FEEDS, SCRAPE_TARGETS } from '../sources/registry';
import { archivePieces } from './archive-write';
import { planRebuild, type RebuildTarget } from './rebuild';
import { gzipSnapshot, sha256Hex } from './snapshot-bytes';

const HOUR = 3_600_000;
const TARGETS = [...REFERENCE_FEEDS, akashGpuPrices, akashNetworkCapacity, nosanaMarkets, ...IONET_SOURCES];
const REBUILD_TARGETS: RebuildTarget[] = [...SCRAPE_TARGETS, ...HISTORY_SOURCES, ...committedSources()];
// Two days of the io.net sequence recordings (one file a day, figures drifting), a pass every 4 hours.
const REPLAY = { from: new Date('2026-11-17T06:00:00Z'), to: new Date('2026-11-19T06:00:00Z'), stepMs: 4 * HOUR, recordingsFrom: new Date('2026-11-17T06:00:00Z') };
const ARCHIVED_DAY = '2026-11-18';

interface Kind {
  name: 'pglite' | 'postgres';
  /** A new empty database, and how to throw it away. */
  create(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }>;
}

function kinds(): Kind[] {
  const list: Kind[] = [
    {
      name: 'pglite',
      create: async () => {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rentable-migrate-'));
        return { target: { driver: 'pglite', dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
      },
    },
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    list.push({
      name: 'postgres',
      create: async () => {
        const database = await createPostgresDatabase(adminUrl);
        return { target: { driver: 'postgres', url: database.url }, drop: database.drop };
      },
    });
  }
  return list;
}

/** The migrations folder as release 0006 shipped it: its SQL files and a journal ending at 0006. */
async function migrationsUpTo0006(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'rentable-migrations-0006-'));
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const kept = journal.entries.filter((entry) => entry.idx <= 6);
  expect(kept.at(-1)?.tag).toBe('0006_data_version');
  await mkdir(path.join(folder, 'meta'));
  for (const entry of kept) await cp(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  await writeFile(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  return folder;
}

type Rows<T> = { rows: T[] };

const POINT_COLUMNS = ['scrape_run_id', 'source_id', 'network_slug', 'observed_at', 'gpu_model'];
const POINT_TABLE_COLUMNS: Record<string, string[] | undefined> = {
  supply_points: [...POINT_COLUMNS, 'status', 'unit', 'quantity'],
  price_points: [...POINT_COLUMNS, 'statistic', 'usd_per_gpu_hour', 'listings', 'token_symbol', 'token_usd_rate', 'token_rate_at'],
};

/** Copies every table of `from` into the 0006 database `to`; raw snapshots as 0006 stored them. */
async function copyInto0006Layout(from: Database, to: Database): Promise<void> {
  const tables = ((await to.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as Rows<{ table_name: string }>).rows
    .map((r) => r.table_name)
    .filter((name) => name !== 'raw_snapshots');
  const snapshots = await from.select().from(rawSnapshots).orderBy(asc(rawSnapshots.sha256));
  await to.transaction(async (tx) => {
    // Rows go in table by table, so references are checked by the copy's source, not here.
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const snapshot of snapshots) {
      const bytes = await readSnapshot(from, snapshot.sha256);
      if (!bytes) throw new Error(`snapshot ${snapshot.sha256} unreadable in the source database`);
      const { encoding, stored } = await gzipSnapshot(bytes);
      await tx.execute(sql`insert into raw_snapshots (sha256, encoding, content_type, size_bytes, stored_bytes, first_fetched_at)
        values (${snapshot.sha256}, ${encoding}, ${snapshot.contentType}, ${snapshot.sizeBytes}, ${Buffer.from(stored)}, ${snapshot.firstFetchedAt.toISOString()}::timestamptz)`);
    }
    for (const table of tables) {
      const pointColumns = POINT_TABLE_COLUMNS[table];
      // Points are views over packs today (0007, 0008) and tables of a row a point in 0006: they
      // go in in their order, and the 0006 table numbers them.
      const order = pointColumns ? ' order by t.scrape_run_id, t.position' : '';
      const [dumped] = ((await from.execute(sql.raw(`select coalesce(json_agg(t${order}), '[]')::text as rows from "${table}" t`))) as unknown as Rows<{ rows: string }>).rows;
      // Rows the migrations seed (the data version) are replaced by the copied ones.
      await tx.execute(sql`delete from ${sql.identifier(table)}`);
      const columns = pointColumns ? sql.raw(pointColumns.map((c) => `"${c}"`).join(', ')) : sql.raw('*');
      await tx.execute(
        sql`insert into ${sql.identifier(table)} ${pointColumns ? sql`(${columns})` : sql``} select ${columns} from json_populate_recordset(null::${sql.identifier(table)}, ${dumped?.rows ?? '[]'}::json)`,
      );
    }
    // Serial columns continue after the copied ids, as they would in the database itself.
    const serials = ((await tx.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval%'`)) as unknown as Rows<{ table_name: string; column_name: string }>).rows;
    for (const { table_name: table, column_name: column } of serials) {
      await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce((select max("${column}") from "${table}"), 1), (select count(*) > 0 from "${table}"))`));
    }
  });
}

async function archiveSha256(db: Database, day: string): Promise<string> {
  const hash = (await import('node:crypto')).createHash('sha256');
  for await (const piece of archivePieces(db, day)) hash.update(piece);
  return hash.digest('hex');
}

/** Byte equality as one comparison (a deep toEqual walks a Uint8Array byte by byte). */
const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.compare(a, b) === 0;

const metadata = (rows: (typeof rawSnapshots.$inferSelect)[]) => rows.map(({ storedBytes: _stored, encoding: _encoding, baseSha256: _base, chainDepth: _depth, ...meta }) => meta);

describe.each(kinds())('storage migrations 0007–0009 from the 0006 layout on $name', (kind) => {
  let seeded: SeededDatabase;
  let source: { target: DatabaseTarget; drop(): Promise<void> };
  let legacy: { target: DatabaseTarget; drop(): Promise<void> };
  let migrated: DatabaseHandle | undefined;
  let originalArchive: string;
  const original = new Map<string, Uint8Array>();

  beforeAll(async () => {
    // The database today's code fills through the scrape path, and the same evidence in the 0006 layout.
    source = await kind.create();
    const target = source.target;
    seeded = await seedReplayedDatabase({ open: () => openDatabase(target) }, { targets: TARGETS, history: [], replay: REPLAY });
    for (const row of await seeded.handle.db.select({ sha256: rawSnapshots.sha256 }).from(rawSnapshots)) {
      const bytes = await readSnapshot(seeded.handle.db, row.sha256);
      if (bytes) original.set(row.sha256, bytes);
    }
    originalArchive = await archiveSha256(seeded.handle.db, ARCHIVED_DAY);

    legacy = await kind.create();
    const folder = await migrationsUpTo0006();
    const old = await openDatabase(legacy.target, { migrationsFolder: folder });
    try {
      const columns = ((await old.db.execute(sql`select column_name from information_schema.columns where table_name = 'raw_snapshots' order by ordinal_position`)) as unknown as Rows<{ column_name: string }>).rows;
      expect(columns.map((c) => c.column_name)).toEqual(['sha256', 'encoding', 'content_type', 'size_bytes', 'stored_bytes', 'first_fetched_at']);
      await copyInto0006Layout(seeded.handle.db, old.db);
    } finally {
      await old.close();
      await rm(folder, { recursive: true, force: true });
    }
  }, 240_000);

  afterAll(async () => {
    await migrated?.close();
    await seeded?.close();
    await source?.drop();
    await legacy?.drop();
  });

  it('holds passes of several sources, with payloads that drift from pass to pass', () => {
    expect(original.size).toBeGreaterThan(10);
    for (const [sha256, bytes] of original) expect(sha256Hex(bytes)).toBe(sha256);
  });

  it('stops part-way with every snapshot readable, and a later start finishes the move', async () => {
    const partial = await openDatabase(legacy.target, { migrateData: false });
    try {
      const before = await partial.db.select({ encoding: rawSnapshots.encoding }).from(rawSnapshots);
      expect(before.every((r) => r.encoding === 'gzip' || r.encoding === 'identity')).toBe(true);
      const half = Math.floor(original.size / 2);
      expect(await migrateSnapshotStorage(partial.db, { maxRows: half })).toEqual({ migrated: half, remaining: original.size - half });
      for (const [sha256, bytes] of original) expect(same(await readSnapshot(partial.db, sha256), bytes), sha256).toBe(true);
    } finally {
      await partial.close();
    }
    migrated = await openDatabase(legacy.target);
    expect(await migrateSnapshotStorage(migrated.db)).toEqual({ migrated: 0, remaining: 0 });
  });

  it('keeps every snapshot byte for byte under its sha256, in chains no longer than the keyframe interval', async () => {
    const db = migrated?.db;
    if (!db) throw new Error('not migrated');
    const rows = await db.select().from(rawSnapshots).orderBy(asc(rawSnapshots.sha256));
    expect(rows.map((r) => r.sha256).sort()).toEqual([...original.keys()].sort());
    expect(rows.every((r) => r.encoding === 'zstd' && r.chainDepth < KEYFRAME_INTERVAL)).toBe(true);
    expect(rows.some((r) => r.baseSha256 !== null)).toBe(true);
    for (const row of rows) {
      const bytes = await readSnapshot(db, row.sha256);
      expect(bytes && sha256Hex(bytes), row.sha256).toBe(row.sha256);
      expect(same(bytes, original.get(row.sha256) ?? new Uint8Array()), row.sha256).toBe(true);
    }
    // Sizes, content types, fetch times and streams (filled by the SQL) are those ingest wrote.
    const ingested = await seeded.handle.db.select().from(rawSnapshots).orderBy(asc(rawSnapshots.sha256));
    expect(metadata(rows)).toEqual(metadata(ingested));
    const storedAfter = rows.reduce((sum, r) => sum + r.storedBytes.byteLength, 0);
    expect(storedAfter).toBeLessThan(rows.reduce((sum, r) => sum + r.sizeBytes, 0) / 4);
  });

  it('serves every snapshot at /api/v1/snapshots/<sha256> as fetched', async () => {
    if (!migrated) throw new Error('not migrated');
    makeProcessDatabase(migrated);
    for (const [sha256, bytes] of original) {
      const response = await getSnapshot(new Request(`http://rentable.test/api/v1/snapshots/${sha256}`), { params: Promise.resolve({ sha256 }) });
      expect(response.status).toBe(200);
      expect(same(new Uint8Array(await response.arrayBuffer()), bytes), sha256).toBe(true);
    }
  });

  it('rebuilds every point from the migrated bytes, and archives a day as the same file', async () => {
    const db = migrated?.db;
    if (!db) throw new Error('not migrated');
    const plan = await planRebuild(db, REBUILD_TARGETS);
    expect(plan.sources.reduce((sum, s) => sum + s.runsExamined, 0)).toBeGreaterThan(20);
    for (const source of plan.sources) {
      expect({ id: source.sourceId, added: source.added, changed: source.changed, removed: source.removed, flips: source.flips.length, toWrite: source.runsToWrite }).toEqual({
        id: source.sourceId,
        added: 0,
        changed: 0,
        removed: 0,
        flips: 0,
        toWrite: 0,
      });
    }
    expect(await archiveSha256(db, ARCHIVED_DAY)).toBe(originalArchive);
  });
});
