/**
 * `npm run bench`: prints how long the hot paths take on the embedded database (or
 * DATABASE_URL if set, in a scratch schema-free way: it only reads/writes its own sources).
 *   1. one scrape pass of every source against the recorded-payload server;
 *   2. chart reads from the rollups after a year of hourly history for 20 sources × 3 statuses
 *      (bulk-loaded with unnest, as a year of scraping would leave them);
 *   3. the flags and reality analytics over 30 days.
 * Figures, not assertions: speed is proven here, never by timed tests.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import { runScrapePass } from '../lib/ingest/scrape-pass';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { readFlags, readReality } from '../lib/queries/analytics';
import { readNetworkSummaries } from '../lib/queries/network-summary';
import { readSeries } from '../lib/queries/series';
import { SCRAPE_TARGETS, SOURCES } from '../lib/sources/registry';
import { startReplayServer } from './replay-server';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function timed<T>(label: string, run: () => Promise<T>, repeat = 5): Promise<T> {
  let result: T | undefined;
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`${label.padEnd(58)} median ${median.toFixed(1).padStart(8)} ms  (min ${times[0]?.toFixed(1)}, ${repeat} runs)`);
  return result as T;
}

const handle = await openDatabase({ driver: 'pglite', dataDir: null });
const server = await startReplayServer();
try {
  console.log(`database: ${handle.description}`);
  await syncRegistry(handle.db, SCRAPE_TARGETS);
  let pass = 0;
  await timed(
    `scrape pass, ${SCRAPE_TARGETS.length} sources (recorded payloads)`,
    () =>
      runScrapePass(handle.db, {
        targets: SCRAPE_TARGETS,
        at: new Date(Date.UTC(2026, 0, 1) + pass++ * HOUR),
        environment: server.environment(),
        attempts: 1,
        force: true,
        rateLimiter: noRateLimit,
      }),
    5,
  );

  // A year of hourly rollups for 20 sources × 3 statuses, and the matching daily buckets.
  const sources = SOURCES.slice(0, 20);
  const to = new Date(Date.UTC(2026, 10, 24));
  const from = new Date(to.getTime() - 365 * DAY);
  const t0 = performance.now();
  let rows = 0;
  for (const source of sources) {
    for (const metric of ['claimed', 'free', 'rentable']) {
      for (const resolution of ['hour', 'day'] as const) {
        const step = resolution === 'hour' ? HOUR : DAY;
        const buckets: string[] = [];
        const values: number[] = [];
        for (let t = from.getTime(); t < to.getTime(); t += step) {
          buckets.push(new Date(t).toISOString());
          values.push(1000 + Math.round(500 * Math.sin(t / (7 * DAY))));
        }
        rows += buckets.length;
        await handle.db.execute(sql`
          insert into series_rollups (resolution, bucket_start, source_id, network_slug, gpu_model, metric, unit, samples, sum, min, max, last, last_observed_at, last_run_id)
          select ${resolution}, b, ${source.id}, ${source.network}, 'all', ${metric}, 'gpus', 6, v * 6, v, v, v, b, 1
          from unnest(${sql.param(buckets)}::timestamptz[], ${sql.param(values)}::float8[]) as t(b, v)
          on conflict do nothing`);
      }
    }
  }
  console.log(`${`bulk-loaded ${rows.toLocaleString('en-US')} rollup rows (unnest)`.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(8)} ms`);

  const network = sources[0]?.network ?? 'ionet';
  const read = (days: number, resolution: 'hour' | 'day') => () =>
    readSeries(handle.db, {
      networkSlug: network,
      gpuModel: 'all',
      metrics: ['claimed', 'free', 'rentable'],
      from: new Date(to.getTime() - days * DAY),
      to,
      resolution,
    });
  await timed(`supply series, one network, 7 days hourly`, read(7, 'hour'));
  await timed(`supply series, one network, 90 days daily`, read(90, 'day'));
  await timed(`supply series, one network, 1 year daily`, read(365, 'day'));
  await timed(`supply series, one network, 1 year hourly (no rollup choice)`, read(365, 'hour'), 3);
  await timed(`network summaries (overview)`, () => readNetworkSummaries(handle.db, to));
  const window = { from: new Date(to.getTime() - 30 * DAY), to, resolution: 'day' as const };
  await timed(`flags, every network, 30 days daily`, () => readFlags(handle.db, window, DEFAULT_THRESHOLDS), 3);
  await timed(`reality league, every network, 30 days daily`, () => readReality(handle.db, window, DEFAULT_THRESHOLDS), 3);
} finally {
  await handle.close();
  await server.close();
}
