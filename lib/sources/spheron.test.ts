import { describe, expect, it } from 'vitest';
import { spheronGpuOffers } from './spheron';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

const pages = () => [readRecording('spheron', 'gpu-offers.page-1.json'), readRecording('spheron', 'gpu-offers.page-2.json')];
const readAll = (responses: Uint8Array[]) => spheronGpuOffers.parseResponses?.(responses, context) ?? { ok: false as const, error: 'no parseResponses' };

describe('spheron gpu-offers pages', () => {
  it('asks for page 2 after a page 1 that says totalPages 2, then stops', () => {
    const [first, second] = pages();
    expect(spheronGpuOffers.request.path).toBe('/gpu-offers?page=1&limit=100&sortBy=popularity&sortOrder=asc');
    expect(spheronGpuOffers.nextRequest?.([first!])).toEqual({ method: 'GET', path: '/gpu-offers?page=2&limit=100&sortBy=popularity&sortOrder=asc' });
    expect(spheronGpuOffers.nextRequest?.([first!, second!])).toBeNull();
  });

  it('stops at a single page, and at a page it cannot read (parsing then says why)', () => {
    const onePage = json({ data: [], total: 0, page: 1, limit: 100, totalPages: 1 });
    expect(spheronGpuOffers.nextRequest?.([onePage])).toBeNull();
    expect(spheronGpuOffers.nextRequest?.([json({ data: [] })])).toBeNull();
    const malformed = readRecording('spheron', 'gpu-offers.malformed.json');
    expect(spheronGpuOffers.nextRequest?.([malformed])).toBeNull();
  });

  it('counts the groups of every page: page 1 alone misses those on page 2', () => {
    const [first] = pages();
    const pageOne = parsed(spheronGpuOffers.parse(first!, context));
    expect(supplyOf(pageOne, 'rtx-4090', 'free')).toBeUndefined();
    const all = parsed(readAll(pages()));
    expect(supplyOf(all, 'rtx-4090', 'free')).toBe(4);
    expect(supplyOf(all, 'h200-sxm-141gb', 'free')).toBe(5);
  });

  it('fails when a server ignores `page` and sends page 1 again, instead of counting it twice', () => {
    const [first] = pages();
    const result = readAll([first!, first!]);
    expect(result).toEqual({ ok: false, error: 'response 2 is page 1, expected page 2' });
  });

  it('names the page that did not parse', () => {
    const [first] = pages();
    const result = readAll([first!, readRecording('spheron', 'gpu-offers.malformed.json')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^page 2: not JSON/);
  });

  it('counts a group listed on two pages once (the catalogue moved while it was read)', () => {
    const group = { gpuType: 'L40S_PCIE', displayName: 'L40S PCIe', totalAvailable: 3, offers: [{ gpuCount: 1, price: 1, available: true, maintenance: false }] };
    const result = parsed(readAll([
      json({ data: [group], total: 2, page: 1, limit: 1, totalPages: 2 }),
      json({ data: [{ ...group, totalAvailable: 9 }], total: 2, page: 2, limit: 1, totalPages: 2 }),
    ]));
    expect(supplyOf(result, 'l40s', 'free')).toBe(3);
    expect(supplyOf(result, 'all', 'free')).toBe(3);
  });
});

describe('spheron gpu-offers parse', () => {
  // The recorded catalogue, both pages: the figures are those of the whole catalogue.
  const snapshot = () => parsed(readAll(pages()));

  it('reads free GPUs per type, rentable GPUs from orderable offers, and per-GPU prices', () => {
    const s = snapshot();
    expect(supplyOf(s, 'h100-sxm-80gb', 'free')).toBe(15);
    // 1× and 8× offers are available; the 8× one at $42.13 is sold out, the spot one is left out.
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(9);
    expect(priceOf(s, 'h100-sxm-80gb', 'min')).toMatchObject({ usdPerGpuHour: 2.943, listings: 2 });
    expect(priceOf(s, 'h100-sxm-80gb', 'p25')?.usdPerGpuHour).toBe(3.01975);
    expect(priceOf(s, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBe(3.0965);
    expect(supplyOf(s, 'l40s', 'free')).toBe(34);
    expect(supplyOf(s, 'l40s', 'rentable')).toBe(6);
    expect(priceOf(s, 'l40s', 'min')?.usdPerGpuHour).toBe(0.96);
    expect(priceOf(s, 'l40s', 'p25')?.usdPerGpuHour).toBe(1.005);
    expect(priceOf(s, 'l40s', 'median')?.usdPerGpuHour).toBe(1.05);
    expect(supplyOf(s, 'h200-sxm-141gb', 'rentable')).toBe(1);
    expect(priceOf(s, 'h200-sxm-141gb', 'median')?.usdPerGpuHour).toBe(3.3615);
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(1);
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBe(0.768);
    expect(s.unknownModels).toEqual([]);
    expect(s.supply.some((p) => p.status === 'claimed')).toBe(false);
  });

  it('sums network totals without the CPU-only group', () => {
    const s = snapshot();
    // 15 + 31 + 34 + 22 + 7 + 4 + 5; the CPU NODE group's 49 are not GPUs.
    expect(supplyOf(s, 'all', 'free')).toBe(118);
    // 9 H100 + 3 A100 + 6 L40S + 18 A6000 + 1 RTX 4090 + 1 H200
    expect(supplyOf(s, 'all', 'rentable')).toBe(38);
    expect(s.supply.some((p) => /cpu/i.test(p.gpuModel))).toBe(false);
  });

  it('merges the three groups that are one card and takes statistics over all their offers', () => {
    const s = snapshot();
    // `A6000 PCIe` (22) and `A6000 PCIe (High Performance)` (7) are both an RTX A6000.
    expect(supplyOf(s, 'rtx-a6000', 'free')).toBe(29);
    expect(supplyOf(s, 'rtx-a6000', 'rentable')).toBe(18);
    expect(priceOf(s, 'rtx-a6000', 'min')).toMatchObject({ usdPerGpuHour: 0.4474, listings: 4 });
    expect(priceOf(s, 'rtx-a6000', 'p25')?.usdPerGpuHour).toBe(0.53485);
    expect(priceOf(s, 'rtx-a6000', 'median')?.usdPerGpuHour).toBe(0.564);
  });

  it('does not count offers in maintenance or without a price as rentable', () => {
    const s = snapshot();
    // A100 80G PCIe: 1× and 2× rentable; the 8× is in maintenance and one 1× has no price.
    expect(supplyOf(s, 'a100-pcie-80gb', 'free')).toBe(31);
    expect(supplyOf(s, 'a100-pcie-80gb', 'rentable')).toBe(3);
    expect(priceOf(s, 'a100-pcie-80gb', 'min')).toMatchObject({ usdPerGpuHour: 1.1954, listings: 2 });
    expect(priceOf(s, 'a100-pcie-80gb', 'median')?.usdPerGpuHour).toBe(1.2545);
  });

  it('unit trap: price is per instance-hour, divided by gpuCount (8× H100 SXM5 at $26/h → $3.25 per GPU-hour)', () => {
    const payload = {
      data: [
        {
          gpuType: 'H100_SXM5',
          displayName: 'H100 SXM5',
          interconnectVariants: ['SXM5'],
          totalAvailable: 8,
          offers: [{ offerId: 'dc-8x', gpuCount: 8, price: 26, available: true, maintenance: false, gpu_memory: 80, interconnectType: 'SXM5', instanceType: 'DEDICATED' }],
        },
      ],
    };
    const s = parsed(spheronGpuOffers.parse(json(payload), context));
    expect(priceOf(s, 'h100-sxm-80gb', 'min')?.usdPerGpuHour).toBe(3.25);
    expect(supplyOf(s, 'h100-sxm-80gb', 'rentable')).toBe(8);
  });

  it('keeps an unrecognised GPU type as unknown:<name> and reports it', () => {
    const payload = {
      data: [
        {
          gpuType: 'QUANTUM9',
          displayName: 'Quantum9 PCIe',
          totalAvailable: 2,
          offers: [{ gpuCount: 1, price: 0.5, available: true, maintenance: false }],
        },
      ],
    };
    const s = parsed(spheronGpuOffers.parse(json(payload), context));
    expect(s.unknownModels).toEqual(['unknown:Quantum9 PCIe']);
    expect(supplyOf(s, 'unknown:Quantum9 PCIe', 'free')).toBe(2);
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = spheronGpuOffers.parse(readRecording('spheron', 'gpu-offers.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = spheronGpuOffers.parse(readRecording('spheron', 'gpu-offers.empty.json'), context);
    expectEmptyInventory(result);
    const onlyCpu = { data: [{ gpuType: 'CPU_NODE', displayName: 'CPU NODE', totalAvailable: 49, offers: [{ gpuCount: 0, price: 0.09, available: true }] }] };
    expectEmptyInventory(spheronGpuOffers.parse(json(onlyCpu), context));
    expectEmptyBodyRefused(spheronGpuOffers, context);
  });

  it('fails a changed shape, naming the renamed and retyped fields', () => {
    const result = spheronGpuOffers.parse(readRecording('spheron', 'gpu-offers.changed-shape.json'), context);
    expectChangedShape(result, 'data.0.totalAvailable', 'data.0.offers.0.gpuCount');
  });
});
