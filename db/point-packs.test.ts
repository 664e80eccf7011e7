/**
 * Points packed a run to a row read back through the supply_points and price_points views as
 * they were written, in order, on both databases; and migration 0007 moves points stored in the
 * old one-row-a-point tables into packs without losing one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder, type DatabaseHandle } from './client';
import { writePointPacks, deletePointPacks } from './point-packs';
import { pricePoints, supplyPoints } from './schema';
import { testDatabaseKinds } from './test-databases';

const AT = new Date('2026-11-20T10:00:00.000Z');

async function insertRun(handle: DatabaseHandle, sourceId: string, observedAt: Date): Promise<number> {
  const result = (await handle.db.execute(sql`
    insert into scrape_runs (source_id, network_slug, observed_at, started_at, duration_ms, request_url, http_status, outcome, adapter_version, evidence_grade, origin)
    values (${sourceId}, 'akash', ${observedAt.toISOString()}::timestamptz, ${observedAt.toISOString()}::timestamptz, 10, 'test', 200, 'ok', 1, 'official-api', 'live')
    returning id`)) as unknown as { rows: { id: number | string }[] };
  return Number(result.rows[0]?.id);
}

async function registerSource(handle: DatabaseHandle, id: string): Promise<void> {
  await handle.db.execute(sql`insert into networks (slug, name, kind, website) values ('akash', 'Akash', 'depin', 'https://akash.network') on conflict do nothing`);
  await handle.db.execute(sql`
    insert into sources (id, network_slug, name, endpoint, evidence_grade, adapter_version, description)
    values (${id}, 'akash', ${id}, 'https://example.test', 'official-api', 1, 'test source') on conflict do nothing`);
}

const supply = [
  { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: 453 },
  { gpuModel: 'all', status: 'free', unit: 'gpus', quantity: 112.5 },
  { gpuModel: 'h100-sxm-80gb', status: 'rentable', unit: 'gpus', quantity: 0.1 + 0.2 },
  { gpuModel: 'unknown:Weird GPU', status: 'claimed', unit: 'nodes', quantity: 7 },
  // The same key again: the first stays, as the per-point unique index kept it.
  { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: 999 },
];
const prices = [
  { gpuModel: 'h100-sxm-80gb', statistic: 'median', usdPerGpuHour: 2.379812345, listings: 12, tokenSymbol: null, tokenUsdRate: null, tokenRateAt: null },
  { gpuModel: 'h100-sxm-80gb', statistic: 'min', usdPerGpuHour: 1.5, listings: null, tokenSymbol: 'AKT', tokenUsdRate: 3.21, tokenRateAt: new Date('2026-11-20T09:55:00.000Z') },
  { gpuModel: 'a100-sxm-80gb', statistic: 'p25', usdPerGpuHour: 1.1, listings: 3, tokenSymbol: null, tokenUsdRate: null, tokenRateAt: null },
];

describe.each(testDatabaseKinds())('point packs on $name', (kind) => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('reads back every point as written, in order, through the views', async () => {
    handle = await kind.open();
    await registerSource(handle, 'akash-test');
    const runId = await insertRun(handle, 'akash-test', AT);
    const written = await writePointPacks(handle.db, { runId, sourceId: 'akash-test', networkSlug: 'akash', observedAt: AT }, supply, prices);
    expect(written).toEqual({ supply: 4, prices: 3 });

    const readSupply = await handle.db.select().from(supplyPoints).orderBy(asc(supplyPoints.position));
    expect(readSupply).toEqual(
      supply.slice(0, 4).map((p, i) => ({ ...p, scrapeRunId: runId, sourceId: 'akash-test', networkSlug: 'akash', observedAt: AT, position: i + 1 })),
    );
    const readPrices = await handle.db.select().from(pricePoints).orderBy(asc(pricePoints.position));
    expect(readPrices).toEqual(prices.map((p, i) => ({ ...p, scrapeRunId: runId, sourceId: 'akash-test', networkSlug: 'akash', observedAt: AT, position: i + 1 })));

    // Writing the run's points again is a no-op: the first pack stays.
    expect(await writePointPacks(handle.db, { runId, sourceId: 'akash-test', networkSlug: 'akash', observedAt: AT }, supply.slice(1), [])).toEqual({ supply: 0, prices: 0 });
    expect(await handle.db.select().from(supplyPoints)).toHaveLength(4);

    await deletePointPacks(handle.db, runId);
    expect(await handle.db.select().from(supplyPoints)).toEqual([]);
    expect(await handle.db.select().from(pricePoints)).toEqual([]);
  });

  it('refuses a word the vocabulary does not have, rather than storing a code nobody can read', async () => {
    handle = await kind.open();
    await registerSource(handle, 'akash-test');
    const runId = await insertRun(handle, 'akash-test', AT);
    await expect(
      writePointPacks(handle.db, { runId, sourceId: 'akash-test', networkSlug: 'akash', observedAt: AT }, [{ gpuModel: 'all', status: 'idle', unit: 'gpus', quantity: 1 }], []),
    ).rejects.toThrow(/status "idle"/);
  });

  it('moves points stored a row each (the layout before migration 0007) into packs without losing one', async () => {
    handle = await kind.open({ migrate: false });
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-migrations-'));
    try {
      // The migrations up to 0006, as a database built before the packs has them.
      fs.mkdirSync(path.join(before, 'meta'));
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.idx <= 6);
      fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));
      for (const entry of journal.entries) fs.copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(before, `${entry.tag}.sql`));
      const migrateFrom = async (folder: string) =>
        kind.name === 'pglite'
          ? migratePglite(handle!.db as unknown as PgliteDatabase, { migrationsFolder: folder })
          : migratePostgres(handle!.db as unknown as NodePgDatabase, { migrationsFolder: folder });
      await migrateFrom(before);

      await registerSource(handle, 'akash-test');
      const runs = [await insertRun(handle, 'akash-test', AT), await insertRun(handle, 'akash-test', new Date(AT.getTime() + 600_000))];
      for (const runId of runs) {
        for (const p of supply.slice(0, 4)) {
          await handle.db.execute(sql`
            insert into supply_points (scrape_run_id, source_id, network_slug, observed_at, gpu_model, status, unit, quantity)
            select ${runId}, 'akash-test', 'akash', observed_at, ${p.gpuModel}, ${p.status}, ${p.unit}, ${p.quantity + runId} from scrape_runs where id = ${runId}`);
        }
        for (const p of prices) {
          await handle.db.execute(sql`
            insert into price_points (scrape_run_id, source_id, network_slug, observed_at, gpu_model, statistic, usd_per_gpu_hour, listings, token_symbol, token_usd_rate, token_rate_at)
            select ${runId}, 'akash-test', 'akash', observed_at, ${p.gpuModel}, ${p.statistic}, ${p.usdPerGpuHour}, ${p.listings}, ${p.tokenSymbol}, ${p.tokenUsdRate},
              ${p.tokenRateAt?.toISOString() ?? null}::timestamptz from scrape_runs where id = ${runId}`);
        }
      }
      const oldSupply = await handle.db.execute(sql`select scrape_run_id::int as run, gpu_model, status, unit, quantity from supply_points order by id`);
      const oldPrices = await handle.db.execute(sql`select scrape_run_id::int as run, gpu_model, statistic, usd_per_gpu_hour, listings, token_symbol, token_usd_rate, token_rate_at from price_points order by id`);

      await migrateFrom(migrationsFolder);
      const newSupply = await handle.db.execute(sql`select scrape_run_id::int as run, gpu_model, status, unit, quantity from supply_points order by scrape_run_id, position`);
      const newPrices = await handle.db.execute(sql`select scrape_run_id::int as run, gpu_model, statistic, usd_per_gpu_hour, listings, token_symbol, token_usd_rate, token_rate_at from price_points order by scrape_run_id, position`);
      const rowsOf = (result: unknown) => (result as { rows: unknown[] }).rows;
      expect(rowsOf(oldSupply)).toHaveLength(8);
      expect(rowsOf(oldPrices)).toHaveLength(6);
      expect(rowsOf(newSupply)).toEqual(rowsOf(oldSupply));
      expect(rowsOf(newPrices)).toEqual(rowsOf(oldPrices));
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
