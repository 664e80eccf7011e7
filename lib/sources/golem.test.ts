import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { pricePoints, scrapeRuns, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { golemOnlineOffers, golemOnlineRuntimeStats } from './golem';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

function onlineNodes(): unknown[] {
  const parsedJson: unknown = JSON.parse(new TextDecoder().decode(readRecording('golem', 'online.json')));
  if (!Array.isArray(parsedJson)) throw new Error('online.json is not an array');
  return parsedJson;
}

describe('golem runtime stats parse', () => {
  it('reads the claimed GPU total and per-model counts of the vm-nvidia runtime', () => {
    const snapshot = parsed(golemOnlineRuntimeStats.parse(readRecording('golem', 'runtime-stats.json'), context));
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(10);
    expect(supplyOf(snapshot, 'rtx-4090', 'claimed')).toBe(3);
    expect(supplyOf(snapshot, 'rtx-3090', 'claimed')).toBe(2);
    expect(supplyOf(snapshot, 'rtx-3060', 'claimed')).toBe(1);
    expect(supplyOf(snapshot, 'rtx-a6000', 'claimed')).toBe(2);
    expect(supplyOf(snapshot, 'a100-sxm-80gb', 'claimed')).toBe(1);
    expect(snapshot.supply.every((p) => p.unit === 'gpus' && p.status === 'claimed')).toBe(true);
    expect(snapshot.prices).toEqual([]);
  });

  it('keeps an unplaced GPU name as unknown:<name> and reports it', () => {
    const snapshot = parsed(golemOnlineRuntimeStats.parse(readRecording('golem', 'runtime-stats.json'), context));
    expect(snapshot.unknownModels).toEqual(['unknown:NVIDIA CMP 170HX']);
    expect(supplyOf(snapshot, 'unknown:NVIDIA CMP 170HX', 'claimed')).toBe(1);
  });

  it('fails a payload cut off mid-object', () => {
    const result = golemOnlineRuntimeStats.parse(readRecording('golem', 'runtime-stats.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails when the GPU runtime is missing instead of recording zero GPUs', () => {
    const result = golemOnlineRuntimeStats.parse(readRecording('golem', 'runtime-stats.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(golemOnlineRuntimeStats, context);
  });

  it('fails a changed shape, naming the fields', () => {
    const result = golemOnlineRuntimeStats.parse(readRecording('golem', 'runtime-stats.changed-shape.json'), context);
    expectChangedShape(result, 'vm-nvidia.gpus', 'vm-nvidia.gpu_models');
  });
});

describe('golem online offers parse', () => {
  it('counts idle GPU offers as free and the priced mainnet ones as rentable', () => {
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(supplyOf(snapshot, 'all', 'free')).toBe(8);
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(6);
    // Three fresh 4090 offers, one on a provider computing now.
    expect(supplyOf(snapshot, 'rtx-4090', 'free')).toBe(2);
    expect(supplyOf(snapshot, 'rtx-4090', 'rentable')).toBe(2);
    // A6000: one idle, one computing.
    expect(supplyOf(snapshot, 'rtx-a6000', 'free')).toBe(1);
    expect(supplyOf(snapshot, 'a100-sxm-80gb', 'rentable')).toBe(1);
    expect(snapshot.supply.some((p) => p.status === 'claimed')).toBe(false);
    expect(snapshot.unknownModels).toEqual(['unknown:NVIDIA CMP 170HX']);
  });

  it('prices each model from hourly_price_usd: one GPU per vm-nvidia offer', () => {
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(priceOf(snapshot, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.3, 9);
    expect(priceOf(snapshot, 'rtx-4090', 'p25')?.usdPerGpuHour).toBeCloseTo(0.33, 9);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.36, 9);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.listings).toBe(2);
    expect(priceOf(snapshot, 'rtx-a6000', 'median')?.usdPerGpuHour).toBeCloseTo(0.55, 9);
    expect(priceOf(snapshot, 'a100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.2, 9);
  });

  it('unit trap: a fresh offer without hourly_price_usd is free but not rentable and has no price', () => {
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(supplyOf(snapshot, 'rtx-3060', 'free')).toBe(1);
    expect(supplyOf(snapshot, 'rtx-3060', 'rentable')).toBe(0);
    expect(priceOf(snapshot, 'rtx-3060', 'median')).toBeUndefined();
  });

  it('unit trap: a testnet offer priced in test GLM is free, not rentable, and never sets a price', () => {
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(supplyOf(snapshot, 'rtx-3090', 'free')).toBe(2);
    expect(supplyOf(snapshot, 'rtx-3090', 'rentable')).toBe(1);
    // 0.21 from the mainnet offer, not the testnet offer's 0.02.
    expect(priceOf(snapshot, 'rtx-3090', 'min')?.usdPerGpuHour).toBeCloseTo(0.21, 9);
    expect(priceOf(snapshot, 'rtx-3090', 'min')?.listings).toBe(1);
  });

  it('unit trap: stale offers (data_fresh false, null properties and prices) count for nothing', () => {
    const nodes = onlineNodes();
    // The recording's fourth provider is idle with a stale 4090 offer: not among the 2 free 4090s.
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(supplyOf(snapshot, 'rtx-4090', 'free')).toBe(2);
    // A stale offer whose properties were kept (older backend) is still not counted.
    const staleWithProperties = {
      node_id: '0xstale',
      online: true,
      computing_now: false,
      network: 'mainnet',
      runtimes: {
        'vm-nvidia': {
          properties: { 'golem.!exp.gap-35.v1.inf.gpu.model': 'NVIDIA GeForce RTX 4090' },
          hourly_price_usd: 0.1,
          data_fresh: false,
        },
      },
    };
    const withStale = parsed(golemOnlineOffers.parse(json([...nodes, staleWithProperties]), context));
    expect(supplyOf(withStale, 'rtx-4090', 'free')).toBe(2);
    expect(priceOf(withStale, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.3, 9);
  });

  it('fails when every GPU offer is stale (the market scan stopped) instead of recording zero', () => {
    const stale = {
      node_id: '0xstale',
      online: true,
      computing_now: false,
      network: 'mainnet',
      runtimes: { 'vm-nvidia': { properties: null, hourly_price_usd: null, data_fresh: false } },
    };
    const result = golemOnlineOffers.parse(json([stale, stale]), context);
    expect(result).toEqual({ ok: false, error: 'all 2 vm-nvidia offers are stale (upstream market scan is behind)' });
  });

  it('fails a payload cut off mid-object', () => {
    const result = golemOnlineOffers.parse(readRecording('golem', 'online.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty provider list instead of recording zero GPUs', () => {
    const result = golemOnlineOffers.parse(readRecording('golem', 'online.empty.json'), context);
    expect(result).toEqual({ ok: false, error: 'no vm-nvidia offers among 0 online providers (upstream returned an empty inventory)' });
  });

  it('fails a changed shape, naming the fields', () => {
    const result = golemOnlineOffers.parse(readRecording('golem', 'online.changed-shape.json'), context);
    expectChangedShape(result, '0.computing_now', '0.runtimes');
  });

  it('never takes the backend’s 9,999,999 price cap or a negative price as a price: counted as rejected records, GPUs still free', () => {
    // online.json plus two idle A6000 offers, one at the cap (monthly_price_usd 9,999,999,
    // hourly 9,999,999 / 720) and one at -0.1 USD/h, and one provider record without computing_now.
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.price-sentinels.json'), context));
    expect(supplyOf(snapshot, 'rtx-a6000', 'free')).toBe(3);
    expect(supplyOf(snapshot, 'rtx-a6000', 'rentable')).toBe(1);
    expect(priceOf(snapshot, 'rtx-a6000', 'median')?.usdPerGpuHour).toBeCloseTo(0.55, 9);
    expect(priceOf(snapshot, 'rtx-a6000', 'median')?.listings).toBe(1);
    expect(snapshot.prices.every((p) => p.usdPerGpuHour > 0 && p.usdPerGpuHour < 1000)).toBe(true);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(10);
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(6);
    expect(snapshot.rejected).toEqual([
      { kind: 'record', reason: 'provider record without computing_now', count: 1 },
      { kind: 'record', reason: 'vm-nvidia offer at the backend’s 9,999,999 price cap (a sentinel, not a price)', count: 1 },
      { kind: 'record', reason: 'vm-nvidia offer with a negative hourly_price_usd', count: 1 },
    ]);
  });

  it('recognises the cap in hourly_price_usd alone (older payloads without monthly_price_usd)', () => {
    const nodes = onlineNodes();
    const capped = {
      node_id: '0xcapped',
      online: true,
      computing_now: false,
      network: 'mainnet',
      runtimes: {
        'vm-nvidia': { properties: { 'golem.!exp.gap-35.v1.inf.gpu.model': 'NVIDIA GeForce RTX 4090' }, hourly_price_usd: 9_999_999, data_fresh: true },
      },
    };
    const snapshot = parsed(golemOnlineOffers.parse(json([...nodes, capped]), context));
    expect(supplyOf(snapshot, 'rtx-4090', 'free')).toBe(3);
    expect(supplyOf(snapshot, 'rtx-4090', 'rentable')).toBe(2);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.36, 9);
    expect(snapshot.rejected).toEqual([
      { kind: 'record', reason: 'vm-nvidia offer at the backend’s 9,999,999 price cap (a sentinel, not a price)', count: 1 },
    ]);
  });

  it('the good recording has nothing rejected, so its run carries no rejections', () => {
    const snapshot = parsed(golemOnlineOffers.parse(readRecording('golem', 'online.json'), context));
    expect(snapshot.rejected).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())('golem offers through fetch → parse → store on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, [golemOnlineOffers]);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('stores no price point from the 9,999,999 cap or a negative price, and the run stands', async () => {
    server.setOverride({ network: 'golem', path: '/v2/network/online', file: 'online.price-sentinels.json' });
    const outcomes = await runScrapePass(handle.db, {
      targets: [golemOnlineOffers],
      at: new Date('2026-11-20T10:00:00Z'),
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 5_000,
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(['ok']);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, 'golem-online-offers'));
    expect(run).toMatchObject({ outcome: 'ok', error: null, adapterVersion: 2 });
    const prices = await handle.db.select().from(pricePoints).where(eq(pricePoints.sourceId, 'golem-online-offers'));
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((p) => Number(p.usdPerGpuHour) > 0 && Number(p.usdPerGpuHour) < 1000)).toBe(true);
    const free = await handle.db
      .select()
      .from(supplyPoints)
      .where(and(eq(supplyPoints.sourceId, 'golem-online-offers'), eq(supplyPoints.gpuModel, 'rtx-a6000'), eq(supplyPoints.status, 'free')));
    expect(free.map((p) => Number(p.quantity))).toEqual([3]);
  });
});
