/**
 * Contract tests of /api/v1/model-supply: one GPU model, every network's sources, through the
 * real route handler over a database filled through the real scrape path (same setup as
 * api.test.ts). Every parameter error is a 400 naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { GET as getModelSupply } from '@/app/api/v1/model-supply/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { readRecording } from '../sources/recordings';
import type { ModelSupplyResponse, SupplyResponse } from './responses';

const noContext = { params: Promise.resolve({}) };

const call = (handler: typeof getModelSupply, path: string) => handler(new Request(`http://localhost${path}`), noContext);

// The Akash figure must be the recorded payload's: H100 SXM is the recording's `h100` entry.
const akashRecording = z
  .object({ models: z.array(z.object({ model: z.string(), availability: z.object({ available: z.number() }) })) })
  .parse(JSON.parse(new TextDecoder().decode(readRecording('akash', 'gpu-prices.json'))));
const akashH100Available = akashRecording.models.find((m) => m.model === 'h100')?.availability.available;

describe.each(testDatabaseKinds())('/api/v1/model-supply on $name', (kind) => {
  let seeded: SeededDatabase | undefined;

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, {
      useAsProcessDatabase: true,
      replay: { lastHours: 4, recordingsFrom: new Date('2026-11-20T00:00:00Z') },
    });
  }, 120_000);
  afterAll(() => seeded?.close());

  it('serves every network’s rentable series for one model, with gaps as null and provenance run ids', async () => {
    const response = await call(getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&status=rentable&range=24h');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('max-age=60');
    const body = (await response.json()) as ModelSupplyResponse;
    expect(body.model).toBe('h100-sxm-80gb');
    expect(body.window.resolution).toBe('hour');
    expect(body.previous).toBeNull();
    expect(body.series.every((s) => s.gpuModel === 'h100-sxm-80gb' && s.metric === 'rentable')).toBe(true);

    const networks = new Set(body.series.map((s) => s.networkSlug));
    for (const slug of ['akash', 'ionet', 'hyperbolic', 'fluence', 'lium', 'spheron', 'vastai']) expect(networks, slug).toContain(slug);
    // AWS publishes list prices, never capacity.
    expect(networks).not.toContain('aws');

    const akash = body.series.find((s) => s.sourceId === 'akash-gpu-prices');
    const observed = akash?.points.filter((p) => p.value !== null) ?? [];
    expect(akashH100Available).toBeGreaterThan(0);
    expect(observed.length).toBe(4);
    expect(observed.every((p) => p.value === akashH100Available && typeof p.runId === 'number')).toBe(true);
    expect(akash?.points.some((p) => p.value === null)).toBe(true);

    expect(body.sources.map((s) => s.id).sort()).toEqual([...new Set(body.series.map((s) => s.sourceId))].sort());
    expect(body.sources.find((s) => s.id === 'akash-gpu-prices')).toMatchObject({ networkSlug: 'akash', evidenceGrade: 'official-api' });
  });

  it('agrees with the per-network supply endpoint, source by source', async () => {
    const all = (await (await call(getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&range=24h')).json()) as ModelSupplyResponse;
    const akash = (await (
      await call(getSupply, '/api/v1/supply?network=akash&model=h100-sxm-80gb&range=24h')
    ).json()) as SupplyResponse;
    const key = (s: { sourceId: string; metric: string; unit: string }) => `${s.sourceId}|${s.metric}|${s.unit}`;
    const fromAll = all.series.filter((s) => s.networkSlug === 'akash').sort((a, b) => key(a).localeCompare(key(b)));
    expect(fromAll.length).toBeGreaterThan(0);
    expect(fromAll).toEqual([...akash.series].sort((a, b) => key(a).localeCompare(key(b))));
    // The default status list is all three.
    expect(new Set(all.series.map((s) => s.metric))).toEqual(new Set(['claimed', 'free', 'rentable']));
  });

  it('adds the previous period when asked to compare', async () => {
    const body = (await (
      await call(getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&status=rentable&range=24h&compare=1')
    ).json()) as ModelSupplyResponse;
    expect(body.previous).not.toBeNull();
    expect(body.previous?.every((s) => s.points.every((p) => p.value === null))).toBe(true);
  });

  it('answers a real card nobody lists with no series, and a made-up model with a 404 like an unknown network', async () => {
    const response = await call(getModelSupply, '/api/v1/model-supply?model=mi325x&range=24h');
    expect(response.status).toBe(200);
    const body = (await response.json()) as ModelSupplyResponse;
    expect(body.series).toEqual([]);
    expect(body.sources).toEqual([]);
    for (const model of ['zz-no-such-card', '1e308', '2026-13-01', 'unknown:never-listed']) {
      const missing = await call(getModelSupply, `/api/v1/model-supply?model=${encodeURIComponent(model)}&range=24h`);
      expect(missing.status, model).toBe(404);
      const text = await missing.text();
      expect(text, model).not.toContain(model);
    }
  });

  const badRequests: [string, string, string][] = [
    ['no model', '/api/v1/model-supply', 'model'],
    ['model=all', '/api/v1/model-supply?model=all', 'model'],
    ['a malformed model', '/api/v1/model-supply?model=%3Cscript%3E', 'model'],
    ['a bad status', '/api/v1/model-supply?model=h100-sxm-80gb&status=rentable,idle', 'status'],
    ['a network (this endpoint spans them all)', '/api/v1/model-supply?model=h100-sxm-80gb&network=akash', 'network'],
    ['a bad range', '/api/v1/model-supply?model=h100-sxm-80gb&range=2w', 'range'],
    ['custom without to', '/api/v1/model-supply?model=h100-sxm-80gb&range=custom&from=2026-01-01', 'to'],
    ['a bad resolution', '/api/v1/model-supply?model=h100-sxm-80gb&resolution=minute', 'resolution'],
    ['a bad scale', '/api/v1/model-supply?model=h100-sxm-80gb&scale=cubic', 'scale'],
    ['a bad compare', '/api/v1/model-supply?model=h100-sxm-80gb&compare=yes', 'compare'],
    ['an unknown parameter', '/api/v1/model-supply?model=h100-sxm-80gb&modle=x', 'modle'],
  ];
  it.each(badRequests)('400 for %s, naming the parameter', async (_name, path, param) => {
    const response = await call(getModelSupply, path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; param: string } };
    expect(body.error).toMatchObject({ code: 'invalid_parameter', param });
    expect(body.error.message).toContain(param);
  });
});
