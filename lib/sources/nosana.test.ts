import { describe, expect, it } from 'vitest';
import { nosanaMarkets } from './nosana';
import { readRecording } from './recordings';
import { contextAt, contextWithRate, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectFailure, json, parsed, priceOf } from './test-helpers';

const observedAt = new Date('2026-09-06T12:00:00Z');
const context = contextAt(observedAt);
const withNosRate = contextWithRate(observedAt, { symbol: 'NOS', usdRate: 0.3, rateAt: observedAt });

const market = {
  slug: 'nvidia-4090',
  name: 'NVIDIA 4090',
  type: 'PREMIUM',
  usd_reward_per_hour: 0.4,
  network_fee_percentage: 10,
  gpu_types: ['NVIDIA GeForce RTX 4090'],
};

describe('nosana markets parse', () => {
  it('prices every GPU type of every market in USD per GPU-hour, fee included', () => {
    const snapshot = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    expect(snapshot.supply).toEqual([]);
    expect(priceOf(snapshot, 'rtx-3060', 'median')?.usdPerGpuHour).toBeCloseTo(0.0528, 6);
    // One market admitting two GPU types prices both.
    expect(priceOf(snapshot, 'rtx-3090', 'median')?.usdPerGpuHour).toBeCloseTo(0.2112, 6);
    expect(priceOf(snapshot, 'rtx-3090-ti', 'median')?.usdPerGpuHour).toBeCloseTo(0.2112, 6);
    expect(priceOf(snapshot, 'a100-pcie-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.155, 6);
    expect(priceOf(snapshot, 'a100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.155, 6);
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.925, 6);
    expect(priceOf(snapshot, 'h100-pcie-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.925, 6);
    expect(priceOf(snapshot, 'rtx-5090', 'median')?.usdPerGpuHour).toBeCloseTo(0.605, 6);
    expect(priceOf(snapshot, 'rtx-5090', 'median')?.listings).toBe(1);
  });

  it('takes min, p25 and median over the markets that list a model', () => {
    const snapshot = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    // RTX 4090: PREMIUM 0.40 × 1.1 = 0.44 and COMMUNITY 0.218175 × 1.1 = 0.2399925.
    expect(priceOf(snapshot, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.2399925, 7);
    expect(priceOf(snapshot, 'rtx-4090', 'p25')?.usdPerGpuHour).toBeCloseTo(0.289994375, 7);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.33999625, 7);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.listings).toBe(2);
  });

  it('maps the 4090 D of the community market to its own model', () => {
    // Fails until gpu-models reads "RTX 4090 D" (nvidia-smi's spelling, with a space) as rtx-4090d.
    const snapshot = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    expect(priceOf(snapshot, 'rtx-4090d', 'median')?.usdPerGpuHour).toBeCloseTo(0.2399925, 7);
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.listings).toBe(2);
  });

  it('places the RTX A5500 market (a workstation card, not a consumer number)', () => {
    const snapshot = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    expect(snapshot.unknownModels).toEqual([]);
    expect(priceOf(snapshot, 'rtx-a5500', 'median')?.usdPerGpuHour).toBeCloseTo(0.1595, 6);
  });

  it('unit trap: usd_reward_per_hour is the host reward; the user pays it plus the 10% network fee', () => {
    const snapshot = parsed(nosanaMarkets.parse(json([market]), context));
    expect(priceOf(snapshot, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.44, 9);
    // A market that omits its fee gets the dashboard's fixed 10%.
    const { network_fee_percentage: _omitted, ...withoutFee } = market;
    const fallback = parsed(nosanaMarkets.parse(json([withoutFee]), context));
    expect(priceOf(fallback, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.44, 9);
  });

  it('unit trap: an 8x A5000 enterprise market is priced per host, so ÷ 8 per GPU', () => {
    const snapshot = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    // 1.60 × 1.1 / 8 = 0.22, not 1.76.
    expect(priceOf(snapshot, 'rtx-a5000', 'median')?.usdPerGpuHour).toBeCloseTo(0.22, 9);
  });

  it('unit trap: a NOS-only market is converted at the NOS rate, and gets no price without one', () => {
    const without = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), context));
    expect(priceOf(without, 'rtx-a6000', 'median')).toBeUndefined();
    const converted = parsed(nosanaMarkets.parse(readRecording('nosana', 'markets.json'), withNosRate));
    // 0.00055 NOS/s (fee included) × 3600 × $0.30 = $0.594 per GPU-hour.
    const a6000 = priceOf(converted, 'rtx-a6000', 'median');
    expect(a6000?.usdPerGpuHour).toBeCloseTo(0.594, 9);
    expect(a6000?.token).toEqual({ symbol: 'NOS', usdRate: 0.3, rateAt: observedAt });
    // USD-priced markets are not touched by the rate.
    expect(priceOf(converted, 'rtx-4090', 'min')?.token).toBeUndefined();
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = nosanaMarkets.parse(readRecording('nosana', 'markets.malformed.json'), context);
    expectFailure(result, /^not JSON/);
  });

  it('fails an empty market list instead of recording nothing', () => {
    const result = nosanaMarkets.parse(readRecording('nosana', 'markets.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(nosanaMarkets, context);
  });

  it('fails when no market carries a usable price', () => {
    const result = nosanaMarkets.parse(json([{ ...market, usd_reward_per_hour: null }]), context);
    expect(result).toEqual({ ok: false, error: 'none of 1 markets carries a usable price and GPU type' });
  });

  it('fails a changed shape, naming the fields', () => {
    const result = nosanaMarkets.parse(readRecording('nosana', 'markets.changed-shape.json'), context);
    expectChangedShape(result, '0.usd_reward_per_hour', '0.gpu_types');
  });

  it('skips a market record it cannot read and counts it, pricing the other markets as before', () => {
    const recorded: unknown = JSON.parse(new TextDecoder().decode(readRecording('nosana', 'markets.json')));
    if (!Array.isArray(recorded)) throw new Error('markets.json is not a list');
    const broken = { ...market, slug: 'nvidia-broken', gpu_types: 'NVIDIA GeForce RTX 4090' };
    const before = parsed(nosanaMarkets.parse(json(recorded), context));
    const after = parsed(nosanaMarkets.parse(json([...recorded, broken]), context));
    expect(after.prices).toEqual(before.prices);
    expect(after.rejected).toEqual([{ kind: 'record', reason: 'market record with an invalid gpu_types', count: 1 }]);
    expect(before.rejected).toBeUndefined();
  });

  it('defaults to the API base the official dashboard calls in production', () => {
    expect(nosanaMarkets.defaultBaseUrl).toBe('https://dashboard.k8s.prd.nosana.com/api');
    expect(nosanaMarkets.request).toEqual({ method: 'GET', path: '/markets' });
  });
});
