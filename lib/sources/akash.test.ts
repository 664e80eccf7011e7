import { describe, expect, it } from 'vitest';
import { akashGpuPrices, akashNetworkCapacity } from './akash';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectFailure, json, parsed, supplyOf, usdPerGpuHourOf } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

describe('akash gpu-prices parse', () => {
  it('reads totals, per-model supply and USD prices from the recorded payload', () => {
    const snapshot = parsed(akashGpuPrices.parse(readRecording('akash', 'gpu-prices.json'), context));
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(453);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(161);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'claimed')).toBe(69);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'free')).toBe(10);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'rentable')).toBe(10);
    expect(usdPerGpuHourOf(snapshot, 'h100-sxm-80gb', 'min')).toBe(2.04);
    expect(usdPerGpuHourOf(snapshot, 'h100-sxm-80gb', 'median')).toBe(2.56);
    expect(usdPerGpuHourOf(snapshot, 'a100-sxm-80gb', 'median')).toBe(1.84);
    expect(usdPerGpuHourOf(snapshot, 'h200-sxm-141gb', 'median')).toBe(4.44);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('counts idle GPUs without a bid price, or whose providers are full, as free but not rentable', () => {
    const snapshot = parsed(akashGpuPrices.parse(readRecording('akash', 'gpu-prices.json'), context));
    // a6000: 10 idle, no bids in the window → no price one can act on.
    expect(supplyOf(snapshot, 'rtx-a6000', 'free')).toBe(10);
    expect(supplyOf(snapshot, 'rtx-a6000', 'rentable')).toBe(0);
    expect(usdPerGpuHourOf(snapshot, 'rtx-a6000', 'median')).toBeUndefined();
    // rtx3090: 14 idle but no provider with capacity available.
    expect(supplyOf(snapshot, 'rtx-3090', 'rentable')).toBe(0);
    // rentable total = h100 10 + a100 79 + h200 8 + rtx4090 40
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(137);
  });

  it('unit trap: price is already USD per GPU-hour (single-GPU bids), taken as is and never divided by GPU counts', () => {
    const snapshot = parsed(akashGpuPrices.parse(readRecording('akash', 'gpu-prices.json'), context));
    // a100: 238 GPUs, 9 providers; the median bid of 1.84 is per GPU-hour already.
    expect(usdPerGpuHourOf(snapshot, 'a100-sxm-80gb', 'median')).toBe(1.84);
    // priceUakt (bids in AKT) is ignored: the console already converted them at the day's AKT price.
    expect(snapshot.prices.every((p) => p.token === undefined)).toBe(true);
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = akashGpuPrices.parse(readRecording('akash', 'gpu-prices.malformed.json'), context);
    expectFailure(result, /^not JSON/);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = akashGpuPrices.parse(readRecording('akash', 'gpu-prices.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(akashGpuPrices, context);
  });

  it('fails a changed shape, naming the missing fields', () => {
    const result = akashGpuPrices.parse(readRecording('akash', 'gpu-prices.changed-shape.json'), context);
    expectChangedShape(result, 'availability');
  });

  it('keeps an unrecognised GPU name as unknown:<name> and reports it', () => {
    const payload = {
      availability: { total: 3, available: 1 },
      models: [
        {
          vendor: 'acme',
          model: 'quantum9',
          ram: '12Gi',
          interface: 'PCIe',
          availability: { total: 3, available: 1 },
          providerAvailability: { total: 1, available: 1 },
          price: { currency: 'USD', min: 0.5, max: 0.5, avg: 0.5, weightedAverage: 0.5, med: 0.5 },
        },
      ],
    };
    const snapshot = parsed(akashGpuPrices.parse(json(payload), context));
    expect(snapshot.unknownModels).toEqual(['unknown:acme quantum9']);
    expect(supplyOf(snapshot, 'unknown:acme quantum9', 'claimed')).toBe(3);
  });
});

describe('akash network-capacity parse', () => {
  it('reads the network-wide GPU totals', () => {
    const snapshot = parsed(akashNetworkCapacity.parse(readRecording('akash', 'network-capacity.json'), context));
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(453);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(161);
    expect(snapshot.prices).toEqual([]);
  });

  it('fails when the gpu block is missing', () => {
    const result = akashNetworkCapacity.parse(new TextEncoder().encode('{"activeProviderCount":80,"resources":{}}'), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('resources.gpu') });
  });
});
