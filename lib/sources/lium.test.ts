import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { scrapeRuns, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { liumExecutors } from './lium';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-20T12:00:00Z');

function executor(overrides: Record<string, unknown>) {
  return {
    id: 'e1',
    machine_name: 'NVIDIA H100 80GB HBM3',
    price_per_gpu: 1.85,
    gpu_count: 8,
    available_gpu_count: 8,
    executor_ip_address: '203.0.113.10',
    tier: 'secure',
    ...overrides,
  };
}

describe('lium executors parse', () => {
  const snapshot = () => parsed(liumExecutors.parse(readRecording('lium', 'executors.json'), context));

  it('reads claimed, free and rentable GPUs and USD prices from the recorded payload', () => {
    const s = snapshot();
    // 12 executors, one a duplicate of another's IP: 11 hosts.
    expect(supplyOf(s, 'all', 'claimed')).toBe(54);
    expect(supplyOf(s, 'all', 'free')).toBe(42);
    expect(supplyOf(s, 'all', 'rentable')).toBe(34);
    expect(supplyOf(s, 'h100-pcie-80gb', 'rentable')).toBe(2);
    expect(priceOf(s, 'h100-pcie-80gb', 'min')?.usdPerGpuHour).toBe(1.45);
    expect(supplyOf(s, 'b200', 'claimed')).toBe(8);
    expect(supplyOf(s, 'b200', 'rentable')).toBe(4);
    expect(priceOf(s, 'b200', 'median')?.usdPerGpuHour).toBe(4.6);
    expect(supplyOf(s, 'rtx-pro-6000', 'rentable')).toBe(4);
    expect(priceOf(s, 'rtx-5090', 'min')?.usdPerGpuHour).toBe(0.55);
    expect(s.unknownModels).toEqual([]);
  });

  it('prices a model over its hosts with GPUs free: min, p25, median and the listing count', () => {
    const s = snapshot();
    // rtx 4090: 4 free at 0.35 (spot), 2 fully rented at 0.32 (not a listing), 1 free at 0.29.
    expect(supplyOf(s, 'rtx-4090', 'claimed')).toBe(7);
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(5);
    expect(priceOf(s, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.29, 6);
    expect(priceOf(s, 'rtx-4090', 'p25')?.usdPerGpuHour).toBeCloseTo(0.305, 6);
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.32, 6);
    expect(priceOf(s, 'rtx-4090', 'median')?.listings).toBe(2);
  });

  it('counts executors sharing an IP address once', () => {
    const s = snapshot();
    // Two registrations of one Dallas host (8 GPUs each, the second at $1.79) and a Helsinki host (2 of 8 free).
    expect(supplyOf(s, 'h100-sxm-80gb', 'claimed')).toBe(16);
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(10);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(10);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBe(1.85);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.975, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.listings).toBe(2);
  });

  it('keeps the largest registration of a shared IP address', () => {
    const payload = [
      executor({ id: 'small', gpu_count: 2, available_gpu_count: 2 }),
      executor({ id: 'large', gpu_count: 8, available_gpu_count: 6 }),
      executor({ id: 'no-ip', executor_ip_address: null, gpu_count: 1, available_gpu_count: 1 }),
    ];
    const s = parsed(liumExecutors.parse(json(payload), context));
    expect(supplyOf(s, 'all', 'claimed')).toBe(9);
    expect(supplyOf(s, 'all', 'free')).toBe(7);
  });

  it('counts idle GPUs of a host without a price as free but not rentable', () => {
    const s = snapshot();
    expect(supplyOf(s, 'a100-sxm-80gb', 'free')).toBe(8);
    expect(supplyOf(s, 'a100-sxm-80gb', 'rentable')).toBe(0);
    expect(priceOf(s, 'a100-sxm-80gb', 'min')).toBeUndefined();
  });

  it('normalises "NVIDIA H200" (nvidia-smi name of the SXM card) to h200-sxm-141gb', () => {
    // The H200 NVL reports itself as "NVIDIA H200 NVL", so a bare "NVIDIA H200" is the SXM card.
    const s = snapshot();
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(8);
    expect(priceOf(s, 'h200-sxm-141gb', 'min')?.usdPerGpuHour).toBe(2.95);
  });

  it('unit trap: price_per_gpu is already USD per GPU-hour (not divided by gpu_count)', () => {
    const s = parsed(liumExecutors.parse(json([executor({ price_per_gpu: 1.85, gpu_count: 8 })]), context));
    // $1.85 per GPU-hour on an 8-GPU host: the host costs $14.80/h, the GPU-hour stays $1.85.
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBe(1.85);
  });

  it('keeps an unrecognised machine name as unknown:<name>', () => {
    const s = parsed(liumExecutors.parse(json([executor({ machine_name: 'NVIDIA Graphics Device' })]), context));
    expect(s.unknownModels).toEqual(['unknown:NVIDIA Graphics Device']);
  });

  it('fails a payload cut off mid-object', () => {
    const result = liumExecutors.parse(readRecording('lium', 'executors.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = liumExecutors.parse(readRecording('lium', 'executors.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(liumExecutors, context);
  });

  it('fails the pre-2026 shape (costPerHr instead of price_per_gpu) as a changed shape', () => {
    const result = liumExecutors.parse(readRecording('lium', 'executors.changed-shape.json'), context);
    expectChangedShape(result, 'price_per_gpu');
  });

  it('fails a count that is not a count, even as a string ("8x")', () => {
    const result = liumExecutors.parse(json([executor({ available_gpu_count: '8x' })]), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('0.available_gpu_count') });
  });
});

describe('lium executors: records validated one by one (recording from the SDK’s own fixtures)', () => {
  // executors.partial-records.json: ten records in the shape of the SDK's test fixture
  // (test/test_ls_tier.py `_make_executor_dict`), some with machine_name null or missing,
  // counts as strings, no top-level gpu_count; two with nothing to read.
  const snapshot = () => parsed(liumExecutors.parse(readRecording('lium', 'executors.partial-records.json'), context));

  it('skips the two unreadable records and counts them per reason, keeping the other eight hosts', () => {
    const s = snapshot();
    expect(supplyOf(s, 'all', 'claimed')).toBe(37);
    expect(supplyOf(s, 'all', 'free')).toBe(29);
    expect(supplyOf(s, 'all', 'rentable')).toBe(25);
    expect(s.rejected).toEqual([
      { kind: 'record', reason: 'executor record without a GPU name (machine_name or specs.gpu.details[0].name)', count: 1 },
      { kind: 'record', reason: 'executor record without available_gpu_count', count: 1 },
    ]);
    // The H100 PCIe host without available_gpu_count is not half-counted.
    expect(supplyOf(s, 'h100-pcie-80gb', 'claimed')).toBeUndefined();
  });

  it('takes the name from specs.gpu.details[0].name when machine_name is null or missing', () => {
    const s = snapshot();
    // machine_name null: "NVIDIA GeForce RTX 4090" from specs, 2 of 4 free; plus a 1-GPU 4090 host.
    expect(supplyOf(s, 'rtx-4090', 'claimed')).toBe(5);
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(3);
    // machine_name missing: "NVIDIA A100-SXM4-80GB" from specs.
    expect(supplyOf(s, 'a100-sxm-80gb', 'rentable')).toBe(2);
    expect(priceOf(s, 'a100-sxm-80gb', 'min')?.usdPerGpuHour).toBe(1.2);
    expect(s.unknownModels).toEqual([]);
  });

  it('takes the count from specs.gpu.count when gpu_count is missing, and reads digit strings as counts', () => {
    const s = snapshot();
    // No top-level gpu_count: specs.gpu.count 8 (the SDK fixture's own shape).
    expect(supplyOf(s, 'h100-sxm-80gb', 'claimed')).toBe(8);
    // gpu_count "8" as a string.
    expect(supplyOf(s, 'h200-sxm-141gb', 'claimed')).toBe(8);
  });

  it('a null name is not a GPU: a record with no name anywhere never becomes unknown:null', () => {
    const s = snapshot();
    expect(s.supply.some((p) => /null|undefined/.test(p.gpuModel))).toBe(false);
  });

  it('fails the snapshot when more than a fifth of the records cannot be read', () => {
    const good = Array.from({ length: 7 }, (_, i) => executor({ id: `g${i}`, executor_ip_address: `203.0.113.${i}` }));
    const bad = Array.from({ length: 3 }, (_, i) => executor({ id: `b${i}`, machine_name: null, executor_ip_address: `203.0.113.${100 + i}` }));
    const result = liumExecutors.parse(json([...good, ...bad]), context);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: 3 of 10 executor records rejected, more than the 20% allowed/) });
  });

  it('uses the SDK’s X-API-KEY header for LIUM_API_KEY, and works without it', () => {
    expect(liumExecutors.apiKey).toMatchObject({ variable: 'LIUM_API_KEY', header: 'X-API-KEY', required: false });
  });
});

describe.each(testDatabaseKinds())('lium executors through fetch → parse → store on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, [liumExecutors]);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('stores a successful run and the readable hosts’ GPUs when a few records are bad', async () => {
    server.setOverride({ network: 'lium', path: '/executors?size=1000', file: 'executors.partial-records.json' });
    const outcomes = await runScrapePass(handle.db, {
      targets: [liumExecutors],
      at: new Date('2026-11-20T10:00:00Z'),
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 5_000,
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['ok']);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, 'lium-executors'));
    expect(run).toMatchObject({ outcome: 'ok', error: null, adapterVersion: 2 });
    const points = await handle.db
      .select()
      .from(supplyPoints)
      .where(and(eq(supplyPoints.sourceId, 'lium-executors'), eq(supplyPoints.gpuModel, 'all'), eq(supplyPoints.status, 'claimed')));
    expect(points.map((p) => Number(p.quantity))).toEqual([37]);
  });
});
