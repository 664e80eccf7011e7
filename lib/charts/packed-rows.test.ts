import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packChartRows, unpackChartRows } from './packed-rows';
import type { ChartRow } from './series-rows';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-17T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('packed chart rows', () => {
  it('gives back the very rows, keys a row lacks included', () => {
    const cell = fc.option(fc.oneof(fc.integer({ min: 0, max: 400_000 }), fc.double({ min: 0, max: 100, noNaN: true }).filter((v) => !Object.is(v, -0))), { nil: null });
    const rows = fc.array(
      fc.record({ layer0: cell, layer0__run: fc.option(fc.nat(1_000_000), { nil: null }), layer1: cell }, { requiredKeys: ['layer0'] }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(rows, fc.nat(3_000_000), (cells, observedOffset) => {
        const chart: ChartRow[] = cells.map((c, i) => ({ at: iso(T0 + i * HOUR), ...c, ...(i % 3 === 0 ? { layer0__observed: iso(T0 + i * HOUR + observedOffset) } : {}) }));
        expect(unpackChartRows(JSON.parse(JSON.stringify(packChartRows(chart))))).toEqual(chart);
      }),
    );
  });

  it('writes a week of a steady stack in a few bytes a bucket', () => {
    const rows: ChartRow[] = Array.from({ length: 169 }, (_, i) => ({ at: iso(T0 + i * HOUR), layer0: 120, layer0__run: 1000 + i, layer0__observed: iso(T0 + i * HOUR + 300_000), layer1: i < 80 ? 7 : 8 }));
    const packed = JSON.stringify(packChartRows(rows));
    expect(packed.length * 10).toBeLessThan(JSON.stringify(rows).length);
  });

  it('leaves rows alone when a string is not a canonical time', () => {
    const rows: ChartRow[] = [{ at: iso(T0), label: 'not a time' }];
    expect(packChartRows(rows)).toBe(rows);
  });
});
