/**
 * The production topology, run as `npm run topology` runs it: a fresh PostgreSQL database, two
 * web processes (SCRAPE_ENABLED=false) on the built app and one worker, every source pointed at
 * the recorded-payload server. Once the worker's first pass has committed, both web processes
 * must serve the same data version and the same data; SIGTERM then stops all three cleanly.
 *
 * A Playwright spec because it needs the build (`next start`), which `npm test` makes after
 * Vitest; run by playwright.topology.config.ts (its own ports, not the main suite's web server):
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx playwright test -c playwright.topology.config.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { openDatabase } from '../db/client';
import { selectRows } from '../db/rows';
import { createPostgresDatabase } from '../db/test-databases';
import { startReplayServer, type ReplayServer } from '../scripts/replay-server';
import { currentTime, currentTimeMs } from '../lib/clock';
import { historyShiftDays } from '../lib/sources/recordings';

const WEB_PORTS = [3301, 3302] as const;
/** For the last test: one port free, one already taken. */
const FREE_PORT = 3303;
const TAKEN_PORT = 3304;
const REPLAY_PORT = 4311;
const adminUrl = process.env.TEST_DATABASE_URL;

test.describe.configure({ mode: 'serial' });
// CI always has PostgreSQL: there a missing URL is a broken setup, never a quiet skip.
if (process.env.CI && !adminUrl) throw new Error('TEST_DATABASE_URL is unset on CI: the topology spec needs PostgreSQL');
test.skip(!adminUrl, 'TEST_DATABASE_URL is unset: the topology runs on PostgreSQL only (PGlite allows one process per data folder)');

let replay: ReplayServer;
let database: { url: string; drop(): Promise<void> };
let topology: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let output = '';

function startTopology(ports: readonly number[], sink: (text: string) => void) {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...replay.environment(), RENTABLE_PUBLIC_URL: 'http://127.0.0.1:3300', METRICS_PORT: '0', LOG_LEVEL: 'info' };
  delete environment.DATABASE_URL;
  delete environment.RENTABLE_DATA_DIR;
  // As `npm run topology` runs it (node with tsx's loader): the signal reaches the script itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/topology.ts', '--database-url', database.url, '--ports', ports.join(','), '--host', '127.0.0.1'],
    { env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk: Buffer) => sink(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => sink(chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, done };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output so far:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function databaseVersion(): Promise<string | null> {
  const handle = await openDatabase({ driver: 'postgres', url: database.url }, { migrate: false });
  try {
    const [row] = await selectRows(handle.db, sql`select max(id) as id from scrape_runs`, z.object({ id: z.coerce.number().int().nullable() }));
    return row?.id != null ? String(row.id) : null;
  } finally {
    await handle.close();
  }
}

const healthSchema = z.object({ status: z.string(), dataVersion: z.string().nullable(), reasons: z.array(z.string()) });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  replay = await startReplayServer({ port: REPLAY_PORT, shiftHistoryDays: historyShiftDays(currentTime()) });
  database = await createPostgresDatabase(adminUrl!);
  ({ child: topology, done: exited } = startTopology(WEB_PORTS, (text) => (output += text)));
});

test.afterAll(async () => {
  if (topology && topology.exitCode === null && topology.signalCode === null) {
    topology.kill('SIGTERM');
    await exited;
  }
  await replay?.close();
  await database?.drop();
});

async function serve(request: APIRequestContext, port: number) {
  const health = await request.get(`http://127.0.0.1:${port}/api/health`);
  const networks = await request.get(`http://127.0.0.1:${port}/api/v1/networks`);
  return { healthStatus: health.status(), health: healthSchema.parse(await health.json()), networksStatus: networks.status(), networks: await networks.text() };
}

test("both web processes serve the same data version right after the worker's first pass commits", async ({ request }) => {
  const startedAt = performance.now();
  await waitFor(() => /^worker +\| \{.*"component":"scrape".*"msg":"scrape pass done"\}$/m.test(output), 50_000, "the worker's first pass");
  const passMs = performance.now() - startedAt;
  for (const port of WEB_PORTS) expect(output).toMatch(new RegExp(`^web-${port} +\\| \\{.*"msg":"scraping disabled \\(SCRAPE_ENABLED=false\\): serving only"\\}$`, 'm'));

  // Every process writes JSON log lines (lib/log.ts), prefixed by the topology with its name.
  // The worker's history refresh may store a run at any moment: read both replicas between two
  // reads of the database that agree (and within one minute of the clock, which API bodies show).
  let answers: Awaited<ReturnType<typeof serve>>[] = [];
  let version: string | null = null;
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = await databaseVersion();
    const minute = Math.floor(currentTimeMs() / 60_000);
    answers = await Promise.all(WEB_PORTS.map((port) => serve(request, port)));
    if (before === (await databaseVersion()) && minute === Math.floor(currentTimeMs() / 60_000)) {
      version = before;
      break;
    }
  }
  expect(version, 'the database settled').not.toBeNull();
  for (const answer of answers) {
    expect(answer.healthStatus, answer.health.reasons.join('; ')).toBe(200);
    expect(answer.health.status).toBe('ready');
    expect(answer.health.dataVersion).toBe(version);
    expect(answer.networksStatus).toBe(200);
  }
  const [first, second] = answers as [(typeof answers)[0], (typeof answers)[0]];
  expect(second.networks).toBe(first.networks);
  expect(z.object({ networks: z.array(z.unknown()).min(1) }).parse(JSON.parse(first.networks)).networks.length).toBeGreaterThan(0);
  // Only the worker scraped: the web processes logged no pass of their own.
  expect(output).not.toMatch(/^web-\d+ +\| \{.*"component":"scrape"/m);
  console.log(`[topology.spec] first pass committed ${Math.round(passMs)} ms after start; data version ${version} on both replicas`);
});

test('SIGTERM stops the web processes and the worker cleanly, then the topology exits 143', async () => {
  const signalledAt = performance.now();
  topology.kill('SIGTERM');
  const exit = await exited;
  const tookMs = performance.now() - signalledAt;
  expect(exit, output).toEqual({ code: 143, signal: null });
  for (const name of [...WEB_PORTS.map((p) => `web-${p}`), 'worker']) {
    expect(output).toMatch(new RegExp(`^\\[topology\\] ${name} exited with code 143$`, 'm'));
  }
  expect(output).toMatch(/^worker +\| \{.*"component":"worker".*"msg":"SIGTERM: stopping/m);
  expect(output).toMatch(/^web-3301 +\| \{.*"component":"rentable".*"msg":"SIGTERM: stopping/m);
  expect(tookMs).toBeLessThan(20_000);
  // Nothing is left listening.
  for (const port of WEB_PORTS) await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  console.log(`[topology.spec] stopped in ${Math.round(tookMs)} ms`);
});

test('a process that exits on its own (its port is taken) stops the others, and the topology exits 1 for its supervisor', async () => {
  const squatter = http.createServer((_, res) => res.end('not rentable'));
  await new Promise<void>((resolve) => squatter.listen(TAKEN_PORT, '127.0.0.1', resolve));
  let text = '';
  try {
    const { done } = startTopology([FREE_PORT, TAKEN_PORT], (chunk) => (text += chunk));
    const exit = await done;
    expect(exit, text).toEqual({ code: 1, signal: null });
    expect(text).toMatch(new RegExp(`^\\[topology\\] web-${TAKEN_PORT} exited with code 1 on its own: stopping the others$`, 'm'));
    for (const name of [`web-${FREE_PORT}`, 'worker']) expect(text).toMatch(new RegExp(`^\\[topology\\] ${name} exited `, 'm'));
    expect(text).toMatch(/^\[topology\] stopped \(exit 1\)$/m);
    await expect(fetch(`http://127.0.0.1:${FREE_PORT}/api/health`)).rejects.toThrow();
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});
