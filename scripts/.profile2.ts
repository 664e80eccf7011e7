import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
const handle = await openDatabase({ driver: 'pglite', dataDir: process.argv[2]!, thread: 'main' });
const db = handle.db;
const t = async <T>(label: string, f: () => Promise<T>) => { const t0 = performance.now(); const r = await f(); console.log(label.padEnd(40), (performance.now() - t0).toFixed(0), 'ms'); return r; };
const from = new Date(Date.now() - 30 * 86400000).toISOString(), to = new Date().toISOString();
for (let i = 0; i < 2; i++) {
await t('sources', () => db.execute(sql`select distinct source_id, network_slug from series_rollups where resolution = 'day' and gpu_model = 'all' and metric in ('claimed','free','rentable') and bucket_start >= ${from}::timestamptz and bucket_start < ${to}::timestamptz`));
const runs = await t('runs one source', () => db.execute(sql`select count(*) as n, string_agg(id::text || ':' || round(extract(epoch from observed_at) * 1000)::bigint::text || ':' || case when outcome = 'ok' then coalesce(points_from_run_id, id)::text else '' end, ',' order by observed_at) as runs from (select id, observed_at, outcome, points_from_run_id from scrape_runs where source_id = 'ionet-explorer' and observed_at >= ${from}::timestamptz and observed_at < ${to}::timestamptz order by observed_at desc limit 13000) newest`));
const ids = await db.execute(sql`select array_agg(id) as ids from scrape_runs where outcome='ok' and observed_at >= ${from}::timestamptz and source_id in (select distinct source_id from supply_packs)`);
const arr = (ids.rows[0] as { ids: number[] }).ids;
console.log('pack runs', arr.length);
await t('points via view', () => db.execute(sql`select status, unit, string_agg(scrape_run_id::text || ':' || quantity::text, ',') as figures from supply_points where scrape_run_id = any(${sql.param(arr)}::bigint[]) and gpu_model = 'all' and status in ('claimed','free','rentable') group by status, unit`));
await t('packs raw', () => db.execute(sql`select scrape_run_id, statuses, units, quantities from supply_packs where scrape_run_id = any(${sql.param(arr)}::bigint[])`));
await t('packs agg text', () => db.execute(sql`select string_agg(scrape_run_id::text || ':' || array_to_string(gpu_model_ids, ';') || ':' || array_to_string(statuses, ';') || ':' || array_to_string(units, ';') || ':' || array_to_string(quantities, ';'), ',') from supply_packs where scrape_run_id = any(${sql.param(arr)}::bigint[])`));
}
const v = await db.execute(sql`select pg_get_viewdef('supply_points')`); console.log(v.rows);
const e = await db.execute(sql`explain analyze select status, unit, string_agg(scrape_run_id::text || ':' || quantity::text, ',') as figures from supply_points where scrape_run_id = any(array(select id from scrape_runs where observed_at >= ${from}::timestamptz limit 60000)) and gpu_model = 'all' group by status, unit`); console.log(e.rows.map((r) => Object.values(r)[0]).join('\n'));
await handle.close();
