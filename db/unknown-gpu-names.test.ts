/**
 * The unknown GPU names migration 0010's triggers keep equal what a scan of every stored point
 * gives (the read /status used to make per request): after runs are written, after a run's
 * points are deleted and the source recomputed (a rebuild), and when the migration backfills a
 * database that already holds points. On both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { readUnknownGpuNames } from '../lib/queries/data-quality';
import { migrationsFolder, type DatabaseHandle } from './client';
import { deletePointPacks, writePointPacks, type PackedPricePoint, type PackedSupplyPoint } from './point-packs';
import { selectRows } from './rows';
import { testDatabaseKinds } from './test-databases';
import { recomputeUnknownGpuNames, unknownGpuNamesScan } from './unknown-gpu-names';

const AT = new Date('2026-11-20T10:00:00.000Z');
const TEN_MINUTES = 600_000;

const nameRow = z.object({
  network_slug: z.string(),
  source_id: z.string(),
  gpu_model: z.string(),
  points: z.coerce.number(),
  first_seen_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
  last_seen_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
});

async function register(handle: DatabaseHandle, sourceId: string): Promise<void> {
  await handle.db.execute(sql`insert into networks (slug, name, kind, website) values ('golem', 'Golem', 'depin', 'https://golem.network') on conflict do nothing`);
  await handle.db.execute(sql`
    insert into sources (id, network_slug, name, endpoint, evidence_grade, adapter_version, description)
    values (${sourceId}, 'golem', ${sourceId}, 'https://example.test', 'official-api', 1, 'test source') on conflict do nothing`);
}

async function insertRun(handle: DatabaseHandle, sourceId: string, observedAt: Date): Promise<number> {
  const [row] = await selectRows(
    handle.db,
    sql`
      insert into scrape_runs (source_id, network_slug, observed_at, started_at, duration_ms, request_url, http_status, outcome, adapter_version, evidence_grade, origin)
      values (${sourceId}, 'golem', ${observedAt.toISOString()}::timestamptz, ${observedAt.toISOString()}::timestamptz, 10, 'test', 200, 'ok', 1, 'official-api', 'live')
      returning id`,
    z.object({ id: z.coerce.number() }),
  );
  return row!.id;
}

const supplyOf = (names: readonly string[]): PackedSupplyPoint[] => [
  { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: 40 },
  ...names.flatMap((name) => [
    { gpuModel: `unknown:${name}`, status: 'claimed', unit: 'gpus', quantity: 3 },
    { gpuModel: `unknown:${name}`, status: 'rentable', unit: 'gpus', quantity: 1 },
  ]),
];
const pricesOf = (names: readonly string[]): PackedPricePoint[] =>
  names.map((name) => ({ gpuModel: `unknown:${name}`, statistic: 'median', usdPerGpuHour: 0.4, listings: 2, tokenSymbol: null, tokenUsdRate: null, tokenRateAt: null }));

async function stored(handle: DatabaseHandle) {
  return selectRows(handle.db, sql`select * from unknown_gpu_names order by network_slug, source_id, gpu_model`, nameRow);
}
async function scanned(handle: DatabaseHandle) {
  return selectRows(handle.db, sql`select * from (${unknownGpuNamesScan()}) s order by network_slug, source_id, gpu_model`, nameRow);
}

describe.each(testDatabaseKinds())('unknown GPU names kept at write time on $name', (kind) => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('counts every point naming an unknown model, first and last seen, as a scan of the points does', async () => {
    handle = await kind.open();
    await register(handle, 'golem-a');
    await register(handle, 'golem-b');
    // Runs written out of time order (a backfill after live runs): first and last still hold.
    const plan: [string, number, string[]][] = [
      ['golem-a', 2, ['CMP 170HX', 'Tesla M40']],
      ['golem-a', 0, ['CMP 170HX']],
      ['golem-a', 1, []],
      ['golem-b', 1, ['CMP 170HX']],
    ];
    const runs: number[] = [];
    for (const [sourceId, step, names] of plan) {
      const observedAt = new Date(AT.getTime() + step * TEN_MINUTES);
      const runId = await insertRun(handle, sourceId, observedAt);
      runs.push(runId);
      await writePointPacks(handle.db, { runId, sourceId, networkSlug: 'golem', observedAt }, supplyOf(names), pricesOf(names));
    }
    const kept = await stored(handle);
    expect(kept).toEqual(await scanned(handle));
    expect(kept.map((r) => `${r.source_id} ${r.gpu_model} ${r.points}`)).toEqual([
      'golem-a unknown:CMP 170HX 6',
      'golem-a unknown:Tesla M40 3',
      'golem-b unknown:CMP 170HX 3',
    ]);
    expect(kept[0]).toMatchObject({ first_seen_at: AT.toISOString(), last_seen_at: new Date(AT.getTime() + 2 * TEN_MINUTES).toISOString() });
    // What /status lists: one row a name and source, the name as published.
    expect((await readUnknownGpuNames(handle.db)).map((u) => `${u.sourceId}:${u.name}:${u.points}`)).toEqual(['golem-a:CMP 170HX:6', 'golem-b:CMP 170HX:3', 'golem-a:Tesla M40:3']);

    // A rebuild deletes a run's points (here the newest, the only one naming Tesla M40)...
    await deletePointPacks(handle.db, runs[0]!);
    const afterDelete = await stored(handle);
    const scan = await scanned(handle);
    expect(afterDelete.map((r) => [r.source_id, r.gpu_model, r.points])).toEqual(scan.map((r) => [r.source_id, r.gpu_model, r.points]));
    expect(afterDelete.some((r) => r.gpu_model === 'unknown:Tesla M40')).toBe(false);
    // ...and the recompute after it brings the last sighting back to the newest run left.
    await recomputeUnknownGpuNames(handle.db, 'golem-a');
    expect(await stored(handle)).toEqual(await scanned(handle));
    expect((await stored(handle))[0]).toMatchObject({ gpu_model: 'unknown:CMP 170HX', points: 3, last_seen_at: AT.toISOString() });
  });

  it('is backfilled by the migration from the points stored before it', async () => {
    handle = await kind.open({ migrate: false });
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-migrations-'));
    try {
      fs.mkdirSync(path.join(before, 'meta'));
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.idx <= 9);
      expect(journal.entries.at(-1)?.tag).toBe('0009_snapshot_chains');
      fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));
      for (const entry of journal.entries) fs.copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(before, `${entry.tag}.sql`));
      const migrateFrom = async (folder: string) =>
        kind.name === 'pglite'
          ? migratePglite(handle!.db as unknown as PgliteDatabase, { migrationsFolder: folder })
          : migratePostgres(handle!.db as unknown as NodePgDatabase, { migrationsFolder: folder });
      await migrateFrom(before);
      await register(handle, 'golem-a');
      for (const [step, names] of [[0, ['CMP 170HX']], [1, ['CMP 170HX', 'Tesla M40']]] as const) {
        const observedAt = new Date(AT.getTime() + step * TEN_MINUTES);
        const runId = await insertRun(handle, 'golem-a', observedAt);
        await writePointPacks(handle.db, { runId, sourceId: 'golem-a', networkSlug: 'golem', observedAt }, supplyOf(names), pricesOf(names));
      }

      await migrateFrom(migrationsFolder);
      const kept = await stored(handle);
      expect(kept).toEqual(await scanned(handle));
      expect(kept.map((r) => `${r.gpu_model} ${r.points}`)).toEqual(['unknown:CMP 170HX 6', 'unknown:Tesla M40 3']);
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
