/**
 * Contract tests of /api/v1: the real route handlers over a database filled through the real
 * scrape path. Every parameter error is a 400 naming the parameter; unknown things are 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { GET as getNetworks } from '@/app/api/v1/networks/route';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getRun } from '@/app/api/v1/runs/[id]/route';
import { GET as getSnapshot } from '@/app/api/v1/snapshots/[sha256]/route';
import { GET as getSources } from '@/app/api/v1/sources/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { readRecording } from '../sources/recordings';
import type { PricesResponse, RunProvenance, SupplyResponse } from './responses';

const noContext = { params: Promise.resolve({}) };

function call<C>(handler: (request: Request, context: C) => Promise<Response>, path: string, context: C) {
  return handler(new Request(`http://localhost${path}`), context);
}

describe.each(testDatabaseKinds())('/api/v1 on $name', (kind) => {
  let seeded: SeededDatabase | undefined;

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, {
      useAsProcessDatabase: true,
      replay: { lastHours: 4, recordingsFrom: new Date('2026-11-20T00:00:00Z') },
    });
  }, 120_000);
  afterAll(() => seeded?.close());

  it('lists every network with its largest claim and rentable figure', async () => {
    const response = await call(getNetworks, '/api/v1/networks', noContext);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('max-age=60');
    // Open data: scripts on any site may read it.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { networks: { slug: string; largestClaim: { value: number; sourceId: string } | null }[] };
    expect(body.networks.map((n) => n.slug)).toContain('aethir');
    // The current claim is the live explorer's, never the 2024 ledger's 564,306.
    const ionet = body.networks.find((n) => n.slug === 'ionet');
    // A headline says what kind of evidence it is, from the source that gave it.
    expect(ionet?.largestClaim).toMatchObject({ sourceId: 'ionet-explorer-network', evidenceGrade: 'official-api' });
    expect(ionet?.largestClaim?.value).not.toBe(564306);
  });

  it('serves supply series per source with gaps as null and provenance run ids', async () => {
    const response = await call(getSupply, '/api/v1/supply?network=akash&status=claimed,rentable&range=24h', noContext);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SupplyResponse;
    expect(body.window.resolution).toBe('hour');
    const claimed = body.series.find((s) => s.sourceId === 'akash-gpu-prices' && s.metric === 'claimed');
    const observed = claimed?.points.filter((p) => p.value !== null) ?? [];
    expect(observed.length).toBe(4);
    expect(observed.every((p) => p.value === 453 && typeof p.runId === 'number')).toBe(true);
    expect(claimed?.points.some((p) => p.value === null)).toBe(true);
    expect(body.sources.find((s) => s.id === 'akash-gpu-prices')?.evidenceGrade).toBe('official-api');
    expect(body.previous).toBeNull();
  });

  it('adds the previous period when asked to compare', async () => {
    const body = (await (await call(getSupply, '/api/v1/supply?network=akash&range=24h&compare=1', noContext)).json()) as SupplyResponse;
    expect(body.previous).not.toBeNull();
    expect(body.previous?.every((s) => s.points.every((p) => p.value === null))).toBe(true);
  });

  it('serves prices for one model with the AWS line for the same model', async () => {
    const response = await call(getPrices, '/api/v1/prices?model=h100-sxm-80gb&network=akash&range=24h', noContext);
    expect(response.status).toBe(200);
    const body = (await response.json()) as PricesResponse;
    const akash = body.series.find((s) => s.sourceId === 'akash-gpu-prices' && s.metric === 'price_median');
    expect(akash?.points.filter((p) => p.value !== null).every((p) => p.value === 2.56)).toBe(true);
    expect(body.series.some((s) => s.networkSlug === 'aws')).toBe(true);
  });

  it('opens the scrape run behind a point, and its raw bytes', async () => {
    const supply = (await (await call(getSupply, '/api/v1/supply?network=akash&status=claimed&range=24h', noContext)).json()) as SupplyResponse;
    const runId = supply.series.find((s) => s.sourceId === 'akash-gpu-prices')?.points.find((p) => p.runId !== null)?.runId;
    const response = await call(getRun, `/api/v1/runs/${runId}`, { params: Promise.resolve({ id: String(runId) }) });
    expect(response.status).toBe(200);
    const provenance = (await response.json()) as RunProvenance;
    expect(provenance.run).toMatchObject({ id: runId, sourceId: 'akash-gpu-prices', httpStatus: 200, outcome: 'ok', evidenceGrade: 'official-api' });
    expect(provenance.run.requestUrl).toMatch(/\/akash\/v1\/gpu-prices$/);
    const sha = provenance.snapshot?.sha256 ?? '';
    const raw = await call(getSnapshot, provenance.snapshot?.rawUrl ?? '', { params: Promise.resolve({ sha256: sha }) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(readRecording('akash', 'gpu-prices.json'));
  });

  it('lists every request of a run read in pages, each with its raw bytes', async () => {
    const supply = (await (await call(getSupply, '/api/v1/supply?network=spheron&status=free&range=24h', noContext)).json()) as SupplyResponse;
    const runId = supply.series.find((s) => s.sourceId === 'spheron-gpu-offers')?.points.find((p) => p.runId !== null)?.runId;
    const provenance = (await (await call(getRun, `/api/v1/runs/${runId}`, { params: Promise.resolve({ id: String(runId) }) })).json()) as RunProvenance;
    expect(provenance.requests.map((r) => [r.seq, r.requestUrl.replace(/^.*\/spheron/, ''), r.httpStatus])).toEqual([
      [0, '/gpu-offers?page=1&limit=100&sortBy=popularity&sortOrder=asc', 200],
      [1, '/gpu-offers?page=2&limit=100&sortBy=popularity&sortOrder=asc', 200],
    ]);
    // The first request's snapshot is the run's snapshot, as before.
    expect(provenance.snapshot?.sha256).toBe(provenance.requests[0]?.snapshot?.sha256);
    for (const [index, file] of ['gpu-offers.page-1.json', 'gpu-offers.page-2.json'].entries()) {
      const snapshot = provenance.requests[index]?.snapshot;
      const raw = await call(getSnapshot, snapshot?.rawUrl ?? '', { params: Promise.resolve({ sha256: snapshot?.sha256 ?? '' }) });
      expect(new Uint8Array(await raw.arrayBuffer())).toEqual(readRecording('spheron', file));
    }
  });

  it('lists a one-request run as its one request', async () => {
    const supply = (await (await call(getSupply, '/api/v1/supply?network=akash&status=claimed&range=24h', noContext)).json()) as SupplyResponse;
    const runId = supply.series.find((s) => s.sourceId === 'akash-gpu-prices')?.points.find((p) => p.runId !== null)?.runId;
    const provenance = (await (await call(getRun, `/api/v1/runs/${runId}`, { params: Promise.resolve({ id: String(runId) }) })).json()) as RunProvenance;
    expect(provenance.requests).toEqual([
      { seq: 0, requestUrl: provenance.run.requestUrl, httpStatus: 200, snapshot: { sha256: provenance.snapshot?.sha256, sizeBytes: provenance.snapshot?.sizeBytes, rawUrl: provenance.snapshot?.rawUrl } },
    ]);
  });

  it('lists sources with their status', async () => {
    const body = (await (await call(getSources, '/api/v1/sources', noContext)).json()) as { sources: { sourceId: string }[] };
    expect(body.sources.length).toBeGreaterThan(20);
  });

  const idOf = (path: string) => path.split('/').pop()?.split('?')[0] ?? '';
  const routes = {
    supply: (path: string) => call(getSupply, path, noContext),
    prices: (path: string) => call(getPrices, path, noContext),
    networks: (path: string) => call(getNetworks, path, noContext),
    run: (path: string) => call(getRun, path, { params: Promise.resolve({ id: idOf(path) }) }),
    snapshot: (path: string) => call(getSnapshot, path, { params: Promise.resolve({ sha256: idOf(path) }) }),
  };

  const badRequests: [string, keyof typeof routes, string, string][] = [
    ['supply without network', 'supply', '/api/v1/supply', 'network'],
    ['supply with a malformed network', 'supply', '/api/v1/supply?network=IO%20NET', 'network'],
    ['supply with a bad status', 'supply', '/api/v1/supply?network=akash&status=claimed,idle', 'status'],
    ['supply with a bad range', 'supply', '/api/v1/supply?network=akash&range=2w', 'range'],
    ['supply with from but no range=custom', 'supply', '/api/v1/supply?network=akash&from=2026-01-01', 'from'],
    ['supply with custom and no to', 'supply', '/api/v1/supply?network=akash&range=custom&from=2026-01-01', 'to'],
    ['supply with an unparseable date', 'supply', '/api/v1/supply?network=akash&range=custom&from=soon&to=2026-01-01', 'from'],
    ['supply with a bad resolution', 'supply', '/api/v1/supply?network=akash&resolution=minute', 'resolution'],
    ['supply with a bad scale', 'supply', '/api/v1/supply?network=akash&scale=cubic', 'scale'],
    ['supply with a bad compare', 'supply', '/api/v1/supply?network=akash&compare=yes', 'compare'],
    ['supply with a bad model', 'supply', '/api/v1/supply?network=akash&model=%3Cscript%3E', 'model'],
    ['supply with an unknown parameter', 'supply', '/api/v1/supply?network=akash&netwrok=x', 'netwrok'],
    ['prices without model', 'prices', '/api/v1/prices', 'model'],
    ['prices with a malformed network', 'prices', '/api/v1/prices?model=h100-sxm-80gb&network=%24', 'network'],
    ['networks with a parameter', 'networks', '/api/v1/networks?x=1', 'x'],
    ['a run id that is not a number', 'run', '/api/v1/runs/abc', 'id'],
    ['a run id with leading zeros', 'run', '/api/v1/runs/0001', 'id'],
    ['run 0, which no run has', 'run', '/api/v1/runs/0', 'id'],
    ['a snapshot hash that is not hex', 'snapshot', '/api/v1/snapshots/xyz', 'sha256'],
  ];
  it.each(badRequests)('400 for %s, naming the parameter', async (_name, route, path, param) => {
    const response = await routes[route](path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; param: string } };
    expect(body.error).toMatchObject({ code: 'invalid_parameter', param });
    expect(body.error.message).toContain(param);
  });

  it.each([
    ['an unknown network', 'supply', '/api/v1/supply?network=notanetwork'],
    ['prices of an unknown network', 'prices', '/api/v1/prices?model=h100-sxm-80gb&network=notanetwork'],
    ['an unknown run', 'run', '/api/v1/runs/999999999'],
    ['an unknown snapshot', 'snapshot', `/api/v1/snapshots/${'0'.repeat(64)}`],
  ] as const)('404 for %s', async (_name, route, path) => {
    const response = await routes[route](path);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
