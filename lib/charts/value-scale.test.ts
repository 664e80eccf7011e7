import { describe, expect, it } from 'vitest';
import { chooseScale, DWARF_RATIO, logAxis, niceLinearTicks, niceStep, seriesExtents } from './value-scale';

const isRound = (v: number) => {
  if (v === 0) return true;
  const mantissa = v / 10 ** Math.floor(Math.log10(Math.abs(v)) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9) || [1, 2, 5].some((m) => Math.abs(mantissa - 10 * m) < 1e-9);
};

describe('niceLinearTicks', () => {
  it('steps by 1, 2 or 5 × 10ⁿ, never by a third of the maximum', () => {
    // io.net's free GPUs: a naive split gives 85,000 / 170,000 / 255,000.
    const ticks = niceLinearTicks(337_000);
    expect(ticks).toEqual([0, 100_000, 200_000, 300_000, 400_000]);
    for (const max of [7, 13, 99, 137, 453, 2_560, 564_306, 0.83, 3.2]) {
      const t = niceLinearTicks(max);
      const step = (t[1] ?? 0) - (t[0] ?? 0);
      expect(isRound(step), `${max}: step ${step}`).toBe(true);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t.length).toBeGreaterThanOrEqual(3);
      expect(t.length).toBeLessThanOrEqual(7);
    }
  });

  it('keeps decimal steps exact and copes with an empty or zero maximum', () => {
    expect(niceLinearTicks(0.83)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceLinearTicks(0)).toEqual([0, 1]);
    expect(niceLinearTicks(Number.NaN)).toEqual([0, 1]);
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(35, 5)).toBe(10);
  });
});

describe('logAxis', () => {
  it('runs decade to decade around the data, with 2 and 5 in between on a short axis', () => {
    expect(logAxis(180, 337_000)).toEqual({ domain: [100, 1_000_000], ticks: [100, 1_000, 10_000, 100_000, 1_000_000] });
    expect(logAxis(1.2, 40)).toEqual({ domain: [1, 100], ticks: [1, 2, 5, 10, 20, 50, 100] });
    // Exactly a decade is its own bound.
    expect(logAxis(100, 1_000).domain).toEqual([100, 1_000]);
    for (const t of logAxis(0.04, 9).ticks) expect(isRound(t)).toBe(true);
  });
});

describe('chooseScale', () => {
  const extents = (maxima: (number | null)[]) => maxima.map((max, i) => ({ label: `s${i}`, max, minPositive: max === null || max <= 0 ? null : max / 2 }));

  it('draws io.net on a log axis when free GPUs dwarf rentable ones, and names the two series', () => {
    const choice = chooseScale('linear', [
      { label: 'Free: containers', max: 337_000, minPositive: 320_000 },
      { label: 'Rentable: containers', max: 420, minPositive: 180 },
    ]);
    expect(choice.scale).toBe('log');
    expect(choice.automatic).toBe(true);
    expect(choice.dwarfing?.largest.label).toBe('Free: containers');
    expect(choice.dwarfing?.smallest.label).toBe('Rentable: containers');
    expect(choice.dwarfing?.ratio).toBeCloseTo(337_000 / 420);
    // The axis reaches down to the smallest value drawn.
    expect(choice.domain).toEqual([100, 1_000_000]);
  });

  it('keeps linear while every series reads on one axis, with round ticks', () => {
    const choice = chooseScale('linear', extents([453, 137, 60]));
    expect(choice).toMatchObject({ scale: 'linear', automatic: false, dwarfing: null, domain: [0, 500] });
    expect(choice.ticks).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it('switches exactly past the ratio, ignores empty and all-zero series, and always honours log', () => {
    expect(chooseScale('linear', extents([DWARF_RATIO, 1])).scale).toBe('linear');
    expect(chooseScale('linear', extents([DWARF_RATIO + 1, 1])).scale).toBe('log');
    expect(chooseScale('linear', extents([1_000, null, 0])).scale).toBe('linear');
    expect(chooseScale('linear', extents([])).ticks).toEqual([0, 1]);
    const log = chooseScale('log', extents([10, 9]));
    expect(log).toMatchObject({ scale: 'log', automatic: false, dwarfing: null });
    expect(chooseScale('linear', extents([10, 9]), { ratio: 1.05 }).automatic).toBe(true);
  });

  it('reads extents from chart rows, skipping gaps and text columns', () => {
    const rows = [
      { at: '2026-11-01T00:00:00Z', a: 3, b: null, a__observed: '2026-11-01T00:05:00Z' },
      { at: '2026-11-01T01:00:00Z', a: 0, b: 8 },
      { at: '2026-11-01T02:00:00Z', a: 5, b: 2 },
    ];
    expect(
      seriesExtents(rows, [
        { key: 'a', label: 'A' },
        { key: 'b', label: 'B' },
        { key: 'c', label: 'C' },
      ]),
    ).toEqual([
      { label: 'A', max: 5, minPositive: 3 },
      { label: 'B', max: 8, minPositive: 2 },
      { label: 'C', max: null, minPositive: null },
    ]);
  });
});
