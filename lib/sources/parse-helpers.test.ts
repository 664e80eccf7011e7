import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildSnapshot, marketedMemoryGb, MAX_REJECTED_RECORD_SHARE, mergeRejections, priceStatistics, quantile, SupplyTally, validateRecords } from './parse-helpers';
import type { TokenConversion } from './types';

function figures(observations: ReturnType<typeof priceStatistics>) {
  return Object.fromEntries(observations.map((o) => [o.statistic, o.usdPerGpuHour]));
}

describe('quantile', () => {
  it('interpolates linearly between closest ranks (R-7, numpy default)', () => {
    const sorted = [1, 2, 3, 4, 5];
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 0.25)).toBe(2);
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 1)).toBe(5);
    // Four values: p25 sits three quarters of the way from the first to the second.
    expect(quantile([1, 2, 4, 8], 0.25)).toBeCloseTo(1.75, 12);
    // The median of an even list is the mean of the middle two.
    expect(quantile([1, 2, 4, 8], 0.5)).toBe(3);
  });

  it('is the value itself for a single value, and NaN for none', () => {
    expect(quantile([0.42], 0.25)).toBe(0.42);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('priceStatistics', () => {
  it('gives min, p25 and median over unsorted listings, each with the listing count', () => {
    const observations = priceStatistics('h100-sxm-80gb', [4, 1, 8, 2]);
    expect(observations).toEqual([
      { gpuModel: 'h100-sxm-80gb', statistic: 'min', usdPerGpuHour: 1, listings: 4 },
      { gpuModel: 'h100-sxm-80gb', statistic: 'p25', usdPerGpuHour: 1.75, listings: 4 },
      { gpuModel: 'h100-sxm-80gb', statistic: 'median', usdPerGpuHour: 3, listings: 4 },
    ]);
  });

  it('one listing is its own min, p25 and median', () => {
    const observations = priceStatistics('rtx-4090', [0.35]);
    expect(figures(observations)).toEqual({ min: 0.35, p25: 0.35, median: 0.35 });
    expect(observations.every((o) => o.listings === 1)).toBe(true);
  });

  it('no listings, no observations', () => {
    expect(priceStatistics('rtx-4090', [])).toEqual([]);
    expect(priceStatistics('rtx-4090', [0, -1, Number.NaN], { positiveOnly: true })).toEqual([]);
  });

  it('does not reorder the caller’s array', () => {
    const listed = [3, 1, 2];
    priceStatistics('a100-80gb', listed);
    expect(listed).toEqual([3, 1, 2]);
  });

  it('carries the token conversion on every observation, and adds no token field without one', () => {
    const token: TokenConversion = { symbol: 'USDC', usdRate: 0.9998, rateAt: new Date('2026-09-01T00:00:00Z') };
    const converted = priceStatistics('h100-sxm-80gb', [2.2, 2.4], { token });
    expect(converted).toHaveLength(3);
    expect(converted.every((o) => o.token === token)).toBe(true);
    expect(priceStatistics('h100-sxm-80gb', [2.2, 2.4]).some((o) => 'token' in o)).toBe(false);
  });

  it('rounds to a millionth of a dollar only when asked', () => {
    const perGpu = 27.875342465753423 / 8;
    expect(priceStatistics('h100-sxm-80gb', [perGpu])[0]?.usdPerGpuHour).toBe(perGpu);
    expect(priceStatistics('h100-sxm-80gb', [perGpu], { roundToMicroUsd: true })[0]?.usdPerGpuHour).toBe(3.484418);
  });

  it('counts every listing unless told to keep only finite prices above zero', () => {
    const listed = [0, 2, -1, 4, Number.POSITIVE_INFINITY];
    expect(priceStatistics('l40s', listed)[0]?.listings).toBe(5);
    const positive = priceStatistics('l40s', listed, { positiveOnly: true });
    expect(figures(positive)).toEqual({ min: 2, p25: 2.5, median: 3 });
    expect(positive[0]?.listings).toBe(2);
  });
});

describe('marketedMemoryGb', () => {
  it('snaps what a Clore host reports onto the marketed size', () => {
    expect(marketedMemoryGb(79)).toBe(80); // H100 80GB
    expect(marketedMemoryGb(44)).toBe(48);
    expect(marketedMemoryGb(23)).toBe(24);
    // Reports that already are a marketed size stay put (a modded 48GB RTX 4090 stays 48).
    for (const size of [8, 10, 24, 32, 48]) expect(marketedMemoryGb(size)).toBe(size);
  });

  it('snaps Vast.ai MiB (÷ 1024) onto the marketed size', () => {
    expect(marketedMemoryGb(46068 / 1024)).toBe(48); // L40S
    expect(marketedMemoryGb(81559 / 1024)).toBe(80); // H100
    expect(marketedMemoryGb(143771 / 1024)).toBe(141); // H200
    expect(marketedMemoryGb(24564 / 1024)).toBe(24); // RTX 4090
    expect(marketedMemoryGb(32607 / 1024)).toBe(32); // RTX 5090
    expect(marketedMemoryGb(40960 / 1024)).toBe(40); // A100 40GB
  });

  it('takes a size up to 2% below when none is close above, else rounds the report', () => {
    expect(marketedMemoryGb(81.5)).toBe(80);
    expect(marketedMemoryGb(120.4)).toBe(120);
  });

  it('has no size for no report', () => {
    for (const reported of [null, undefined, 0, -8, Number.NaN]) {
      expect(marketedMemoryGb(reported)).toBeNull();
      expect(marketedMemoryGb(reported, { rule: 'nearest' })).toBeNull();
    }
  });

  it('nearest rule (Hyperbolic): snaps nvidia-smi MiB to the nearest size within 8%, else null', () => {
    expect(marketedMemoryGb(81559 / 1024, { rule: 'nearest' })).toBe(80);
    expect(marketedMemoryGb(143771 / 1024, { rule: 'nearest' })).toBe(141);
    expect(marketedMemoryGb(24564 / 1024, { rule: 'nearest' })).toBe(24);
    expect(marketedMemoryGb(46068 / 1024, { rule: 'nearest' })).toBe(48);
    expect(marketedMemoryGb(40960 / 1024, { rule: 'nearest' })).toBe(40);
    // Nothing within 8%: the card's name decides alone.
    expect(marketedMemoryGb(6, { rule: 'nearest' })).toBeNull();
    expect(marketedMemoryGb(112, { rule: 'nearest' })).toBeNull();
  });

  it('the two rules differ where their size lists do (kept apart so no card is re-mapped)', () => {
    expect(marketedMemoryGb(6)).toBe(6);
    expect(marketedMemoryGb(143.5)).toBe(141);
    expect(marketedMemoryGb(143.5, { rule: 'nearest' })).toBe(144);
  });
});

describe('SupplyTally', () => {
  it('sums per model and network-wide, pricing only listings with rentable GPUs', () => {
    const tally = new SupplyTally();
    tally.add('h100-sxm-80gb', { claimed: 8, free: 3, rentable: 3, usdPerGpuHour: 2 });
    tally.add('h100-sxm-80gb', { claimed: 8, free: 2, rentable: 0, usdPerGpuHour: 1 });
    tally.add('rtx-4090', { claimed: 4, free: 4, rentable: 4, usdPerGpuHour: null });
    const { supply, prices } = tally.observations();
    const of = (model: string, status: string) => supply.find((p) => p.gpuModel === model && p.status === status)?.quantity;
    expect([of('all', 'claimed'), of('all', 'free'), of('all', 'rentable')]).toEqual([20, 9, 7]);
    expect([of('h100-sxm-80gb', 'claimed'), of('h100-sxm-80gb', 'free'), of('h100-sxm-80gb', 'rentable')]).toEqual([16, 5, 3]);
    // The unpriceable idle H100 listing ($1 but nothing rentable) sets no price.
    expect(prices.filter((p) => p.gpuModel === 'h100-sxm-80gb').map((p) => [p.statistic, p.usdPerGpuHour, p.listings])).toEqual([
      ['min', 2, 1],
      ['p25', 2, 1],
      ['median', 2, 1],
    ]);
    expect(prices.some((p) => p.gpuModel === 'rtx-4090')).toBe(false);
  });
});

describe('validateRecords', () => {
  const executor = z.object({ id: z.string(), name: z.string(), gpus: z.number().int().nonnegative() });
  const good = (id: string) => ({ id, name: 'NVIDIA H100 80GB HBM3', gpus: 8 });

  it('keeps the records that fit and counts the rest per reason, naming the record kind and the field', () => {
    const records = [...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(good), { id: 'i', gpus: 8 }, { id: 'j', name: 'H100', gpus: 'many' }];
    const result = validateRecords(records, executor, 'executor');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(result.rejected).toEqual([
      { kind: 'record', reason: 'executor record without name', count: 1 },
      { kind: 'record', reason: 'executor record with an invalid gpus', count: 1 },
    ]);
  });

  it('counts records with the same fault under one reason', () => {
    const records = [...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(good), { id: 'x', name: null, gpus: 1 }, { id: 'y', gpus: 1 }];
    const result = validateRecords(records, executor, 'executor');
    expect(result).toMatchObject({ ok: true, rejected: [{ kind: 'record', reason: 'executor record without name', count: 2 }] });
  });

  it('uses a refinement’s own words as the reason', () => {
    const named = z.object({ id: z.string() }).refine((r) => r.id !== '', { message: 'without an id' });
    const result = validateRecords([...Array(9).fill({ id: 'a' }), { id: '' }], named, 'machine');
    expect(result).toMatchObject({ ok: true, rejected: [{ reason: 'machine record without an id', count: 1 }] });
  });

  it(`accepts up to MAX_REJECTED_RECORD_SHARE (${MAX_REJECTED_RECORD_SHARE}) rejected and fails past it, naming the first bad record's field by index`, () => {
    const atLimit = [good('a'), good('b'), good('c'), good('d'), { id: 'e' }];
    expect(validateRecords(atLimit, executor, 'executor').ok).toBe(true);
    const overLimit = [good('a'), good('b'), good('c'), { id: 'd' }, { id: 'e' }];
    const result = validateRecords(overLimit, executor, 'executor');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: 2 of 5 executor records rejected, more than the 20% allowed/) });
    if (!result.ok) expect(result.error).toContain('3.name');
  });

  it('fails a payload whose list is not a list', () => {
    expect(validateRecords({ executors: [] }, executor, 'executor')).toEqual({
      ok: false,
      error: 'unexpected shape: expected a list of executor records',
    });
  });

  it('an empty list is valid here: each adapter decides what an empty inventory means', () => {
    expect(validateRecords([], executor, 'executor')).toEqual({ ok: true, records: [], rejected: [] });
  });
});

describe('buildSnapshot rejections', () => {
  it('carries the rejections when there are some, and leaves the field out when there are none', () => {
    const rejected = [{ kind: 'record' as const, reason: 'executor record without name', count: 2 }];
    const withRejections = buildSnapshot([], [], rejected);
    expect(withRejections).toMatchObject({ ok: true, value: { rejected } });
    const without = buildSnapshot([], []);
    expect(without.ok && 'rejected' in without.value).toBe(false);
  });

  it('mergeRejections adds up counts of the same reason', () => {
    const a = [{ kind: 'record' as const, reason: 'offer record without price', count: 2 }];
    const b = [
      { kind: 'record' as const, reason: 'offer record without price', count: 1 },
      { kind: 'record' as const, reason: 'offer record with a sentinel price', count: 1 },
    ];
    expect(mergeRejections(a, b)).toEqual([
      { kind: 'record', reason: 'offer record without price', count: 3 },
      { kind: 'record', reason: 'offer record with a sentinel price', count: 1 },
    ]);
  });
});
