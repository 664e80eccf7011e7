import { describe, expect, it } from 'vitest';
import { cloreMarketplace } from './clore';
import { readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, json, parsed, priceOf, supplyOf } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

function oneServer(overrides: Record<string, unknown>) {
  return {
    code: 0,
    servers: [
      {
        id: 1,
        rented: false,
        gpu_array: ['NVIDIA GeForce RTX 4090'],
        specs: { gpu: '1x NVIDIA GeForce RTX 4090', gpuram: 24 },
        price: { usd: { on_demand_usd: 5.7 } },
        ...overrides,
      },
    ],
  };
}

describe('clore marketplace parse', () => {
  const snapshot = () => parsed(cloreMarketplace.parse(readRecording('clore', 'marketplace.json'), context));

  it('reads claimed, free and rentable GPUs and per-GPU-hour prices from the recorded payload', () => {
    const s = snapshot();
    // three RTX 4090 servers: 1 + 1 idle, one 2× rented
    expect(supplyOf(s, 'rtx-4090', 'claimed')).toBe(4);
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(2);
    expect(supplyOf(s, 'rtx-4090', 'rentable')).toBe(2);
    // $4.80 and $5.70 per day → $0.20 and $0.2375 per GPU-hour
    expect(priceOf(s, 'rtx-4090', 'min')).toMatchObject({ usdPerGpuHour: 0.2, listings: 2 });
    expect(priceOf(s, 'rtx-4090', 'p25')?.usdPerGpuHour).toBe(0.209375);
    expect(priceOf(s, 'rtx-4090', 'median')?.usdPerGpuHour).toBe(0.21875);
    expect(supplyOf(s, 'rtx-3070', 'rentable')).toBe(6);
    expect(priceOf(s, 'rtx-3070', 'median')?.usdPerGpuHour).toBe(0.0625);
    expect(s.unknownModels).toContain('unknown:NVIDIA CMP 50HX');
    expect(supplyOf(s, 'unknown:NVIDIA CMP 50HX', 'claimed')).toBe(8);
  });

  it('sums network totals over every server', () => {
    const s = snapshot();
    expect(supplyOf(s, 'all', 'claimed')).toBe(32);
    expect(supplyOf(s, 'all', 'free')).toBe(28);
    // one idle RTX 3090 has no on-demand ask
    expect(supplyOf(s, 'all', 'rentable')).toBe(27);
  });

  it('counts the GPUs left on a partly rented server, priced per GPU of the whole server', () => {
    const s = snapshot();
    // 1× idle 5090 plus a 3× 5090 server marked rented with 1 GPU still available
    expect(supplyOf(s, 'rtx-5090', 'claimed')).toBe(4);
    expect(supplyOf(s, 'rtx-5090', 'free')).toBe(2);
    expect(supplyOf(s, 'rtx-5090', 'rentable')).toBe(2);
    // $23.91/day ÷ 24 ÷ 3 = 0.332083; $8.15/day ÷ 24 = 0.339583
    expect(priceOf(s, 'rtx-5090', 'min')?.usdPerGpuHour).toBe(0.332083);
    expect(priceOf(s, 'rtx-5090', 'median')?.usdPerGpuHour).toBe(0.335833);
  });

  it('counts an idle server without an ask as free but not rentable, and uses the CLORE ask’s USD value', () => {
    const s = snapshot();
    expect(supplyOf(s, 'rtx-3090', 'free')).toBe(2);
    expect(supplyOf(s, 'rtx-3090', 'rentable')).toBe(1);
    // only on_demand_clore = $3.60/day → $0.15 per GPU-hour
    expect(priceOf(s, 'rtx-3090', 'median')).toMatchObject({ usdPerGpuHour: 0.15, listings: 1 });
  });

  // Fails until lib/gpu-models.ts reads `V100SXM2` run together with its memory (it returns
  // `unknown:Tesla V100SXM232GB` today); the name is the one Clore published on 2026-09-06.
  it('maps the 8× "Tesla V100SXM232GB" servers to the V100 32GB', () => {
    const s = snapshot();
    expect(supplyOf(s, 'v100-32gb', 'claimed')).toBe(8);
    expect(priceOf(s, 'v100-32gb', 'median')?.usdPerGpuHour).toBe(0.0625);
  });

  it('unit trap: USD per server-day ÷ 24 ÷ GPUs (6× RTX 3070 at $9/day → $0.0625 per GPU-hour)', () => {
    const payload = oneServer({ gpu_array: Array(6).fill('NVIDIA GeForce RTX 3070'), specs: { gpu: '6x NVIDIA GeForce RTX 3070', gpuram: 8 }, price: { usd: { on_demand_usd: 9 } } });
    const s = parsed(cloreMarketplace.parse(json(payload), context));
    expect(priceOf(s, 'rtx-3070', 'min')?.usdPerGpuHour).toBe(0.0625);
    expect(supplyOf(s, 'rtx-3070', 'rentable')).toBe(6);
  });

  it('unit trap: GPU count from the "<N>x" prefix of specs.gpu when gpu_array is missing', () => {
    const payload = oneServer({ gpu_array: undefined, specs: { gpu: '4x NVIDIA GeForce RTX 5090', gpuram: 32 }, price: { usd: { on_demand_usd: 48 } } });
    const s = parsed(cloreMarketplace.parse(json(payload), context));
    expect(supplyOf(s, 'rtx-5090', 'claimed')).toBe(4);
    expect(priceOf(s, 'rtx-5090', 'min')?.usdPerGpuHour).toBe(0.5);
  });

  it('unit trap: specs.gpuram as reported (79) is snapped to the marketed 80GB, and a modded 48GB RTX 4090 stays apart', () => {
    const h100 = oneServer({ gpu_array: [' H100 80GB HBM3'], specs: { gpu: '1x H100 80GB HBM3', gpuram: 79 }, price: { usd: { on_demand_usd: 48 } } });
    expect(supplyOf(parsed(cloreMarketplace.parse(json(h100), context)), 'h100-sxm-80gb', 'claimed')).toBe(1);
    const modded = oneServer({ specs: { gpu: '1x NVIDIA GeForce RTX 4090', gpuram: 48 } });
    expect(supplyOf(parsed(cloreMarketplace.parse(json(modded), context)), 'rtx-4090-48gb', 'claimed')).toBe(1);
  });

  it('accepts partial_gpu_rental as a bare boolean', () => {
    const payload = oneServer({ partial_gpu_rental: true, rented: true });
    const s = parsed(cloreMarketplace.parse(json(payload), context));
    expect(supplyOf(s, 'rtx-4090', 'free')).toBe(0);
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = cloreMarketplace.parse(readRecording('clore', 'marketplace.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory or an error code instead of recording zero GPUs', () => {
    const result = cloreMarketplace.parse(readRecording('clore', 'marketplace.empty.json'), context);
    expectEmptyInventory(result);
    expect(cloreMarketplace.parse(json({ code: 5, servers: [] }), context)).toEqual({ ok: false, error: 'Clore API answered code 5 instead of 0' });
    expectEmptyBodyRefused(cloreMarketplace, context);
  });

  it('fails a changed shape, naming the renamed and retyped fields', () => {
    const result = cloreMarketplace.parse(readRecording('clore', 'marketplace.changed-shape.json'), context);
    expectChangedShape(result, 'servers.0.rented', 'servers.0.price.usd.on_demand_usd');
  });

  it('skips a server record it cannot read and counts it, keeping the other servers', () => {
    const recorded = JSON.parse(new TextDecoder().decode(readRecording('clore', 'marketplace.json'))) as { code: number; servers: Record<string, unknown>[] };
    const before = parsed(cloreMarketplace.parse(json(recorded), context));
    const broken = { ...recorded.servers[0], id: 999_999, rented: 'no' };
    const after = parsed(cloreMarketplace.parse(json({ ...recorded, servers: [...recorded.servers, broken] }), context));
    expect(after.supply).toEqual(before.supply);
    expect(after.rejected).toEqual([{ kind: 'record', reason: 'server record with an invalid rented', count: 1 }]);
  });
});
