/**
 * Writes a run's points as packs (db/schema.ts: supply_packs, price_packs): one row a run, its
 * points as aligned arrays of small integer codes, GPU models as point_labels ids. Readers never
 * see the packing: the supply_points and price_points views unpack them, in the order written.
 *
 * The codes are 1-based positions in the vocabulary's lists, and migration 0008's views spell
 * them back with the same lists; db/point-packs.test.ts holds the two together.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from './client';
import { selectRows } from './rows';
import { PRICE_STATISTICS, SUPPLY_STATUSES, SUPPLY_UNITS } from '../lib/vocabulary';

type Executor = Pick<Database, 'execute'>;

export interface PackRun {
  runId: number;
  sourceId: string;
  networkSlug: string;
  observedAt: Date;
}

export interface PackedSupplyPoint {
  gpuModel: string;
  status: string;
  unit: string;
  quantity: number;
}

export interface PackedPricePoint {
  gpuModel: string;
  statistic: string;
  usdPerGpuHour: number;
  listings: number | null;
  tokenSymbol: string | null;
  tokenUsdRate: number | null;
  tokenRateAt: Date | null;
}

function codeOf(words: readonly string[], word: string, what: string): number {
  const index = words.indexOf(word);
  if (index < 0) throw new Error(`cannot pack ${what} "${word}": not one of ${words.join(', ')}`);
  return index + 1;
}

/** The first point of each key, as the old per-point unique index kept it. */
function firstOfEach<T>(points: readonly T[], key: (point: T) => string): T[] {
  const seen = new Set<string>();
  return points.filter((point) => {
    const k = key(point);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const labelRow = z.object({ id: z.coerce.number().int(), label: z.string() });

/**
 * The label id of every GPU model named, adding the new ones, in one round trip: the insert
 * returns the labels it adds and the same statement reads the ones already stored. Safe with
 * writers in parallel (the runs of a pass on PostgreSQL): labels are inserted in sorted order,
 * so two transactions adding overlapping labels wait for each other instead of deadlocking; a
 * label another transaction committed while this statement waited is in neither half (the
 * statement's snapshot predates it), so it is read again, by a statement that sees it.
 */
export async function labelIds(db: Executor, labels: readonly string[]): Promise<Map<string, number>> {
  const distinct = [...new Set(labels)].sort();
  if (distinct.length === 0) return new Map();
  const rows = await selectRows(
    db,
    sql`
      with added as (
        insert into point_labels (label) select label from unnest(${sql.param(distinct)}::text[]) with ordinality as l(label, n) order by n
        on conflict (label) do nothing
        returning id, label
      )
      select id, label from added
      union all
      select id, label from point_labels where label = any(${sql.param(distinct)}::text[])`,
    labelRow,
  );
  const ids = new Map(rows.map((r) => [r.label, r.id]));
  if (ids.size === distinct.length) return ids;
  const late = await selectRows(db, sql`select id, label from point_labels where label = any(${sql.param(distinct.filter((l) => !ids.has(l)))}::text[])`, labelRow);
  for (const r of late) ids.set(r.label, r.id);
  return ids;
}

const writtenRow = z.object({ scrape_run_id: z.coerce.number() });

function idsOf(labels: Map<string, number>, models: readonly string[]): number[] {
  return models.map((model) => {
    const id = labels.get(model);
    if (id === undefined) throw new Error(`no label id for GPU model "${model}"`);
    return id;
  });
}

/**
 * Stores a run's supply and price points, each kind as one pack. Returns how many points were
 * written: none of a kind when that run (or another run of the source at the same instant)
 * already holds it, as re-ingesting the same observation must be a no-op.
 */
export async function writePointPacks(
  db: Executor,
  run: PackRun,
  supplyPoints: readonly PackedSupplyPoint[],
  pricePoints: readonly PackedPricePoint[],
): Promise<{ supply: number; prices: number }> {
  const supply = firstOfEach(supplyPoints, (p) => `${p.gpuModel}|${p.status}|${p.unit}`);
  const prices = firstOfEach(pricePoints, (p) => `${p.gpuModel}|${p.statistic}`);
  if (supply.length === 0 && prices.length === 0) return { supply: 0, prices: 0 };
  const labels = await labelIds(db, [...supply.map((p) => p.gpuModel), ...prices.map((p) => p.gpuModel)]);
  const observedAt = run.observedAt.toISOString();
  let supplyWritten = 0;
  let pricesWritten = 0;
  if (supply.length > 0) {
    const rows = await selectRows(
      db,
      sql`
        insert into supply_packs (scrape_run_id, source_id, network_slug, observed_at, gpu_model_ids, statuses, units, quantities)
        values (${run.runId}, ${run.sourceId}, ${run.networkSlug}, ${observedAt}::timestamptz,
          ${sql.param(idsOf(labels, supply.map((p) => p.gpuModel)))}::integer[],
          ${sql.param(supply.map((p) => codeOf(SUPPLY_STATUSES, p.status, 'status')))}::smallint[],
          ${sql.param(supply.map((p) => codeOf(SUPPLY_UNITS, p.unit, 'unit')))}::smallint[],
          ${sql.param(supply.map((p) => p.quantity))}::double precision[])
        on conflict do nothing
        returning scrape_run_id`,
      writtenRow,
    );
    if (rows.length > 0) supplyWritten = supply.length;
  }
  if (prices.length > 0) {
    const tokened = prices.some((p) => p.tokenSymbol !== null || p.tokenUsdRate !== null || p.tokenRateAt !== null);
    const rows = await selectRows(
      db,
      sql`
        insert into price_packs (scrape_run_id, source_id, network_slug, observed_at, gpu_model_ids, statistics, usd_per_gpu_hour,
          listings, token_symbols, token_usd_rates, token_rate_ats)
        values (${run.runId}, ${run.sourceId}, ${run.networkSlug}, ${observedAt}::timestamptz,
          ${sql.param(idsOf(labels, prices.map((p) => p.gpuModel)))}::integer[],
          ${sql.param(prices.map((p) => codeOf(PRICE_STATISTICS, p.statistic, 'statistic')))}::smallint[],
          ${sql.param(prices.map((p) => p.usdPerGpuHour))}::double precision[],
          ${sql.param(prices.map((p) => p.listings))}::integer[],
          ${tokened ? sql`${sql.param(prices.map((p) => p.tokenSymbol))}::text[]` : sql`null`},
          ${tokened ? sql`${sql.param(prices.map((p) => p.tokenUsdRate))}::double precision[]` : sql`null`},
          ${tokened ? sql`${sql.param(prices.map((p) => p.tokenRateAt?.toISOString() ?? null))}::timestamptz[]` : sql`null`})
        on conflict do nothing
        returning scrape_run_id`,
      writtenRow,
    );
    if (rows.length > 0) pricesWritten = prices.length;
  }
  return { supply: supplyWritten, prices: pricesWritten };
}

/** Removes a run's points (a rebuild writes them again). */
export async function deletePointPacks(db: Executor, runId: number): Promise<void> {
  await db.execute(sql`delete from supply_packs where scrape_run_id = ${runId}`);
  await db.execute(sql`delete from price_packs where scrape_run_id = ${runId}`);
}

/**
 * Bulk loads (benchmarks) write points from a query, as packs: `points` selects scrape_run_id,
 * source_id, network_slug, observed_at, gpu_model, status, unit and quantity, one row a point.
 */
export async function insertSupplyPacksFrom(db: Executor, points: SQL): Promise<void> {
  await db.execute(sql`insert into point_labels (label) select distinct gpu_model from (${points}) p on conflict (label) do nothing`);
  await db.execute(sql`
    insert into supply_packs (scrape_run_id, source_id, network_slug, observed_at, gpu_model_ids, statuses, units, quantities)
    select p.scrape_run_id, min(p.source_id), min(p.network_slug), min(p.observed_at), array_agg(l.id order by l.id, p.status, p.unit),
      array_agg(array_position(${sql.param([...SUPPLY_STATUSES])}::text[], p.status)::smallint order by l.id, p.status, p.unit),
      array_agg(array_position(${sql.param([...SUPPLY_UNITS])}::text[], p.unit)::smallint order by l.id, p.status, p.unit),
      array_agg(p.quantity order by l.id, p.status, p.unit)
    from (${points}) p join point_labels l on l.label = p.gpu_model
    group by p.scrape_run_id
    on conflict do nothing`);
}
