import { describe, expect, it } from 'vitest';
import { VASTAI_KEYLESS_OFFER_CAP, VASTAI_OFFER_QUERY, vastaiBundles, vastaiGpuMetrics } from './vastai';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

describe('vastai bundles request', () => {
  it('asks for verified, rentable, unrented on-demand offers, with an optional Bearer key', () => {
    expect(vastaiBundles.request.method).toBe('POST');
    expect(JSON.parse(vastaiBundles.request.body ?? '')).toEqual(JSON.parse(JSON.stringify(VASTAI_OFFER_QUERY)));
    expect(VASTAI_OFFER_QUERY).toMatchObject({ verified: { eq: true }, rentable: { eq: true }, rented: { eq: false }, type: 'on-demand' });
    expect(vastaiBundles.apiKey).toMatchObject({ variable: 'VASTAI_API_KEY', header: 'Authorization', required: false });
    expect(vastaiBundles.apiKey?.format?.('k')).toBe('Bearer k');
    expect(vastaiGpuMetrics.apiKey).toMatchObject({ variable: 'VASTAI_HOST_API_KEY', required: true });
  });
});

describe('vastai bundles parse', () => {
  const snapshot = () => parsed(vastaiBundles.parse(readRecording('vastai', 'bundles.json'), context));

  it('sums rentable GPUs per model and takes per-GPU price statistics over the offers', () => {
    const s = snapshot();
    // 2× + 1× + 1× offers; the fourth 1× RTX 4090 offer is marked not rentable.
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(4);
    expect(priceOf(s, 'rtx-4090', 'min')).toMatchObject({ usdPerGpuHour: 0.35, listings: 3 });
    expect(priceOf(s, 'rtx-4090', 'p25')?.usdPerGpuHour).toBe(0.372);
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBe(0.394);
    expect(supplyOf(s, 'rtx-5090', 'rentable')).toBe(5);
    expect(priceOf(s, 'rtx-5090', 'p25')?.usdPerGpuHour).toBe(0.47525);
    expect(priceOf(s, 'rtx-5090', 'median')?.usdPerGpuHour).toBe(0.4835);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(9);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBe(2);
    expect(supplyOf(s, 'rtx-3090', 'rentable')).toBe(1);
    expect(priceOf(s, 'rtx-3090', 'median')?.usdPerGpuHour).toBe(0.155);
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(1);
    expect(supplyOf(s, 'all', 'rentable')).toBe(25);
    expect(s.unknownModels).toEqual(['unknown:A100X']);
    // The offer search says nothing about the fleet size or idle capacity.
    expect(s.supply.every((p) => p.status === 'rentable')).toBe(true);
  });

  it('reads an answer of exactly 64 offers (the keyless cap) as a price sample: prices, no rentable count', () => {
    const offers = Array.from({ length: VASTAI_KEYLESS_OFFER_CAP }, (_, i) => ({
      id: 1000 + i,
      gpu_name: 'RTX 4090',
      num_gpus: 1,
      dph_total: 0.3 + i / 1000,
      gpu_ram: 24564,
      rentable: true,
      rented: false,
    }));
    const capped = parsed(vastaiBundles.parse(json({ offers }), context));
    expect(capped.supply).toEqual([]);
    expect(priceOf(capped, 'rtx-4090', 'min')).toMatchObject({ usdPerGpuHour: 0.3, listings: 64 });
    // One offer fewer is the whole answer to the query: then the GPUs are counted.
    const whole = parsed(vastaiBundles.parse(json({ offers: offers.slice(1) }), context));
    expect(supplyOf(whole, 'rtx-4090', 'rentable')).toBe(63);
    expect(supplyOf(whole, 'all', 'rentable')).toBe(63);
  });

  it('keeps A100 SXM4 40GB and 80GB offers apart by their gpu_ram', () => {
    const s = snapshot();
    expect(supplyOf(s, 'a100-sxm-40gb', 'rentable')).toBe(2);
    expect(priceOf(s, 'a100-sxm-40gb', 'median')?.usdPerGpuHour).toBe(0.65);
    expect(supplyOf(s, 'a100-sxm-80gb', 'rentable')).toBe(1);
    expect(priceOf(s, 'a100-sxm-80gb', 'median')?.usdPerGpuHour).toBe(0.834);
  });

  it('unit trap: dph_total is per offer, divided by num_gpus (8× H100 SXM at $15.20/h → $1.90 per GPU-hour)', () => {
    const s = snapshot();
    expect(priceOf(s, 'h100-sxm-80gb', 'min')).toMatchObject({ usdPerGpuHour: 1.9, listings: 2 });
    const one = { offers: [{ id: 1, gpu_name: 'H100 SXM', num_gpus: 8, dph_total: 15.2, gpu_ram: 81559, rentable: true, rented: false }] };
    expect(priceOf(parsed(vastaiBundles.parse(json(one), context)), 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBe(1.9);
  });

  it('unit trap: gpu_ram is MiB as the card reports it (46068 MiB L40S is the 48GB card)', () => {
    const s = snapshot();
    expect(supplyOf(s, 'l40s', 'rentable')).toBe(1);
    expect(s.supply.some((p) => p.gpuModel.startsWith('l40s-'))).toBe(false);
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = vastaiBundles.parse(readRecording('vastai', 'bundles.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty offer list instead of recording zero GPUs', () => {
    const result = vastaiBundles.parse(readRecording('vastai', 'bundles.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(vastaiBundles, context);
  });

  it('fails a changed shape, naming the renamed and retyped fields', () => {
    const result = vastaiBundles.parse(readRecording('vastai', 'bundles.changed-shape.json'), context);
    expectChangedShape(result, 'offers.0.gpu_name', 'offers.0.num_gpus');
  });
});

describe('vastai gpu-metrics parse', () => {
  const snapshot = () => parsed(vastaiGpuMetrics.parse(readRecording('vastai', 'gpu-metrics.json'), context));

  it('reads listed and unrented GPUs and Vast’s own price percentiles per GPU type', () => {
    const s = snapshot();
    expect(supplyOf(s, 'rtx-4090', 'claimed')).toBe(4210);
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(1180);
    expect(priceOf(s, 'rtx-4090', 'p25')).toMatchObject({ usdPerGpuHour: 0.32, listings: null });
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBe(0.39);
    expect(priceOf(s, 'rtx-4090', 'min')).toBeUndefined();
    expect(supplyOf(s, 'h100-sxm-80gb', 'claimed')).toBe(1620);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBe(1.98);
    // No memory in the metrics names, so the A100 SXM4 stays without a size.
    expect(supplyOf(s, 'a100-sxm', 'claimed')).toBe(690);
    // Sold out and unpriced: counted, no price.
    expect(supplyOf(s, 'b200', 'free')).toBe(0);
    expect(priceOf(s, 'b200', 'median')).toBeUndefined();
    expect(s.unknownModels).toEqual(['unknown:A100X']);
    expect(s.supply.some((p) => p.status === 'rentable')).toBe(false);
  });

  it('sums the network totals', () => {
    const s = snapshot();
    expect(supplyOf(s, 'all', 'claimed')).toBe(13808);
    expect(supplyOf(s, 'all', 'free')).toBe(4430);
  });

  it('merges two names of one card and keeps the larger one’s percentiles', () => {
    const s = snapshot();
    // RTX PRO 6000 WS (410/96) and S (260/71)
    expect(supplyOf(s, 'rtx-pro-6000', 'claimed')).toBe(670);
    expect(supplyOf(s, 'rtx-pro-6000', 'free')).toBe(167);
    expect(priceOf(s, 'rtx-pro-6000', 'median')?.usdPerGpuHour).toBe(1.44);
  });

  it('unit trap: total counts rigs, total_gpus counts GPUs (212 rigs of 8× H100 → 1,620 GPUs)', () => {
    const payload = { success: true, gpus: [{ gpu_name: 'H100 SXM', total: 212, available: 51, total_gpus: 1620, available_gpus: 402 }] };
    const s = parsed(vastaiGpuMetrics.parse(json(payload), context));
    expect(supplyOf(s, 'h100-sxm-80gb', 'claimed')).toBe(1620);
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(402);
    // Older payloads without the GPU fields fall back to the counts given (num_gpus=all buckets are one GPU).
    expect(supplyOf(snapshot(), 'quadro-rtx-8000', 'claimed')).toBe(44);
  });

  it('fails an empty list, saying when the host key has no machines', () => {
    const result = vastaiGpuMetrics.parse(readRecording('vastai', 'gpu-metrics.empty.json'), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('needs_machine') });
    expectEmptyInventory(vastaiGpuMetrics.parse(json({ success: true, gpus: [] }), context));
  });

  it('fails a cut-off payload and a changed shape, naming the fields', () => {
    const cut = vastaiGpuMetrics.parse(readRecording('vastai', 'gpu-metrics.malformed.json'), context);
    expectNotJson(cut);
    const result = vastaiGpuMetrics.parse(readRecording('vastai', 'gpu-metrics.changed-shape.json'), context);
    expectChangedShape(result, 'gpus.0.gpu_name', 'gpus.0.total');
  });
});
