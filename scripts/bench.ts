/**
 * `npm run bench`: how long the reads behind the overview, /status, /api/v1/networks, the
 * flags page and /compare take, on a short and then a long history of the real shape, so the
 * reader sees whether a read's cost follows the days stored. On the embedded database, or on
 * DATABASE_URL when set (an empty database: the bench refuses one that holds scrape runs).
 *
 * The history is scripts/bench-history.ts's, the one loader of every benchmark:
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
import { openDatabase } from '../db/client';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { readCostClaims, readDependability, readFlags, readReality } from '../lib/queries/analytics';
import { readLastSuccesses } from '../lib/queries/last-success';
import { readModelCoverage } from '../lib/queries/model-coverage';
import { readNetworkSummaries } from '../lib/queries/network-summary';
import { readSeries } from '../lib/queries/series';
import { readSourceStatuses } from '../lib/queries/source-status';
import { readDataVersion } from '../db/data-version';
import { DAY, startBenchHistory, timed } from './bench-history';
import { startReplayServer } from './replay-server';

const days = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: must be a whole number of days, got ${process.env[name]}`);
  return value;
};
const shortDays = days('BENCH_SHORT_DAYS', 7);
const longDays = days('BENCH_LONG_DAYS', 365);
if (longDays <= shortDays) throw new Error('BENCH_LONG_DAYS must be more than BENCH_SHORT_DAYS');

const databaseUrl = process.env.DATABASE_URL;
const handle = await openDatabase(databaseUrl ? { driver: 'postgres', url: databaseUrl } : { driver: 'pglite', dataDir: null });
const db = handle.db;
const server = await startReplayServer();
try {
  console.log(`database: ${handle.description}`);
  // "Now" of every read; history ends here.
  const now = new Date(Date.UTC(2026, 10, 24));
  const longFrom = now.getTime() - longDays * DAY;

  const history = await startBenchHistory(db, server, longFrom);

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
  await history.loadDays(shortFrom, now.getTime(), `history of ${shortDays} days`);
  const short = await measure();
  await history.loadDays(longFrom, shortFrom, `history of ${longDays} days`);
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
