/**
 * The synthetic history of the benchmarks (`npm run bench`, `npm run bench:http`), at the real
 * shape and cadence, loaded in SQL through the tables production writes:
 *   1. a few real scrape passes against the recorded-payload server, timed; their rollups give
 *      the real series keys (every source's GPU models, statuses and price statistics);
 *   2. `loadDays(from, to)`: a run of every source every 10 minutes (1 in 20 failed), the network
 *      totals as points of every successful run, hourly and daily rollups of every key, then the
 *      derived state (source totals, latest values, data version) in one statement each.
 * One loader, so the figures of every benchmark are measured on the same history.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { insertSupplyPacksFrom } from '../db/point-packs';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import { runScrapePass } from '../lib/ingest/scrape-pass';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { SCRAPE_TARGETS } from '../lib/sources/registry';
import type { ReplayServer } from './replay-server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const CADENCE_MINUTES = 10;

export async function timed<T>(run: () => Promise<T>, repeat: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export interface BenchHistory {
  /** Loads the UTC days from `fromMs` (inclusive) to `toMs` (exclusive) and prints what it stored. */
  loadDays(fromMs: number, toMs: number, label: string): Promise<void>;
}

/**
 * Syncs the registry and runs the real passes the day before `firstDayMs` (so their times never
 * collide with the synthetic history). Refuses a database that already holds scrape runs.
 */
export async function startBenchHistory(db: Database, server: ReplayServer, firstDayMs: number): Promise<BenchHistory> {
  const [existing] = await selectRows(db, sql`select count(*) as runs from scrape_runs`, z.object({ runs: z.coerce.number() }));
  if ((existing?.runs ?? 0) > 0) throw new Error('the bench writes a synthetic history: point it at an empty database (this one holds scrape runs)');
  await syncRegistry(db, SCRAPE_TARGETS);

// Real passes before the synthetic history, so their times never collide with it.
let pass = 0;
const passMs = await timed(
  () =>
    runScrapePass(db, {
      targets: SCRAPE_TARGETS,
      at: new Date(firstDayMs - DAY + pass++ * HOUR),
      environment: server.environment(),
      attempts: 1,
      force: true,
      rateLimiter: noRateLimit,
    }),
  3,
);
console.log(`scrape pass, ${SCRAPE_TARGETS.length} sources (recorded payloads): median ${passMs.toFixed(0)} ms of 3`);

const keys = await selectRows(
  db,
  sql`select distinct source_id, network_slug, gpu_model, metric, unit from series_rollups order by source_id, gpu_model, metric, unit`,
  z.object({ source_id: z.string(), network_slug: z.string(), gpu_model: z.string(), metric: z.string(), unit: z.string() }),
);
const scraped = [...new Set(SCRAPE_TARGETS.map((t) => t.id))];
console.log(`real shape: ${scraped.length} sources, ${keys.length} series keys (source × GPU model × metric × unit) from the recordings`);
const column = (pick: (k: (typeof keys)[number]) => string) => sql.param(keys.map(pick));
const keyTable = sql`unnest(${column((k) => k.source_id)}::text[], ${column((k) => k.network_slug)}::text[], ${column((k) => k.gpu_model)}::text[],
  ${column((k) => k.metric)}::text[], ${column((k) => k.unit)}::text[]) as k(source_id, network_slug, gpu_model, metric, unit)`;
// Quantities for supply metrics, USD per GPU-hour for prices, moving over the week.
const value = (at: string) =>
  sql.raw(`(case when k.metric like 'price_%' then 1.5 + 0.5 * sin(extract(epoch from ${at}) / 604800.0) else 1000 + round(500 * sin(extract(epoch from ${at}) / 604800.0)) end)`);

/** One UTC day of history at the real cadence: runs, totals as points, hourly and daily rollups. */
async function loadDay(tx: Pick<typeof db, 'execute'>, dayStart: number): Promise<void> {
  const from = new Date(dayStart).toISOString();
  const to = new Date(dayStart + DAY).toISOString();
  await tx.execute(sql`
    insert into scrape_runs (source_id, network_slug, observed_at, started_at, duration_ms, request_url, http_status, outcome, error,
      adapter_version, evidence_grade, points_written, origin)
    select s.id, s.network_slug, t, t, 800, 'bench:' || s.id, case when f.failed then 503 else 200 end,
      case when f.failed then 'failed' else 'ok' end, case when f.failed then 'HTTP 503 (bench)' else null end,
      s.adapter_version, s.evidence_grade, case when f.failed then 0 else 3 end, 'live'
    from sources s
    cross join generate_series(${from}::timestamptz, ${to}::timestamptz - interval '${sql.raw(String(CADENCE_MINUTES))} minutes', interval '${sql.raw(String(CADENCE_MINUTES))} minutes') t
    cross join lateral (select abs(hashtext(s.id || t::text)) % 20 = 0 as failed) f
    where s.id in (${sql.join(scraped.map((id) => sql`${id}`), sql`, `)})`);
  await insertSupplyPacksFrom(
    tx,
    sql`
      select r.id as scrape_run_id, r.source_id, k.network_slug, r.observed_at, 'all' as gpu_model, k.metric as status, k.unit,
        ${value('r.observed_at')} as quantity
      from ${keyTable}
      join scrape_runs r on r.source_id = k.source_id and r.outcome = 'ok'
        and r.observed_at >= ${from}::timestamptz and r.observed_at < ${to}::timestamptz
      where k.gpu_model = 'all' and k.metric in ('claimed', 'free', 'rentable')`,
  );
  for (const resolution of ['hour', 'day'] as const) {
    const step = resolution === 'hour' ? "interval '1 hour'" : "interval '1 day'";
    await tx.execute(sql`
      insert into series_rollups (resolution, bucket_start, source_id, network_slug, gpu_model, metric, unit, samples, sum, min, max, last, last_observed_at, last_run_id)
      select ${resolution}, b, k.source_id, k.network_slug, k.gpu_model, k.metric, k.unit,
        ${resolution === 'hour' ? 6 : 144}, ${value('b')} * ${resolution === 'hour' ? 6 : 144}, ${value('b')}, ${value('b')}, ${value('b')}, b, 0
      from ${keyTable}
      cross join generate_series(${from}::timestamptz, ${to}::timestamptz - ${sql.raw(step)}, ${sql.raw(step)}) b
      on conflict do nothing`);
  }
}

async function loadDays(fromDay: number, toDay: number, label: string): Promise<void> {
  const t0 = performance.now();
  // Row by row, the triggers of migration 0006 would make loading a year take most of an
  // hour here; the bulk load skips them (replica role, per transaction) and then derives
  // their state in one statement each, as the migration does for an existing database. The
  // scrape passes above went through them, so their cost is in the pass figure.
  for (let d = fromDay; d < toDay; d += DAY) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await loadDay(tx, d);
    });
  }
  const derived = performance.now();
  await db.execute(sql`
    insert into source_totals (source_id, runs, points_written)
    select source_id, count(*), coalesce(sum(points_written), 0) from scrape_runs group by source_id
    on conflict (source_id) do update set runs = excluded.runs, points_written = excluded.points_written`);
  await db.execute(sql`
    insert into series_latest (source_id, network_slug, gpu_model, metric, unit, bucket_start, last, last_observed_at)
    select distinct on (source_id, gpu_model, metric, unit) source_id, network_slug, gpu_model, metric, unit, bucket_start, last, last_observed_at
    from series_rollups where resolution = 'day'
    order by source_id, gpu_model, metric, unit, bucket_start desc
    on conflict (source_id, gpu_model, metric, unit) do update set network_slug = excluded.network_slug,
      bucket_start = excluded.bucket_start, last = excluded.last, last_observed_at = excluded.last_observed_at`);
  await db.execute(sql`update data_version set version = version + 1 where id = 1`);
  await db.execute(sql`analyze`);
  const derivedMs = performance.now() - derived;
  const [counts] = await selectRows(
    db,
    sql`select (select count(*) from scrape_runs) as runs, (select count(*) from supply_points) as points, (select count(*) from series_rollups) as rollups`,
    z.object({ runs: z.coerce.number(), points: z.coerce.number(), rollups: z.coerce.number() }),
  );
  console.log(
    `${label}: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (derived state ${(derivedMs / 1000).toFixed(1)} s); stored ${counts?.runs.toLocaleString('en-US')} runs, ` +
      `${counts?.points.toLocaleString('en-US')} supply points, ${counts?.rollups.toLocaleString('en-US')} rollup rows`,
  );
}

  return { loadDays };
}
