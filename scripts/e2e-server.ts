/**
 * What Playwright starts: the recorded-payload server, a fresh embedded database seeded
 * through the real scrape path at two earlier hours (so the chart has a line), then the built
 * app on top with its scheduler on, exactly as `npm start` runs it.
 *
 * Everything is laid relative to the test clock (RENTABLE_NOW, pinned by playwright.config.ts
 * and inherited here and by the app), so the same database is built whatever the date.
 *
 *   E2E_PORT=3200 REPLAY_PORT=4011 npx tsx scripts/e2e-server.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';
import { runBackfill } from '../lib/ingest/backfill';
import { IONET_SOURCES } from '../lib/sources/ionet';
import { startReplayServer } from './replay-server';
import { replayHistory } from './replay-history';
import { daysToArchive, storeArchive } from '../lib/ingest/archive-write';
import { currentTime, currentTimeMs } from '../lib/clock';
import { historyShiftDays } from '../lib/sources/recordings';
import { pinTestClock } from './test-clock';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { runEventPipeline } from '../lib/events/pipeline';

// Started by hand rather than by Playwright: the same clock all the same.
pinTestClock();

const port = process.env.E2E_PORT ?? '3200';
// Published histories keep their place before the test clock's day.
const replay = await startReplayServer({ port: Number(process.env.REPLAY_PORT ?? 4011), shiftHistoryDays: historyShiftDays(currentTime()) });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-e2e-'));
const environment = { ...process.env, ...replay.environment() };
// A webhook receiver for the app's deliveries (answers 204 to each), so /status has a log to show.
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(204).end());
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rentable-events`;
// Each seeded pass is followed by event detection, as the app's scheduler does after its passes.
const detectEvents = async (at: Date) => {
  await runEventPipeline(seed.db, { now: at, thresholds: DEFAULT_THRESHOLDS, webhookUrls: [webhookUrl] });
};

const seed = await openDatabase({ driver: 'pglite', dataDir });
await syncRegistry(seed.db, SCRAPE_TARGETS);
await runBackfill(seed.db, { committed: committedSources(), history: HISTORY_SOURCES, environment, attempts: 1 });
const hour = 3_600_000;
const thisHour = Math.floor(currentTimeMs() / hour) * hour;
// A week of io.net's dated recordings, ending a day ago: its totals drift, one never moves,
// rentable stays small; the flags page must see that. Hourly, as the hourly charts draw it: a
// sparser replay of a 10-minute source is honestly a row of isolated points, not a line.
await replayHistory(seed.db, replay, {
  targets: IONET_SOURCES,
  from: new Date(thisHour - 8 * 24 * hour),
  to: new Date(thisHour - 24 * hour),
  stepMs: hour,
  recordingsFrom: new Date('2026-11-17T00:00:00Z'),
  afterPass: detectEvents,
});
// Then three hours of every source, so the charts have a line.
await replayHistory(seed.db, replay, {
  targets: SCRAPE_TARGETS,
  from: new Date(thisHour - 3 * hour + 5 * 60_000),
  to: new Date(thisHour),
  stepMs: hour,
  // Before the dated sequences begin: the specs check figures against the default recordings.
  recordingsFrom: new Date('2026-11-01T00:00:00Z'),
  afterPass: detectEvents,
});
// The seeded week's completed days are archived, as the scraping process does every hour, so
// /api/v1/archive and its examples have files to serve.
for (const day of await daysToArchive(seed.db)) await storeArchive(seed.db, day);
await seed.close();

const server = spawn(
  process.execPath,
  [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', port, '-H', '127.0.0.1'],
  {
    stdio: 'inherit',
    env: { ...environment, RENTABLE_DATA_DIR: dataDir, RENTABLE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
      SCRAPE_ENABLED: 'true',
      WEBHOOK_URLS: webhookUrl,
      WEBHOOK_SECRET: 'e2e-webhook-secret-not-a-real-one',
    },
  },
);
const stop = async () => {
  server.kill('SIGTERM');
  await replay.close();
  receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
server.on('exit', (code) => {
  void replay.close();
  receiver.close();
  process.exit(code ?? 0);
});
