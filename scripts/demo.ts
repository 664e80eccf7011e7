/**
 * `npm run demo`: the dashboard on a replay of recorded payloads, in its own data folder
 * (./data/demo), with every page labelled as demo data. It always shows a week of history
 * that ends now, built through the real scrape path: the recordings' dated sequences (io.net's
 * drifting totals, its frozen 69,415, its small rentable pool) are mapped onto the last seven
 * days. A folder kept from an earlier run is topped up to now when its history is less than a
 * week old, and replayed afresh when it is older. Then the scheduler keeps scraping the
 * recorded-payload server as production scrapes the APIs.
 *
 * "Now" is the wall clock, or RENTABLE_NOW to show the demo as of another moment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { max } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { runBackfill } from '../lib/ingest/backfill';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';
import { scrapeRuns } from '../db/schema';
import { currentTime, currentTimeMs } from '../lib/clock';
import { historyShiftDays, RECORDINGS_TIMELINE_DAY } from '../lib/sources/recordings';
import { buildIfStale, startNext } from './next-server';
import { startReplayServer, type ReplayServer } from './replay-server';
import { replayHistory } from './replay-history';

// Set before the clock is first read: the demo is a replaying server, so RENTABLE_NOW counts.
process.env.RENTABLE_DEMO = 'true';
// The demo's scheduler runs hourly unless told otherwise (production's 10 minutes would make a
// week 1,008 passes to replay), and its history is replayed at that same cadence, each source on
// its own schedule: the charts then see the cadence the app believes in, so an empty hourly
// bucket is a missed scrape, not an artefact of the replay.
process.env.SCRAPE_INTERVAL_MINUTES ||= '60';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** The demo's cadence between replayed passes of its history: the scheduler's interval. */
const STEP_MS = Number(process.env.SCRAPE_INTERVAL_MINUTES) * 60_000;
/** The dated sequences in lib/sources/recordings cover the week before their timeline day. */
const RECORDINGS_FROM = new Date(Date.parse(`${RECORDINGS_TIMELINE_DAY}T00:00:00Z`) - 7 * DAY);
/** After the recorded week the server answers with its last recorded day, as a live API would. */
const RECORDINGS_LAST_DAY = new Date(RECORDINGS_FROM.getTime() + WEEK);
const dataDir = path.resolve(process.env.RENTABLE_DEMO_DATA_DIR ?? './data/demo');

async function newestObservation(handle: DatabaseHandle): Promise<Date | null> {
  const [row] = await handle.db.select({ newest: max(scrapeRuns.observedAt) }).from(scrapeRuns);
  return row?.newest ?? null;
}

const replayProgress = (at: Date) => process.stdout.write(`\r[demo] replaying ${at.toISOString().slice(0, 13)}:00Z`);

/** A fresh week ending at `to`: backfill, then every source every STEP_MS. */
async function replayWeek(handle: DatabaseHandle, replay: ReplayServer, environment: Record<string, string | undefined>, to: Date): Promise<number> {
  await syncRegistry(handle.db, SCRAPE_TARGETS);
  await runBackfill(handle.db, { committed: committedSources(), history: HISTORY_SOURCES, environment, attempts: 1 });
  return replayHistory(handle.db, replay, {
    targets: SCRAPE_TARGETS,
    from: new Date(to.getTime() - WEEK),
    to,
    stepMs: STEP_MS,
    recordingsFrom: RECORDINGS_FROM,
    followSchedules: true,
    onPass: replayProgress,
  });
}

buildIfStale();
// Published histories (io.net's staking, Akash's breakdown) keep their place before now too.
const replay = await startReplayServer({ port: Number(process.env.DEMO_REPLAY_PORT ?? 4010), shiftHistoryDays: historyShiftDays(currentTime()) });
console.log(`[demo] recorded-payload server on ${replay.url}`);
const environment = { ...process.env, ...replay.environment() };

const to = new Date(Math.floor(currentTimeMs() / HOUR) * HOUR);
fs.mkdirSync(dataDir, { recursive: true });
let seed = await openDatabase({ driver: 'pglite', dataDir });
const started = performance.now();
try {
  const newest = await newestObservation(seed);
  let passes: number;
  // Kept when it ends within the week before now (not after it: RENTABLE_NOW may have moved back).
  if (newest && newest.getTime() > to.getTime() - WEEK && newest.getTime() <= currentTimeMs()) {
    // Top up from where the kept history stops, so the week still ends now.
    await syncRegistry(seed.db, SCRAPE_TARGETS);
    passes = await replayHistory(seed.db, replay, {
      targets: SCRAPE_TARGETS,
      from: new Date(newest.getTime() + STEP_MS),
      to,
      stepMs: STEP_MS,
      recordingsFrom: RECORDINGS_LAST_DAY,
      followSchedules: true,
      onPass: replayProgress,
    });
    console.log(`\n[demo] kept the history in ${dataDir} and topped it up to now with ${passes} replayed passes`);
  } else {
    if (newest) {
      // Outside the week the demo shows: start again rather than chart a stale week.
      console.log(`[demo] the history in ${dataDir} ends ${newest.toISOString()}, not in the week before now: replaying it afresh`);
      await seed.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true });
      seed = await openDatabase({ driver: 'pglite', dataDir });
    }
    passes = await replayWeek(seed, replay, environment, to);
    console.log(`\n[demo] ${passes} replayed scrape passes into ${dataDir}`);
  }
  console.log(`[demo] history ready in ${Math.round((performance.now() - started) / 1000)} s, ending ${to.toISOString()}`);
} finally {
  await seed.close();
}

replay.setClock(RECORDINGS_LAST_DAY);
const server = startNext({ ...environment, RENTABLE_DATA_DIR: dataDir, RENTABLE_DEMO: 'true', DATABASE_URL: '' });
server.on('exit', (code) => {
  void replay.close();
  process.exit(code ?? 0);
});
