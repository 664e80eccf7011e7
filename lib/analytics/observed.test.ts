import { describe, expect, it } from 'vitest';
import { duration, observedPoints, quantile, ratio, signedPercent, stretches, uniqueEvidence } from './observed';
import { points } from './synthetic';
import type { Evidence } from './types';

describe('observed points', () => {
  it('drops gaps and keeps each point’s position in the full series, in time order', () => {
    const series = points([5, null, 7]);
    const observed = observedPoints([series[2]!, series[0]!, series[1]!]);
    expect(observed.map((p) => [p.value, p.index])).toEqual([
      [5, 0],
      [7, 2],
    ]);
  });

  it('rejects a time that is not ISO 8601', () => {
    expect(() => observedPoints([{ at: 'yesterday', value: 1, runId: 1 }])).toThrow(/ISO 8601/);
  });
});

describe('stretches', () => {
  it('skips gaps between observations without counting their time', () => {
    // 3 equal observations, 4 failed buckets, 3 more equal observations.
    const [s, ...rest] = stretches(points([9, 9, 9, null, null, null, null, 9, 9, 9]), (a, b) => a.value === b.value);
    expect(rest).toEqual([]);
    expect(s?.points).toHaveLength(6);
    expect(s?.observedHours).toBe(4); // 2 h before the gap + 2 h after it; the 5 h across it do not count
    expect(s?.gaps).toBe(4);
  });

  it('starts a new stretch when the predicate fails', () => {
    const list = stretches(points([1, 1, 2, 2, 2]), (a, b) => a.value === b.value);
    expect(list.map((s) => [s.points.length, s.observedHours])).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it('has none for a series of gaps only', () => {
    expect(stretches(points([null, null]), () => true)).toEqual([]);
  });
});

describe('quantile (nearest rank)', () => {
  it('always returns an observed value', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile(Array.from({ length: 20 }, (_, i) => i + 1), 0.1)).toBe(2);
    expect(quantile([7], 0.1)).toBe(7);
    expect(quantile([5, 6], 0)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('wording', () => {
  it('formats ratios, signed percentages and durations', () => {
    expect(ratio(564306 / 7648)).toBe('73.8×');
    expect(ratio(3)).toBe('3×');
    expect(ratio(1234.5)).toBe('1,235×');
    expect(signedPercent(712.93)).toBe('+713%');
    expect(signedPercent(-45.2)).toBe('−45%');
    expect(signedPercent(12_345)).toBe('+12,345%');
    expect(signedPercent(0.2)).toBe('0%');
    expect(duration(5)).toBe('5 h');
    expect(duration(96)).toBe('4 days');
  });

  it('deduplicates evidence and orders it by time', () => {
    const a: Evidence = { sourceId: 's', role: 'claimed', at: '2026-01-01T01:00:00Z', value: 1, runId: 2 };
    const b: Evidence = { sourceId: 's', role: 'claimed', at: '2026-01-01T00:00:00Z', value: 1, runId: 1 };
    expect(uniqueEvidence([a, b, a])).toEqual([b, a]);
  });
});
