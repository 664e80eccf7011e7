/**
 * `npm run bench`: how long the reads behind the overview, /status, /api/v1/networks, the
 * flags page and /compare take, on a short and then a long history of the real shape, so the
 * reader sees whether a read's cost follows the days stored. On the embedded database, or on
 * DATABASE_URL when set (an empty database: the bench refuses one that holds scrape runs).
 *
 *   1. the registry synced and a few real scrape passes against the recorded-payload server,
 *      timed; their rollups give the real series keys (every source's GPU models, statuses and
 *      price statistics, ~556 keys);
 *   2. `BENCH_SHORT_DAYS` (default 7) days of history at the real cadence: a run of every
 *      source every 10 minutes (1 in 20 failed), the network totals as points of every
 *      successful run, hourly and daily rollups of every key; the reads, timed;
 *   3. history extended to `BENCH_LONG_DAYS` (default 365) days before the same "now"; the
 *      same reads, timed again.
 * The history is loaded in SQL (generate_series, unnest) through the same tables and triggers
 * production writes. Figures, not assertions: speed is proven here, never by timed tests.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { selectRows } from '../db/rows';
import { insertSupplyPacksFrom } from '../db/point-packs';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import { runScrapePass } from '../lib/ingest/scrape-pass';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { readCostClaims, readDependability, readFlags, readReality } from '../lib/queries/analytics';
import { readLastSuccesses } from '../lib/queries/last-success';
import { readModelCoverage } from '../lib/queries/model-coverage';
import { readNetworkSummaries } from '../lib/queries/network-summary';
import { readSeries } from '../lib/queries/series';
import { readSourceStatuses } from '../lib/queries/source-status';
import { readDataVersion } from '../db/data-version';
import { SCRAPE_TARGETS } from '../lib/sources/registry';
import { startReplayServer } from './replay-server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CADENCE_MINUTES = 10;

const days = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: must be a whole number of days, got ${process.env[name]}`);
  return value;
};
const shortDays = days('BENCH_SHORT_DAYS', 7);
const longDays = days('BENCH_LONG_DAYS', 365);
if (longDays <= shortDays) throw new Error('BENCH_LONG_DAYS must be more than BENCH_SHORT_DAYS');

async function timed<T>(run: () => Promise<T>, repeat: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const databaseUrl = process.env.DATABASE_URL;
const handle = await openDatabase(databaseUrl ? { driver: 'postgres', url: databaseUrl } : { driver: 'pglite', dataDir: null });
const db = handle.db;
const server = await startReplayServer();
try {
  console.log(`database: ${handle.description}`);
  const [existing] = await selectRows(db, sql`select count(*) as runs from scrape_runs`, z.object({ runs: z.coerce.number() }));
  if ((existing?.runs ?? 0) > 0) throw new Error('the bench writes a synthetic history: point DATABASE_URL at an empty database (this one holds scrape runs)');

  // "Now" of every read; history ends here.
  const now = new Date(Date.UTC(2026, 10, 24));
  const longFrom = now.getTime() - longDays * DAY;
  await syncRegistry(db, SCRAPE_TARGETS);

  // Real passes before the synthetic history, so their times never collide with it.
  let pass = 0;
  const passMs = await timed(
    () =>
      runScrapePass(db, {
        targets: SCRAPE_TARGETS,
        at: new Date(longFrom - DAY + pass++ * HOUR),
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

  const month = { from: new Date(now.getTime() - 30 * DAY), to: now, resolution: 'day' as const };
  const network = 'ionet';
  const reads: [string, () => Promise<unknown>, number][] = [
    ['data version (one row)', () => readDataVersion(db), 20],
    ['source statuses (/status, /api/v1/sources)', () => readSourceStatuses(db, now), 5],
    ['network summaries (overview, /api/v1/networks)', () => readNetworkSummaries(db, now), 5],
    ['last success per source (/metrics)', () => readLastSuccesses(db), 5],
    ['cost claims (/flags, /api/v1/reality)', () => readCostClaims(db, DEFAULT_THRESHOLDS), 5],
    ['model coverage (/compare picker)', () => readModelCoverage(db), 5],
    ['dependability, 30 days daily', () => readDependability(db, month, DEFAULT_THRESHOLDS), 3],
    ['reality league, 30 days daily', () => readReality(db, month, DEFAULT_THRESHOLDS), 3],
    ['flags, every network, 30 days daily', () => readFlags(db, month, DEFAULT_THRESHOLDS), 3],
    [
      `supply series, ${network}, 7 days hourly`,
      () => readSeries(db, { networkSlug: network, gpuModel: 'all', metrics: ['claimed', 'free', 'rentable'], from: new Date(now.getTime() - 7 * DAY), to: now, resolution: 'hour' }),
      5,
    ],
    [
      `supply series, ${network}, 1 year daily`,
      () => readSeries(db, { networkSlug: network, gpuModel: 'all', metrics: ['claimed', 'free', 'rentable'], from: new Date(now.getTime() - 365 * DAY), to: now, resolution: 'day' }),
      5,
    ],
  ];
  const measure = async () => {
    const out = new Map<string, number>();
    for (const [label, run, repeat] of reads) out.set(label, await timed(run, repeat));
    return out;
  };

  const shortFrom = now.getTime() - shortDays * DAY;
  await loadDays(shortFrom, now.getTime(), `history of ${shortDays} days`);
  const short = await measure();
  await loadDays(longFrom, shortFrom, `history of ${longDays} days`);
  const long = await measure();

  const head = `${'read (median ms)'.padEnd(52)} ${`${shortDays} d`.padStart(10)} ${`${longDays} d`.padStart(10)}`;
  console.log(`\n${head}\n${'-'.repeat(head.length)}`);
  for (const [label] of reads) {
    console.log(`${label.padEnd(52)} ${(short.get(label) ?? 0).toFixed(1).padStart(10)} ${(long.get(label) ?? 0).toFixed(1).padStart(10)}`);
  }
} finally {
  await handle.close();
  await server.close();
}
