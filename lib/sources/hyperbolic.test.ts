import { describe, expect, it } from 'vitest';
import { hyperbolicMarketplace, hyperbolicRentalOptions, marketedMemoryGbFromMib } from './hyperbolic';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-20T12:00:00Z');

function option(overrides: Record<string, unknown>) {
  return {
    enabled: true,
    costPerHourCents: 199,
    region: 'us-east-1',
    gpuCount: 1,
    gpuType: 'h100',
    gpuFormFactor: 'sxm5',
    machineType: 'virtual-machine',
    connectionType: 'ethernet',
    totalAvailable: 16,
    ...overrides,
  };
}

describe('hyperbolic rental-options (v2) parse', () => {
  const snapshot = () => parsed(hyperbolicRentalOptions.parse(readRecording('hyperbolic', 'rental-options.json'), context));

  it('reads free and rentable GPUs per pool and USD per GPU-hour from the recorded payload', () => {
    const s = snapshot();
    // h100: us-east-1 VM pool (16) + us-central-1 bare-metal pool (8).
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(24);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(24);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.8, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'p25')?.usdPerGpuHour).toBeCloseTo(1.9425, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.99, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.listings).toBe(4);
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(5);
    expect(priceOf(s, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.45, 6);
    expect(s.supply.some((p) => p.status === 'claimed')).toBe(false);
  });

  it('floors a pool without totalAvailable at its largest enabled option', () => {
    const s = snapshot();
    expect(supplyOf(s, 'h200-sxm-141gb', 'free')).toBe(8);
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(8);
    expect(priceOf(s, 'h200-sxm-141gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.89, 6);
    expect(priceOf(s, 'h200-sxm-141gb', 'median')?.usdPerGpuHour).toBeCloseTo(2.94, 6);
  });

  it('counts a disabled, sold-out pool as zero with no price', () => {
    const s = snapshot();
    expect(supplyOf(s, 'b200', 'free')).toBe(0);
    expect(supplyOf(s, 'b200', 'rentable')).toBe(0);
    expect(priceOf(s, 'b200', 'min')).toBeUndefined();
    // 24 h100 + 8 h200 + 0 b200 + 12 rtx-6000-pro + 5 rtx-4090
    expect(supplyOf(s, 'all', 'free')).toBe(49);
    expect(supplyOf(s, 'all', 'rentable')).toBe(49);
  });

  it('normalises the rtx-6000-pro slug to the RTX PRO 6000 Blackwell', () => {
    // gpu-models does not match "rtx 6000 pro" (word order) today and returns unknown:rtx-6000-pro pcie;
    // the id below is the right one (reported to the lead).
    const s = snapshot();
    expect(supplyOf(s, 'rtx-pro-6000', 'rentable')).toBe(12);
    expect(priceOf(s, 'rtx-pro-6000', 'min')?.usdPerGpuHour).toBeCloseTo(1.29, 6);
  });

  it('unit trap: costPerHourCents is cents for the whole option (÷100 ÷ gpuCount)', () => {
    const s = parsed(hyperbolicRentalOptions.parse(json([option({ gpuCount: 8, costPerHourCents: 1592 })]), context));
    // 1592 cents for 8 GPUs = $15.92/h = $1.99 per GPU-hour, not $1592 or $15.92.
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.99, 6);
  });

  it('unit trap: totalAvailable repeats on every size of a pool and is not summed', () => {
    const payload = [1, 2, 4, 8].map((gpuCount) => option({ gpuCount, costPerHourCents: 199 * gpuCount, totalAvailable: 32 }));
    const s = parsed(hyperbolicRentalOptions.parse(json(payload), context));
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(32);
  });

  it('ignores the supplier cost field', () => {
    const s = parsed(
      hyperbolicRentalOptions.parse(json([option({ costPerHourCents: 250, providerCostPerHourCents: 100 })]), context),
    );
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.5, 6);
  });

  it('fails a payload cut off mid-object', () => {
    const result = hyperbolicRentalOptions.parse(readRecording('hyperbolic', 'rental-options.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = hyperbolicRentalOptions.parse(readRecording('hyperbolic', 'rental-options.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(hyperbolicRentalOptions, context);
  });

  it('fails a changed shape, naming the renamed fields', () => {
    const result = hyperbolicRentalOptions.parse(readRecording('hyperbolic', 'rental-options.changed-shape.json'), context);
    expectChangedShape(result, 'costPerHourCents', 'gpuCount');
  });
});

describe('hyperbolic marketplace (v1) parse', () => {
  const snapshot = () => parsed(hyperbolicMarketplace.parse(readRecording('hyperbolic', 'marketplace.json'), context));

  it('reads claimed, free and rentable GPUs and prices from the recorded payload', () => {
    const s = snapshot();
    expect(supplyOf(s, 'all', 'claimed')).toBe(55);
    expect(supplyOf(s, 'all', 'free')).toBe(37);
    expect(supplyOf(s, 'all', 'rentable')).toBe(24);
    expect(supplyOf(s, 'h200-sxm-141gb', 'claimed')).toBe(8);
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(6);
    expect(priceOf(s, 'h200-sxm-141gb', 'median')?.usdPerGpuHour).toBeCloseTo(2.2, 6);
    expect(supplyOf(s, 'rtx-4090', 'claimed')).toBe(12);
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(11);
    expect(priceOf(s, 'rtx-4090', 'min')?.usdPerGpuHour).toBeCloseTo(0.35, 6);
    expect(priceOf(s, 'rtx-4090', 'p25')?.usdPerGpuHour).toBeCloseTo(0.3625, 6);
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBeCloseTo(0.375, 6);
    expect(priceOf(s, 'rtx-4090', 'median')?.listings).toBe(2);
  });

  it('keeps idle GPUs on full, reserved, not-ready or unpriced nodes out of rentable', () => {
    const s = snapshot();
    // h100: ceti14 5 idle and orderable; las1 full (8/8); ses-hgx-07 reserved whole (8 idle).
    expect(supplyOf(s, 'h100-sxm-80gb', 'claimed')).toBe(24);
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(13);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(5);
    // Only the orderable node's price counts: the full las1 node ($1.55) and reserved ses node ($1.39) do not.
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.49, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.listings).toBe(1);
    // rtx 3070 node is not ready.
    expect(supplyOf(s, 'rtx-3070', 'free')).toBe(1);
    expect(supplyOf(s, 'rtx-3070', 'rentable')).toBe(0);
    // a100 node has no price.
    expect(supplyOf(s, 'a100-sxm-80gb', 'free')).toBe(4);
    expect(supplyOf(s, 'a100-sxm-80gb', 'rentable')).toBe(0);
    expect(priceOf(s, 'a100-sxm-80gb', 'min')).toBeUndefined();
  });

  it('keeps an unrecognised GPU name as unknown:<name> and reports it', () => {
    const s = snapshot();
    expect(s.unknownModels).toEqual(['unknown:NVIDIA-Graphics-Device']);
    expect(supplyOf(s, 'unknown:NVIDIA-Graphics-Device', 'rentable')).toBe(2);
  });

  it('unit trap: amount is cents per GPU-hour (÷100)', () => {
    const s = snapshot();
    // amount 149 → $1.49 per GPU-hour (not $149, and not divided again by the node's 8 GPUs).
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.49, 6);
  });

  it('unit trap: GPU ram is MiB (81559 → 80GB class, 143771 → 141GB)', () => {
    expect(marketedMemoryGbFromMib(81559)).toBe(80);
    expect(marketedMemoryGbFromMib(143771)).toBe(141);
    expect(marketedMemoryGbFromMib(24564)).toBe(24);
    expect(marketedMemoryGbFromMib(46068)).toBe(48);
    expect(marketedMemoryGbFromMib(40960)).toBe(40);
    const node = {
      id: 'n1',
      status: 'node_ready',
      reserved: false,
      gpus_total: 8,
      gpus_reserved: 0,
      // No memory in the name: the MiB figure decides between A100 40GB and 80GB.
      hardware: { gpus: [{ model: 'NVIDIA-A100-SXM4', ram: 40960, interface: 'SXM' }] },
      pricing: { price: { amount: 110, period: 'hourly' } },
    };
    const s = parsed(hyperbolicMarketplace.parse(json({ instances: [node] }), context));
    expect(supplyOf(s, 'a100-sxm-40gb', 'rentable')).toBe(8);
  });

  it('gives no price for a non-hourly period rather than guessing', () => {
    const node = {
      id: 'n1',
      status: 'node_ready',
      reserved: false,
      gpus_total: 1,
      gpus_reserved: 0,
      hardware: { gpus: [{ model: 'NVIDIA-GeForce-RTX-4090', ram: 24564 }] },
      pricing: { price: { amount: 900, period: 'daily' } },
    };
    const s = parsed(hyperbolicMarketplace.parse(json({ instances: [node] }), context));
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(1);
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(0);
    expect(s.prices).toEqual([]);
  });

  it('fails a payload cut off mid-object', () => {
    const result = hyperbolicMarketplace.parse(readRecording('hyperbolic', 'marketplace.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = hyperbolicMarketplace.parse(readRecording('hyperbolic', 'marketplace.empty.json'), context);
    expectEmptyInventory(result);
  });

  it('fails a changed shape, naming the renamed fields', () => {
    const result = hyperbolicMarketplace.parse(readRecording('hyperbolic', 'marketplace.changed-shape.json'), context);
    expectChangedShape(result, 'gpus_total', 'pricing.price.amount');
  });

  it('sends the documented request', () => {
    expect(hyperbolicMarketplace.request).toEqual({ method: 'POST', path: '/v1/marketplace', body: '{"filters":{}}' });
    expect(hyperbolicMarketplace.apiKey?.format?.('k')).toBe('Bearer k');
    expect(hyperbolicRentalOptions.apiKey?.required).toBe(false);
  });
});

describe('hyperbolic: records validated one by one', () => {
  const recorded = (file: string): unknown => JSON.parse(new TextDecoder().decode(readRecording('hyperbolic', file)));

  it('v2: skips a rental option it cannot read and counts it, keeping the other options', () => {
    const options = recorded('rental-options.json') as Record<string, unknown>[];
    const before = parsed(hyperbolicRentalOptions.parse(json(options), context));
    const broken = { ...options[0], costPerHourCents: '249' };
    const after = parsed(hyperbolicRentalOptions.parse(json([...options, broken]), context));
    expect(after.supply).toEqual(before.supply);
    expect(after.prices).toEqual(before.prices);
    expect(after.rejected).toEqual([{ kind: 'record', reason: 'rental option record with an invalid costPerHourCents', count: 1 }]);
  });

  it('v1: skips a marketplace node it cannot read and counts it, keeping the other nodes', () => {
    const payload = recorded('marketplace.json') as { instances: Record<string, unknown>[] };
    const before = parsed(hyperbolicMarketplace.parse(json(payload), context));
    const first: Record<string, unknown> = { ...payload.instances[0], id: 'broken' };
    const broken = Object.fromEntries(Object.entries(first).filter(([key]) => key !== 'gpus_total'));
    const after = parsed(hyperbolicMarketplace.parse(json({ instances: [...payload.instances, broken] }), context));
    expect(after.supply).toEqual(before.supply);
    expect(after.rejected).toEqual([{ kind: 'record', reason: 'marketplace node record without gpus_total', count: 1 }]);
  });
});
