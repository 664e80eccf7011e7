/**
 * `npm run demo`: the dashboard on a replay of recorded payloads, in its own data folder
 * (./data/demo), with every page labelled as demo data. On first run it builds a week of
 * history through the real scrape path: the recordings' dated sequences (io.net's drifting
 * totals, its frozen 69,415, its small rentable pool) are mapped onto the last seven days.
 * Then the scheduler keeps scraping the recorded-payload server as production scrapes the APIs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { runBackfill } from '../lib/ingest/backfill';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';
import { scrapeRuns } from '../db/schema';
import { buildIfStale, startNext } from './next-server';
import { startReplayServer } from './replay-server';
import { replayHistory } from './replay-history';

const DAY = 24 * 3_600_000;
/** The dated sequences in lib/sources/recordings cover this week. */
const RECORDINGS_FROM = new Date('2026-11-17T00:00:00Z');
const dataDir = path.resolve(process.env.RENTABLE_DEMO_DATA_DIR ?? './data/demo');

buildIfStale();
const replay = await startReplayServer({ port: Number(process.env.DEMO_REPLAY_PORT ?? 4010) });
console.log(`[demo] recorded-payload server on ${replay.url}`);
const environment = { ...process.env, ...replay.environment() };

fs.mkdirSync(dataDir, { recursive: true });
const seed = await openDatabase({ driver: 'pglite', dataDir });
try {
  const empty = (await seed.db.select({ id: scrapeRuns.id }).from(scrapeRuns).limit(1)).length === 0;
  if (empty) {
    await syncRegistry(seed.db, SCRAPE_TARGETS);
    await runBackfill(seed.db, { committed: committedSources(), history: HISTORY_SOURCES, environment, attempts: 1 });
    const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(to.getTime() - 7 * DAY);
    const started = Date.now();
    const passes = await replayHistory(seed.db, replay, {
      targets: SCRAPE_TARGETS,
      from,
      to,
      stepMs: 2 * 3_600_000,
      recordingsFrom: RECORDINGS_FROM,
      onPass: (at) => process.stdout.write(`\r[demo] replaying ${at.toISOString().slice(0, 13)}:00Z`),
    });
    console.log(`\n[demo] ${passes} replayed scrape passes in ${Math.round((Date.now() - started) / 1000)} s into ${dataDir}`);
  } else {
    console.log(`[demo] reusing the history in ${dataDir} (delete the folder to replay it afresh)`);
  }
} finally {
  await seed.close();
}

// From now on the server answers with the last recorded day, as a live API would.
replay.setClock(new Date(RECORDINGS_FROM.getTime() + 7 * DAY));
const server = startNext({ ...environment, RENTABLE_DATA_DIR: dataDir, RENTABLE_DEMO: 'true', DATABASE_URL: '' });
server.on('exit', (code) => {
  void replay.close();
  process.exit(code ?? 0);
});
