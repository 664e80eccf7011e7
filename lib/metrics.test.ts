/**
 * /metrics in the web process, through its route, after a scrape pass over the recorded-payload
 * server (the scheduler's pass, as `npm start` runs it): per-source series with the right outcome
 * counts, points, bytes and durations, each source's last success read from the database, pool
 * use, API request durations by route pattern, ETag hits; the bearer token; one JSON log line
 * per run and per request error. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getMetrics } from '@/app/metrics/route';
import { GET as getRun } from '@/app/api/v1/runs/[id]/route';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { apiRoute, routePattern } from './api/route';
import { useDatabase } from './db';
import { noRateLimit } from './ingest/rate-limiter';
import { startScheduler } from './ingest/scheduler';
import { syncRegistry } from './ingest/sync-registry';
import { createLogger, setProcessLogger } from './log';
import { metrics } from './metrics';
import { metricsAuthorised } from './metrics-exposition';
import { akashGpuPrices, akashNetworkCapacity } from './sources/akash';
import { REFERENCE_FEEDS } from './sources/registry';

// Read once by lib/env.ts, before any request: every /metrics request in this file needs it.
const TOKEN = 'metrics-test-token-0123456789';
process.env.METRICS_TOKEN = TOKEN;

const targets = [...REFERENCE_FEEDS, akashGpuPrices, akashNetworkCapacity];
const authorised = { authorization: `Bearer ${TOKEN}` };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition format's sample lines: `name{label="value",…} number`. */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

/** The one sample of `name` with these labels (among others), or undefined. */
function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const noContext = { params: Promise.resolve({}) };

async function scrapeMetrics(headers: Record<string, string> = authorised, query = ''): Promise<Response> {
  return getMetrics(new Request(`http://localhost/metrics${query}`, { headers }), noContext);
}

async function metricSamples(): Promise<Sample[]> {
  const response = await scrapeMetrics();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseSamples(await response.text());
}

describe.each(testDatabaseKinds())('/metrics on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    useDatabase(handle);
    await syncRegistry(handle.db, targets);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('counts a scrape pass per source and outcome, with points, bytes, durations, last success and pool use; one JSON log line per run', async () => {
    // Counters are per process and this file runs both databases: compare before and after.
    const before = await metricSamples();
    server.setOverride({ network: 'akash', path: '/v1/network-capacity', status: 500, body: 'upstream broke' });
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const outcomes: { sourceId: string; pointsWritten: number; responseBytes: number }[] = [];
    const scheduler = startScheduler(handle.db, {
      targets,
      intervalMs: 3_600_000,
      environment: server.environment(),
      attempts: 1,
      rateLimiter: noRateLimit,
      logger,
      onOutcome: (o) => outcomes.push(o),
    });
    await scheduler.idle();
    await scheduler.stop();
    server.clearOverrides();
    const after = await metricSamples();

    const delta = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    const runs = (source: string, outcome: string) => delta('rentable_scrape_runs_total', { source, outcome });
    expect(runs('akash-gpu-prices', 'ok')).toBe(1);
    expect(runs('akash-gpu-prices', 'failed')).toBe(0);
    expect(runs('akash-network-capacity', 'failed')).toBe(1);
    expect(runs('akash-network-capacity', 'ok')).toBe(0);
    expect(runs('token-prices-coingecko', 'ok')).toBe(1);

    const prices = outcomes.find((o) => o.sourceId === 'akash-gpu-prices');
    expect(prices?.pointsWritten).toBeGreaterThan(0);
    expect(delta('rentable_points_written_total', { source: 'akash-gpu-prices' })).toBe(prices?.pointsWritten);
    expect(delta('rentable_scrape_response_bytes_total', { source: 'akash-gpu-prices' })).toBe(prices?.responseBytes);
    expect(prices?.responseBytes).toBeGreaterThan(1_000);
    expect(delta('rentable_scrape_run_duration_seconds_count', { source: 'akash-gpu-prices', outcome: 'ok' })).toBe(1);
    expect(delta('rentable_scrape_run_duration_seconds_count', { source: 'akash-network-capacity', outcome: 'failed' })).toBe(1);

    // Last success from the database: this database's own runs, whatever the process counted before.
    const [run] = (await handle.db.query.scrapeRuns.findMany({ where: (r, { eq }) => eq(r.sourceId, 'akash-gpu-prices') })) ?? [];
    expect(sample(after, 'rentable_source_last_success_timestamp_seconds', { source: 'akash-gpu-prices' })).toBe((run?.observedAt.getTime() ?? 0) / 1000);
    expect(sample(after, 'rentable_source_last_success_timestamp_seconds', { source: 'akash-network-capacity' })).toBeUndefined();

    if (kind.name === 'postgres') {
      expect(sample(after, 'rentable_db_pool_connections', { driver: 'postgres' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'rentable_db_pool_waiting_requests', { driver: 'postgres' })).toBe(0);
    } else {
      expect(sample(after, 'rentable_db_operations_in_flight', { driver: 'pglite' })).toBe(0);
    }
    // The process's own metrics, under the same prefix.
    expect(sample(after, 'rentable_process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // One log line per run, JSON, with what an operator filters on.
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const runLines = records.filter((r) => r.msg === 'scrape run');
    expect(runLines.map((r) => r.source).sort()).toEqual(targets.map((t) => t.id).sort());
    expect(runLines.find((r) => r.source === 'akash-gpu-prices')).toMatchObject({
      level: 'info',
      component: 'scrape',
      outcome: 'ok',
      reason: null,
      runId: expect.any(Number),
      durationMs: expect.any(Number),
      points: prices?.pointsWritten,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(runLines.find((r) => r.source === 'akash-network-capacity')).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('500'),
      runId: expect.any(Number),
      points: 0,
      httpStatus: 500,
    });
    expect(records.find((r) => r.msg === 'scrape pass done')).toMatchObject({ sources: targets.length, ok: 2, failed: 1 });
  });

  it('times API requests by route pattern and status, and counts ETag revalidations as cache hits', async () => {
    const [run] = await handle.db.query.scrapeRuns.findMany({ limit: 1 });
    const path = `/api/v1/runs/${run?.id}`;
    const context = { params: Promise.resolve({ id: String(run?.id) }) };
    const before = await metricSamples();
    const first = await getRun(new Request(`http://localhost${path}`), context);
    expect(first.status).toBe(200);
    const again = await getRun(new Request(`http://localhost${path}`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } }), context);
    expect(again.status).toBe(304);
    const missing = await getRun(new Request('http://localhost/api/v1/runs/999999'), { params: Promise.resolve({ id: '999999' }) });
    expect(missing.status).toBe(404);
    const after = await metricSamples();

    const delta = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    const requests = (status: string) => delta('rentable_http_request_duration_seconds_count', { route: '/api/v1/runs/[id]', method: 'GET', status });
    expect(requests('200')).toBe(1);
    expect(requests('304')).toBe(1);
    expect(requests('404')).toBe(1);
    // No series per run id: the label is the pattern.
    expect(after.some((s) => s.labels.route === path)).toBe(false);
    expect(delta('rentable_cache_requests_total', { cache: 'api-etag', result: 'hit' })).toBe(1);
    expect(delta('rentable_cache_requests_total', { cache: 'api-etag', result: 'miss' })).toBe(1);
    // The scrapes of /metrics are requests too.
    expect(delta('rentable_http_request_duration_seconds_count', { route: '/metrics', method: 'GET', status: '200' })).toBe(1);
  });

  it('answers 401 without the bearer token METRICS_TOKEN sets, 200 with it, and 400 for a parameter', async () => {
    const none = await scrapeMetrics({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorised' } });
    expect((await scrapeMetrics({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrapeMetrics({ authorization: TOKEN })).status).toBe(401);
    expect((await scrapeMetrics({ authorization: `bearer ${TOKEN}` })).status).toBe(200);
    const withParam = await scrapeMetrics(authorised, '?name=rentable_scrape_runs_total');
    expect(withParam.status).toBe(400);
    expect(await withParam.json()).toMatchObject({ error: { code: 'invalid_parameter', param: 'name' } });
  });
});

describe('metricsAuthorised', () => {
  it('lets everything through when no token is set, and only the exact bearer token when one is', () => {
    expect(metricsAuthorised(null, undefined)).toBe(true);
    expect(metricsAuthorised(null, 'a-token-of-sixteen-chars')).toBe(false);
    expect(metricsAuthorised('Bearer a-token-of-sixteen-chars', 'a-token-of-sixteen-chars')).toBe(true);
    expect(metricsAuthorised('Bearer a-token-of-sixteen', 'a-token-of-sixteen-chars')).toBe(false);
    expect(metricsAuthorised('Basic a-token-of-sixteen-chars', 'a-token-of-sixteen-chars')).toBe(false);
  });
});

describe('routePattern', () => {
  it('puts the parameter names back in place of their values, from the end', () => {
    expect(routePattern('/api/v1/runs/42', { id: '42' })).toBe('/api/v1/runs/[id]');
    expect(routePattern('/api/v1/networks', {})).toBe('/api/v1/networks');
    // A value that also spells a fixed segment is matched where dynamic segments are: last.
    expect(routePattern('/api/v1/runs/runs', { id: 'runs' })).toBe('/api/v1/runs/[id]');
    expect(routePattern('/api/v1/snapshots/ab%2Fcd', { sha256: 'ab/cd' })).toBe('/api/v1/snapshots/[sha256]');
    expect(routePattern('/a/x/b/y', { first: 'x', second: 'y' })).toBe('/a/[first]/b/[second]');
    expect(routePattern('/docs/a/b', { slug: ['a', 'b'] })).toBe('/docs/[...slug]');
  });
});

describe('apiRoute', () => {
  it('times a route Next.js calls without params (a route with no dynamic segment)', async () => {
    const route = apiRoute(async () => new Response('ok'));
    const response = await route(new Request('http://localhost/api/v1/static-thing'), {});
    expect(response.status).toBe(200);
    expect(parseSamples(await metrics().registry.metrics())).toContainEqual({
      name: 'rentable_http_request_duration_seconds_count',
      labels: { route: '/api/v1/static-thing', method: 'GET', status: '200' },
      value: 1,
    });
  });

  it('logs an unexpected error as one JSON line and answers the error envelope', async () => {
    const lines: string[] = [];
    setProcessLogger(createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }));
    const failing = apiRoute(async () => {
      throw new Error('the disk is on fire');
    });
    const response = await failing(new Request('http://localhost/api/v1/networks?x=1'), noContext);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'internal_error' } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'error',
      component: 'api',
      msg: 'request failed',
      method: 'GET',
      path: '/api/v1/networks',
      err: { type: 'Error', message: 'the disk is on fire', stack: expect.stringContaining('the disk is on fire') },
    });
  });
});
