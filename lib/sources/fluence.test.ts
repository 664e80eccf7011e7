import { describe, expect, it } from 'vitest';
import { fluenceGpuBaremetal, fluenceGpuVms } from './fluence';
import { readRecording } from './recordings';
import { contextWithRate, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const observedAt = new Date('2026-09-20T12:00:00Z');
const rateAt = new Date('2026-09-20T11:55:00Z');

/** USDC at exactly $1, so the recorded numbers read as they are. */
const context = contextWithRate(observedAt, { symbol: 'USDC', usdRate: 1, rateAt });

function plans(gpuCount: number, hour: number, currency = 'USDC') {
  return {
    data: [
      {
        gpu_model: { vendor: 'nvidia', model: 'h100', vram: '80Gi', interface: 'sxm' },
        minimum_price: hour,
        availability_by_number: [
          {
            gpu_count: gpuCount,
            minimum_price: hour,
            options_available_total: 1,
            providers: ['massed-compute'],
            options: [{ id: 'o1', provider: 'massed-compute', location: 'us-central-2', pricing: { hour, upfront_hours: 3, currency } }],
          },
        ],
      },
    ],
  };
}

describe('fluence gpu-vms parse', () => {
  const snapshot = () => parsed(fluenceGpuVms.parse(readRecording('fluence', 'gpu-plans-vms.json'), context));

  it('reads a rentable floor (one instance per listed option) per model and USD per GPU-hour from the recorded payload', () => {
    const s = snapshot();
    // One instance per listed option: a10 2 + a100 (8×1 + 2×2) 12 + h100 (1×1 + 2×8) 17 + h200 0 + l40s 3 + a2 1
    expect(supplyOf(s, 'all', 'rentable')).toBe(35);
    expect(supplyOf(s, 'a10', 'rentable')).toBe(2);
    expect(priceOf(s, 'a10', 'min')?.usdPerGpuHour).toBeCloseTo(0.99, 6);
    expect(supplyOf(s, 'a100-pcie-80gb', 'rentable')).toBe(12);
    expect(priceOf(s, 'a100-pcie-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.07, 6);
    expect(priceOf(s, 'a100-pcie-80gb', 'p25')?.usdPerGpuHour).toBeCloseTo(1.09, 6);
    expect(priceOf(s, 'a100-pcie-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(1.17, 6);
    expect(priceOf(s, 'a100-pcie-80gb', 'median')?.listings).toBe(10);
    expect(supplyOf(s, 'l40s', 'rentable')).toBe(3);
    expect(priceOf(s, 'l40s', 'median')?.usdPerGpuHour).toBeCloseTo(0.95, 6);
    expect(s.supply.some((p) => p.status === 'claimed')).toBe(false);
  });

  it('never reports options_available_total (a count of configurations) as GPUs free', () => {
    const s = snapshot();
    expect(s.supply.some((p) => p.status === 'free')).toBe(false);
    // The floor follows the options listed, not the option count: a level claiming 5 options
    // with one listed counts one instance.
    const claimed = plans(8, 17.6);
    const level = claimed.data[0]?.availability_by_number[0];
    if (level) level.options_available_total = 5;
    expect(supplyOf(parsed(fluenceGpuVms.parse(json(claimed), context)), 'all', 'rentable')).toBe(8);
  });

  it('skips an option that does not fit the documented shape and counts it', () => {
    const payload = plans(1, 2.49);
    const level = payload.data[0]?.availability_by_number[0];
    const good = level?.options[0];
    if (!level || !good) throw new Error('fixture');
    level.options = [...Array.from({ length: 5 }, (_, i) => ({ ...good, id: `o${i}` })), { id: 'bad', pricing: { hourly: '2.49', currency: 'USDC' } } as never];
    const s = parsed(fluenceGpuVms.parse(json(payload), context));
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(5);
    expect(s.rejected).toEqual([{ kind: 'record', reason: 'plan option record without pricing.hour', count: 1 }]);
  });

  it('counts a sold-out level as zero with no price', () => {
    const s = snapshot();
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(0);
    expect(priceOf(s, 'h200-sxm-141gb', 'min')).toBeUndefined();
  });

  it('keeps an unrecognised GPU as unknown:<name> and reports it', () => {
    const s = snapshot();
    expect(s.unknownModels).toEqual(['unknown:nvidia a2']);
    expect(supplyOf(s, 'unknown:nvidia a2', 'rentable')).toBe(1);
  });

  it('unit trap: pricing.hour is per instance (÷ gpu_count)', () => {
    const s = snapshot();
    // h100: 1x at 2.49, 8x at 17.60 (= 2.20 per GPU) and 18.40 (= 2.30 per GPU).
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(17);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.2, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'p25')?.usdPerGpuHour).toBeCloseTo(2.25, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(2.3, 6);
    const single = parsed(fluenceGpuVms.parse(json(plans(8, 17.6)), context));
    expect(priceOf(single, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.2, 6);
    expect(supplyOf(single, 'h100-sxm-80gb', 'rentable')).toBe(8);
  });

  it('unit trap: prices are in USDC, converted at the token rate and marked as such', () => {
    const usdc = { symbol: 'USDC', usdRate: 0.998, rateAt };
    const s = parsed(fluenceGpuVms.parse(json(plans(8, 17.6)), contextWithRate(observedAt, usdc)));
    const min = priceOf(s, 'h100-sxm-80gb', 'min');
    expect(min?.usdPerGpuHour).toBeCloseTo(2.1956, 6);
    expect(min?.token).toEqual(usdc);
  });

  it('gives no price without a USDC rate, but keeps the GPUs rentable', () => {
    const s = parsed(fluenceGpuVms.parse(readRecording('fluence', 'gpu-plans-vms.json'), { observedAt }));
    expect(s.prices).toEqual([]);
    expect(supplyOf(s, 'all', 'rentable')).toBe(35);
  });

  it('takes a USD price as it is', () => {
    const s = parsed(fluenceGpuVms.parse(json(plans(1, 2.49, 'USD')), { observedAt }));
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.49, 6);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.token).toBeUndefined();
  });

  it('fails a payload cut off mid-object', () => {
    const result = fluenceGpuVms.parse(readRecording('fluence', 'gpu-plans-vms.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = fluenceGpuVms.parse(readRecording('fluence', 'gpu-plans-vms.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(fluenceGpuVms, context);
  });

  it('fails a changed shape, naming the renamed fields', () => {
    const result = fluenceGpuVms.parse(readRecording('fluence', 'gpu-plans-vms.changed-shape.json'), context);
    expectChangedShape(result, 'pricing.hour');
  });

  it('needs the API key', () => {
    expect(fluenceGpuVms.apiKey).toEqual({ variable: 'FLUENCE_API_KEY', header: 'X-API-KEY', required: true });
  });
});

describe('fluence gpu-baremetal parse', () => {
  it('reads the bare-metal catalogue, which has the same shape', () => {
    const s = parsed(fluenceGpuBaremetal.parse(readRecording('fluence', 'gpu-plans-baremetal.json'), context));
    expect(supplyOf(s, 'all', 'rentable')).toBe(16);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(8);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(2.1, 6);
    expect(supplyOf(s, 'b200', 'rentable')).toBe(8);
    expect(priceOf(s, 'b200', 'median')?.usdPerGpuHour).toBeCloseTo(4.99, 6);
    expect(priceOf(s, 'b200', 'median')?.listings).toBe(1);
  });

  it('fails an empty catalogue', () => {
    const result = fluenceGpuBaremetal.parse(json({ data: [] }), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('bare-metal plans') });
  });
});
