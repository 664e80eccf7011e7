/**
 * The evidence archive end to end, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: days of
 * history replayed through the real scrape path (the claims ledger and the AWS table loaded as
 * in production), every day archived, the files restored into a fresh database and rebuilt;
 * then every run, point, rollup and API body must be identical, byte for byte. Also: a tampered
 * archive and a non-empty database are refused, and the list and download routes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '@/db/client';
import {
  claims,
  gpuModels,
  networks,
  pricePoints,
  rawSnapshots,
  runSnapshots,
  scrapeRuns,
  seriesRollups,
  sources,
  supplyPoints,
  tokenPrices,
} from '@/db/schema';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getArchive } from '@/app/api/v1/archive/route';
import { GET as getArchiveDay } from '@/app/api/v1/archive/[day]/route';
import { GET as getFlags } from '@/app/api/v1/flags/route';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { archiveListSchema } from '../api/response-schemas';
import { currentTime } from '../clock';
// Renamed: not a React hook, whatever the lint rule reads into the `use` prefix.
import { useDatabase as makeProcessDatabase } from '../db';
import { networksResponse } from '../api/responses';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { IONET_SOURCES } from '../sources/ionet';
import { nosanaMarkets } from '../sources/nosana';
import { committedSources, HISTORY_SOURCES, REFERENCE_FEEDS, SCRAPE_TARGETS } from '../sources/registry';
import { addDays, dayOf } from '../utc-day';
import { archiveFileName, MANIFEST_MEMBER, manifestSchema } from './archive-format';
import { ArchiveRestoreError, restoreArchives } from './archive-restore';
import { readMember, tarMembers } from './archive-tar';
import { archivePieces, daysToArchive, storeArchive } from './archive-write';
import { archiveFilePieces } from '../queries/archives';
import { applyRebuild, planRebuild, type RebuildTarget } from './rebuild';

const HOUR = 3_600_000;
const ORIGIN = 'http://rentable.test';
const TARGETS = [...REFERENCE_FEEDS, akashGpuPrices, akashNetworkCapacity, nosanaMarkets, ...IONET_SOURCES];
const REBUILD_TARGETS: RebuildTarget[] = [...SCRAPE_TARGETS, ...HISTORY_SOURCES, ...committedSources()];

// Three replayed days ending the day before "now", a pass every 4 hours.
const today = dayOf(currentTime());
const firstDay = addDays(today, -3);
const replayFrom = new Date(`${firstDay}T00:30:00Z`);
const replayTo = new Date(replayFrom.getTime() + 3 * 24 * HOUR);
// Late enough that "today" (when the ledger and history were imported) is complete too.
const archiveNow = new Date(`${addDays(today, 2)}T00:00:00Z`);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Everything stored that the archive and rebuild must reproduce; point ids are surrogates and are left out. */
async function dump(db: Database): Promise<Record<string, string>> {
  const tables: Record<string, unknown[]> = {
    networks: await db.select().from(networks).orderBy(asc(networks.slug)),
    sources: await db.select().from(sources).orderBy(asc(sources.id)),
    rawSnapshots: (await db.select().from(rawSnapshots).orderBy(asc(rawSnapshots.sha256))).map((s) => ({ ...s, storedBytes: hex(s.storedBytes) })),
    scrapeRuns: await db.select().from(scrapeRuns).orderBy(asc(scrapeRuns.id)),
    runSnapshots: await db.select().from(runSnapshots).orderBy(asc(runSnapshots.scrapeRunId), asc(runSnapshots.seq)),
    supplyPoints: (
      await db.select().from(supplyPoints).orderBy(asc(supplyPoints.sourceId), asc(supplyPoints.observedAt), asc(supplyPoints.gpuModel), asc(supplyPoints.status), asc(supplyPoints.unit))
    ),
    pricePoints: (
      await db.select().from(pricePoints).orderBy(asc(pricePoints.sourceId), asc(pricePoints.observedAt), asc(pricePoints.gpuModel), asc(pricePoints.statistic))
    ),
    tokenPrices: await db.select().from(tokenPrices).orderBy(asc(tokenPrices.symbol), asc(tokenPrices.observedAt), asc(tokenPrices.sourceId)),
    seriesRollups: await db
      .select()
      .from(seriesRollups)
      .orderBy(
        asc(seriesRollups.resolution),
        asc(seriesRollups.bucketStart),
        asc(seriesRollups.sourceId),
        asc(seriesRollups.gpuModel),
        asc(seriesRollups.metric),
        asc(seriesRollups.unit),
      ),
    gpuModels: await db.select().from(gpuModels).orderBy(asc(gpuModels.id)),
    claims: await db.select().from(claims).orderBy(asc(claims.id)),
  };
  return Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, JSON.stringify(rows)]));
}

/** The API bodies a reader sees, as text: supply, prices and flags over the replayed window, and the network summaries. */
async function apiBodies(handle: DatabaseHandle): Promise<Record<string, string>> {
  makeProcessDatabase(handle);
  const context = { params: Promise.resolve({}) };
  const window = `range=custom&from=${firstDay}&to=${today}`;
  const get = async (handler: typeof getSupply, query: string) => {
    const response = await handler(new Request(`${ORIGIN}${query}`), context);
    expect(response.status, query).toBe(200);
    return response.text();
  };
  return {
    supplyAkash: await get(getSupply, `/api/v1/supply?network=akash&${window}&resolution=hour`),
    supplyIonet: await get(getSupply, `/api/v1/supply?network=ionet&${window}&format=csv`),
    supplyNosana: await get(getSupply, `/api/v1/supply?network=nosana&${window}`),
    pricesH100: await get(getPrices, `/api/v1/prices?model=h100-sxm-80gb&${window}&resolution=hour`),
    flags: await get(getFlags, `/api/v1/flags?${window}`),
    networks: JSON.stringify(await networksResponse(handle.db, replayTo)),
  };
}

async function tableCount(db: Database, table: typeof scrapeRuns | typeof supplyPoints): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(table);
  return Number(row?.n ?? 0);
}

describe.each(testDatabaseKinds())('evidence archive on $name', (kind) => {
  let original: SeededDatabase;
  let restored: DatabaseHandle | undefined;
  let dir: string;
  const files: string[] = [];
  let days: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let t = performance.now();
    original = await seedReplayedDatabase(kind, {
      targets: TARGETS,
      history: [],
      replay: { from: replayFrom, to: replayTo, stepMs: 4 * HOUR, recordingsFrom: new Date('2026-11-17T06:00:00Z') },
    });
    timings.seed = performance.now() - t;
    dir = await mkdtemp(path.join(os.tmpdir(), 'rentable-archive-'));
    t = performance.now();
    days = await daysToArchive(original.handle.db, archiveNow);
    for (const day of days) {
      await storeArchive(original.handle.db, day, archiveNow);
      const file = path.join(dir, archiveFileName(day));
      const handle = await open(file, 'w');
      for await (const piece of archiveFilePieces(original.handle.db, day)) await handle.write(piece);
      await handle.close();
      files.push(file);
    }
    timings.archive = performance.now() - t;
  }, 120_000);

  afterAll(async () => {
    await restored?.close();
    await original?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    console.log(`[archive ${kind.name}] ${Object.entries(timings).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(', ')}`);
  });

  it('archives every day from the first replayed one to the day of the imports, and only completed days', async () => {
    expect(days[0]).toBe(firstDay);
    expect(days.at(-1)).toBe(today);
    expect(days).toHaveLength(4);
    // Archived days are not archived again, and a day that is not over is refused.
    expect(await daysToArchive(original.handle.db, archiveNow)).toEqual([]);
    expect((await storeArchive(original.handle.db, firstDay, archiveNow)).written).toBe(false);
    await expect(storeArchive(original.handle.db, addDays(today, 1), archiveNow)).rejects.toThrow(/not over yet/);
  });

  it('writes the same bytes again from the same evidence, with a manifest hashing every member', async () => {
    const day = days[1] ?? '';
    const again = createHash('sha256');
    for await (const piece of archivePieces(original.handle.db, day)) again.update(piece);
    const file = files[1] ?? '';
    expect(again.digest('hex')).toBe(createHash('sha256').update(await readFile(file)).digest('hex'));

    const handle = await open(file, 'r');
    try {
      const members = [];
      for await (const m of tarMembers(handle)) members.push(m);
      const manifestMember = members.find((m) => m.name === MANIFEST_MEMBER);
      expect(manifestMember).toBeDefined();
      const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(await readMember(handle, manifestMember!))));
      expect(manifest.day).toBe(day);
      expect(manifest.members.map((m) => m.name).sort()).toEqual(members.filter((m) => m.name !== MANIFEST_MEMBER).map((m) => m.name).sort());
      expect(manifest.counts.runs).toBeGreaterThan(0);
      expect(members.some((m) => m.name.startsWith('snapshots/'))).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('restores into an empty database and rebuilds every run, point, rollup and API body exactly', async () => {
    let t = performance.now();
    restored = await kind.open();
    const result = await restoreArchives(restored.db, files);
    timings.restore = performance.now() - t;
    expect(result.days).toEqual(days);
    expect(result.runs).toBe(await tableCount(original.handle.db, scrapeRuns));
    t = performance.now();
    const plan = await planRebuild(restored.db, REBUILD_TARGETS);
    expect(plan.skipped).toEqual([]);
    await applyRebuild(restored.db, REBUILD_TARGETS, plan);
    timings.rebuild = performance.now() - t;

    const [before, after] = [await dump(original.handle.db), await dump(restored.db)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]);
    expect(await tableCount(restored.db, supplyPoints)).toBeGreaterThan(100);

    const [apiBefore, apiAfter] = [await apiBodies(original.handle), await apiBodies(restored)];
    for (const name of Object.keys(apiBefore)) expect(apiAfter[name], name).toBe(apiBefore[name]);
    expect(apiBefore.supplyAkash?.length).toBeGreaterThan(1000);

    // A second rebuild finds nothing to do: the restored database is in line with today's adapters.
    const again = await planRebuild(restored.db, REBUILD_TARGETS);
    expect(again.sources.reduce((n, s) => n + s.runsToWrite, 0)).toBe(0);
    // New runs continue after the restored ids.
    const [next] = await restored.db.execute(sql`select nextval(pg_get_serial_sequence('scrape_runs', 'id')) as id`).then((r) => (r as unknown as { rows: { id: string | number }[] }).rows);
    const [max] = await original.handle.db.select({ id: sql<number>`max(id)` }).from(scrapeRuns);
    expect(Number(next?.id)).toBe(Number(max?.id) + 1);
  }, 120_000);

  it('refuses a non-empty database, naming what it holds', async () => {
    await expect(restoreArchives(original.handle.db, files, { description: 'the original' })).rejects.toThrow(
      /refusing to restore into the original: it is not empty \(scrape_runs: \d+ rows/,
    );
  });

  it('refuses a tampered archive, naming the member, before writing anything', async () => {
    const file = files[1] ?? '';
    const handle = await open(file, 'r');
    let target: { name: string; offset: number } | undefined;
    for await (const m of tarMembers(handle)) if (m.name.startsWith('snapshots/')) target ??= m;
    await handle.close();
    expect(target).toBeDefined();
    const bytes = new Uint8Array(await readFile(file));
    bytes[target!.offset + 20] = (bytes[target!.offset + 20] ?? 0) ^ 0xff;
    const tampered = path.join(dir, 'tampered.tar');
    await writeFile(tampered, bytes);
    const fresh = await kind.open();
    try {
      const refused = restoreArchives(fresh.db, [files[0] ?? '', tampered]);
      await expect(refused).rejects.toBeInstanceOf(ArchiveRestoreError);
      await expect(refused).rejects.toThrow(`tampered.tar: member ${target!.name}: sha256`);
      expect(await tableCount(fresh.db, scrapeRuns)).toBe(0);

      // A byte in the padding between members is covered by no member's hash: it is refused too.
      const padded = new Uint8Array(await readFile(file));
      const reader = await open(file, 'r');
      let paddingAt = -1;
      for await (const m of tarMembers(reader)) if (paddingAt < 0 && m.sizeBytes % 512 !== 0) paddingAt = m.offset + m.sizeBytes;
      await reader.close();
      padded[paddingAt] = 1;
      await writeFile(tampered, padded);
      await expect(restoreArchives(fresh.db, [tampered])).rejects.toThrow(/padding that is not zeros/);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('lists the archived days with their hashes, and serves each file immutable under its sha256', async () => {
    makeProcessDatabase(original.handle);
    const noParams = { params: Promise.resolve({}) };
    const list = archiveListSchema.parse(await (await getArchive(new Request(`${ORIGIN}/api/v1/archive`), noParams)).json());
    // Days before the current one (the test's "today" was archived ahead of time above, with a later clock).
    const offered = list.days.filter((d) => d.complete);
    expect(offered.map((d) => d.day)).toEqual(days.filter((d) => d < today));
    expect(list.days.at(-1)).toMatchObject({ day: today, complete: false, url: null, sha256: null });

    const first = offered[0];
    expect(first?.url).toMatch(/\/api\/v1\/archive\/\d{4}-\d{2}-\d{2}$/);
    const day = first?.day ?? '';
    const response = await getArchiveDay(new Request(`${ORIGIN}/api/v1/archive/${day}`), { params: Promise.resolve({ day }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('etag')).toBe(`"${first?.sha256}"`);
    expect(response.headers.get('cache-control')).toContain('immutable');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.byteLength).toBe(first?.bytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(first?.sha256);
    expect(Buffer.from(body).equals(await readFile(files[0] ?? ''))).toBe(true);

    const conditional = await getArchiveDay(new Request(`${ORIGIN}/api/v1/archive/${day}`, { headers: { 'if-none-match': `"${first?.sha256}"` } }), {
      params: Promise.resolve({ day }),
    });
    expect(conditional.status).toBe(304);

    const status = async (value: string) =>
      (await getArchiveDay(new Request(`${ORIGIN}/api/v1/archive/${value}`), { params: Promise.resolve({ day: value }) })).status;
    expect(await status('2026-02-30')).toBe(400);
    expect(await status('yesterday')).toBe(400);
    expect(await status(today)).toBe(404);
    expect(await status(addDays(firstDay, -10))).toBe(404);
    const bad = await getArchiveDay(new Request(`${ORIGIN}/api/v1/archive/2026-13-01`), { params: Promise.resolve({ day: '2026-13-01' }) });
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('day');
  });
});
