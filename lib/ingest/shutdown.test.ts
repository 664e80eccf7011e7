/**
 * `npm run scrape` stopped by SIGTERM mid-pass, as a process manager stops it: the real script
 * (tsx) against the recorded-payload server, one source answering far slower than the pass
 * lasts. It must exit within the shutdown bound with the signal's code, leave no lease (the
 * next pass scrapes the slow source at once, not "busy" for minutes) and store no run for the
 * source it aborted, on PGlite (a data folder) and on PostgreSQL. `npm run worker` and the
 * start path (lib/boot.ts) are stopped the same way.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { childDatabaseKinds, type ChildDatabase } from '@/db/test-databases';
import { scrapeRuns, sourceLeases } from '@/db/schema';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { SHUTDOWN_BOUND_MS } from './shutdown';
import { currentTime } from '../clock';

const SLOW_SOURCE = 'akash-gpu-prices';

interface Child {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

function runScrape(environment: NodeJS.ProcessEnv, script: string[] = ['scripts/scrape.ts']): Child {
  // As `npm run scrape` runs it: node with tsx's loader, no tsx CLI in between (whose signal
  // relay SIGKILLs a child that does not acknowledge the signal within 30 ms).
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
  };
}

/** The JSON log lines (lib/log.ts) among a child's output. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const kinds = childDatabaseKinds();

describe.each(kinds)('npm run scrape stopped by SIGTERM on $name', (kind) => {
  let server: ReplayServer;
  let database: ChildDatabase;
  let environment: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startReplayServer();
    database = await kind.create();
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    delete inherited.RENTABLE_DATA_DIR;
    // A minute per attempt: only the shutdown can end the slow source's fetch within the test.
    environment = { ...inherited, ...server.environment(), ...database.environment, SCRAPE_TIMEOUT_MS: '60000' };
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const inspect = async () => {
    const handle = await openDatabase(database.target);
    try {
      const leases = await handle.db.select().from(sourceLeases);
      const slowRuns = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, SLOW_SOURCE));
      const runs = await handle.db.select({ error: scrapeRuns.error }).from(scrapeRuns);
      return { leases, slowRuns, runs };
    } finally {
      await handle.close();
    }
  };

  it('exits within the bound, releases its leases, stores nothing for the aborted source; the next pass scrapes it at once', async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 120_000 });
    const first = runScrape(environment);
    // Mid-pass: the slow source's request has reached the server and is waiting for its answer.
    await waitFor(() => server.requests.includes('GET /akash/v1/gpu-prices'), 60_000, 'the slow request');
    const signalledAt = performance.now();
    first.kill('SIGTERM');
    const exit = await first.exited;
    const tookMs = performance.now() - signalledAt;

    expect(exit, first.stderr()).toEqual({ code: 143, signal: null });
    expect(tookMs).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(first.stdout()).toMatch(new RegExp(`^aborted +${SLOW_SOURCE} .*aborted by shutdown: nothing stored$`, 'm'));
    expect(first.stderr()).toMatch(/^interrupted by SIGTERM: \d+ runs stored before it, \d+ sources? aborted$/m);

    const after = await inspect();
    expect(after.leases).toEqual([]);
    expect(after.slowRuns).toEqual([]);
    // No source stored a failed run claiming the shutdown as its reason.
    expect(after.runs.filter((r) => r.error?.includes('abort'))).toEqual([]);

    // The next pass finds the source free (no stale lease) and scrapes it.
    server.clearOverrides();
    const second = runScrape(environment);
    const secondExit = await second.exited;
    expect(second.stdout()).toMatch(new RegExp(`^ok +${SLOW_SOURCE} +\\d+ points`, 'm'));
    expect(second.stdout()).not.toMatch(/^busy/m);
    expect(secondExit, second.stderr()).toEqual({ code: 0, signal: null });
    const final = await inspect();
    expect(final.slowRuns.map((r) => r.outcome)).toEqual(['ok']);
    expect(final.leases).toEqual([]);
  }, 180_000);

  it('npm run worker too: exits within the bound on SIGTERM mid-pass, leaving no lease and no run for the aborted source', async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 120_000 });
    const requestsBefore = server.requests.filter((r) => r === 'GET /akash/v1/gpu-prices').length;
    const runsBefore = (await inspect()).slowRuns.length;
    const worker = runScrape({ ...environment, LOG_LEVEL: 'info' }, ['scripts/worker.ts']);
    await waitFor(() => server.requests.filter((r) => r === 'GET /akash/v1/gpu-prices').length > requestsBefore, 60_000, 'the slow request');
    const signalledAt = performance.now();
    worker.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit, worker.stderr()).toEqual({ code: 143, signal: null });
    expect(performance.now() - signalledAt).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(logLines(worker.stdout())).toContainEqual(expect.objectContaining({ component: 'worker', msg: expect.stringMatching(/^SIGTERM: stopping/) }));
    const after = await inspect();
    expect(after.leases).toEqual([]);
    expect(after.slowRuns).toHaveLength(runsBefore);
  }, 120_000);

  it("npm start's server too (lib/boot.ts, which Next.js runs at start): same shutdown on SIGTERM", async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 120_000 });
    const requestsBefore = server.requests.filter((r) => r === 'GET /akash/v1/gpu-prices').length;
    const runsBefore = (await inspect()).slowRuns.length;
    // The start path without the Next.js server around it (no build in the unit tests).
    const boot = pathToFileURL(path.join(process.cwd(), 'lib', 'boot.ts')).href;
    const app = runScrape({ ...environment, LOG_LEVEL: 'info' }, ['-e', `import(${JSON.stringify(boot)}).then((m) => m.bootServer()).then(() => setInterval(() => {}, 1 << 30))`]);
    await waitFor(() => server.requests.filter((r) => r === 'GET /akash/v1/gpu-prices').length > requestsBefore, 60_000, 'the slow request');
    const signalledAt = performance.now();
    app.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit, app.stderr()).toEqual({ code: 143, signal: null });
    expect(performance.now() - signalledAt).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(logLines(app.stdout())).toContainEqual(
      expect.objectContaining({ component: 'scrape', msg: 'scrape run', source: 'akash-gpu-prices', outcome: 'aborted', reason: 'aborted by shutdown: nothing stored' }),
    );
    const after = await inspect();
    expect(after.leases).toEqual([]);
    expect(after.slowRuns).toHaveLength(runsBefore);
  }, 120_000);

  it('exits 1 with a one-line reason when the pass stores no run at all', async () => {
    // Every source is held by another scraper: nothing can be stored.
    const handle = await openDatabase(database.target);
    const until = new Date(currentTime().getTime() + 10 * 60_000);
    try {
      const ids = (await handle.db.select({ id: scrapeRuns.sourceId }).from(scrapeRuns)).map((r) => r.id);
      await handle.db
        .insert(sourceLeases)
        .values([...new Set(ids)].map((sourceId) => ({ sourceId, holder: 'other-host/pid 1/abc', expiresAt: until })))
        .onConflictDoNothing();
    } finally {
      await handle.close();
    }
    const child = runScrape(environment);
    const exit = await child.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(child.stdout()).toMatch(/^busy +akash-gpu-prices +previous run still going: lease held by other-host\/pid 1\/abc until /m);
    expect(child.stderr()).toMatch(/^nothing recorded: \d+ busy \(.+: previous run still going: lease held by other-host\/pid 1\/abc until .+\)$/m);
  }, 120_000);
});
