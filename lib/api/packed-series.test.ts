import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Series } from '../queries/series';
import { packColumn, packResponse, packSeriesList, unpackColumn, unpackResponse } from './packed-series';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-17T00:00:00Z');

function hourly(sourceId: string, values: readonly (number | null)[], firstRun = 1000): Series {
  return {
    sourceId,
    networkSlug: 'ionet',
    gpuModel: 'h100-sxm-80gb',
    metric: 'rentable',
    unit: 'gpus',
    points: values.map((value, k) => ({
      at: new Date(T0 + k * HOUR).toISOString(),
      value,
      samples: value === null ? 0 : 1,
      runId: value === null ? null : firstRun + 23 * k,
      observedAt: value === null ? null : new Date(T0 + k * HOUR + 300_417).toISOString(),
      gap: value === null,
    })),
  };
}

describe('packed series', () => {
  it('gives back the very response the API sends, whatever the points', () => {
    const iso = fc.integer({ min: T0, max: T0 + 400 * HOUR }).map((ms) => new Date(ms).toISOString());
    const point = fc.record(
      {
        at: iso,
        value: fc.option(fc.oneof(fc.integer({ min: 0, max: 500_000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0))), { nil: null }),
        samples: fc.nat(20),
        runId: fc.option(fc.nat(10_000_000), { nil: null }),
        observedAt: fc.option(iso, { nil: null }),
        gap: fc.boolean(),
      },
      { requiredKeys: ['at', 'value', 'samples', 'runId', 'observedAt'] },
    );
    const series = fc.record({
      sourceId: fc.constantFrom('ionet-cloud', 'akash-console', 'aws-pricing'),
      networkSlug: fc.constantFrom('ionet', 'akash', 'aws'),
      gpuModel: fc.constant('h100-sxm-80gb'),
      metric: fc.constantFrom('rentable', 'price_median', 'price_min'),
      unit: fc.constantFrom('gpus', 'usd_per_gpu_hour'),
      points: fc.array(point, { maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(series, { maxLength: 5 }), fc.option(fc.array(series, { maxLength: 3 }), { nil: null }), (current, previous) => {
        const response = { model: 'h100-sxm-80gb', window: { from: 'a', to: 'b', resolution: 'hour' }, sources: [], series: current, previous };
        expect(unpackResponse(JSON.parse(JSON.stringify(packResponse(response))))).toEqual(response);
      }),
    );
  });

  it('writes a week of hourly points in a few bytes each: one list of times, runs of equal values once', () => {
    const week = Array.from({ length: 169 }, (_, k) => (k < 100 ? 80 : 81));
    const series = [hourly('ionet-cloud', week), hourly('akash-console', week.map((v, k) => (k === 50 ? null : v / 8)), 2000)];
    const packed = packSeriesList(series)!;
    const json = JSON.stringify(packed);
    expect(json.length).toBeLessThan(2 * 169 * 3);
    expect(JSON.stringify(series).length / json.length).toBeGreaterThan(30);
    // The times are written once, not once per series.
    expect(packed.at).toBe(`${T0},${HOUR}*168`);
    expect(packed.series[0]!.v).toBe('80*100,81*69');
    expect(packed.series[0]!.r).toBe('1000,23*168');
    expect(packed.series[0]!).not.toHaveProperty('i');
  });

  it('keeps a series that lacks some buckets on its own indices', () => {
    const full = hourly('ionet-cloud', [1, 2, 3, 4]);
    const partial = { ...hourly('akash-console', [5, 6, 7, 8]), points: hourly('akash-console', [5, 6, 7, 8]).points.filter((_, k) => k !== 1) };
    const packed = packSeriesList([full, partial])!;
    expect(packed.series[1]!.i).toBe('0,2,1');
    expect(unpackResponse(packResponse({ series: [full, partial], previous: null }))).toEqual({ series: [full, partial], previous: null });
  });

  it('leaves a response alone when a time is not in canonical ISO form', () => {
    const odd = hourly('ionet-cloud', [1, 2]);
    odd.points[1] = { ...odd.points[1]!, observedAt: '2026-11-17T01:05:00Z' };
    const response = { series: [odd], previous: null };
    expect(packResponse(response)).toBe(response);
  });

  it('packs a column and reads it back, nulls and runs included', () => {
    const cells = [null, null, 3, 3, 3, 0.1 + 0.2, null, 7];
    expect(packColumn(cells)).toBe(`*2,3*3,${0.1 + 0.2},,7`);
    expect(unpackColumn(packColumn(cells), cells.length)).toEqual(cells);
    expect(() => unpackColumn('1*3', 2)).toThrow(/3 cells, expected 2/);
  });
});

describe('packed series share columns', () => {
  it('writes a column once when two series of the list hold the same one (a source cheapest and median prices)', () => {
    const median = { ...hourly('spheron', [3.1, 3.1, 3.2, 3.0, 3.1, 2.9, 3.3]), metric: 'price_median' as const };
    const min = { ...median, metric: 'price_min' as const, points: median.points.map((p) => ({ ...p, value: p.value! - 1 })) };
    const packed = packSeriesList([median, min])!;
    expect(packed.series[1]!.r).toBe(0);
    expect(packed.series[1]!.o).toBe(0);
    expect(typeof packed.series[1]!.v).toBe('string');
    expect(unpackResponse(packResponse({ series: [median, min], previous: null }))).toEqual({ series: [median, min], previous: null });
  });
});
