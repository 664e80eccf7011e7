import { describe, expect, it } from 'vitest';
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

  it('fails a retyped count', () => {
    const result = liumExecutors.parse(json([executor({ available_gpu_count: '8' })]), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('0.available_gpu_count') });
  });
});
