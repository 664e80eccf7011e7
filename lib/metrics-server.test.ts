/**
 * `npm run worker`'s own /metrics, from the real script in a child process against the
 * recorded-payload server: after its first pass the port answers per-source series (the token
 * required when METRICS_TOKEN is set), on PGlite (a data folder) and on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childDatabaseKinds, type ChildDatabase } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';

const TOKEN = 'worker-metrics-token-0123456789';

const kinds = childDatabaseKinds();

type LogRecord = Record<string, unknown>;

describe.each(kinds)('npm run worker serves /metrics on $name', (kind) => {
  let server: ReplayServer;
  let database: ChildDatabase;
  let worker: ChildProcess;
  const records: LogRecord[] = [];
  let exited: Promise<number | null>;

  const waitForLog = async (matches: (r: LogRecord) => boolean, what: string, timeoutMs = 90_000): Promise<LogRecord> => {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const found = records.find(matches);
      if (found) return found;
      if (performance.now() > until) throw new Error(`timed out waiting for ${what}; logs: ${JSON.stringify(records)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    server = await startReplayServer();
    database = await kind.create();
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    delete inherited.RENTABLE_DATA_DIR;
    const environment = {
      ...inherited,
      ...server.environment(),
      ...database.environment,
      METRICS_PORT: '0',
      METRICS_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      SCRAPE_TIMEOUT_MS: '5000',
    };
    worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    worker.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) records.push(JSON.parse(line) as LogRecord);
    });
    worker.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    exited = new Promise((resolve) => worker.on('exit', (code) => resolve(code)));
  }, 60_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await exited;
    }
    await server?.close();
    await database?.drop();
  }, 30_000);

  it('answers with per-source series after its first pass, behind the token, and logs each run as JSON', async () => {
    const served = await waitForLog((r) => r.msg === 'metrics served', 'the metrics port');
    const url = `http://127.0.0.1:${String(served.port)}/metrics`;
    const done = await waitForLog((r) => r.msg === 'scrape pass done', 'the first pass');
    expect(done).toMatchObject({ component: 'scrape', failed: 0 });

    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^rentable_scrape_runs_total\{source="akash-gpu-prices",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^rentable_points_written_total\{source="akash-gpu-prices"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rentable_source_last_success_timestamp_seconds\{source="akash-gpu-prices"\} \d{10}/m);
    expect(text).toMatch(kind.name === 'postgres' ? /^rentable_db_pool_connections\{driver="postgres"\} [1-9]/m : /^rentable_db_operations_in_flight\{driver="pglite"\} \d/m);
    expect((await fetch(url.replace('/metrics', '/other'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);

    const run = await waitForLog((r) => r.msg === 'scrape run' && r.source === 'akash-gpu-prices', 'the run line');
    expect(run).toMatchObject({ component: 'scrape', outcome: 'ok', runId: expect.any(Number), points: expect.any(Number), durationMs: expect.any(Number) });

    worker.kill('SIGTERM');
    expect(await exited).toBe(143);
  }, 120_000);
});
