import { describe, expect, it } from 'vitest';
import { drawnKey, drawnValues, forLogScale, gapKey, isPartialBucket, linesToRows, observedKey, runKey, withDrawnLines } from './series-rows';

const point = (at: string, value: number | null, runId: number | null = value === null ? null : 1) => ({
  at,
  value,
  samples: value === null ? 0 : 1,
  runId,
  observedAt: value === null ? null : at,
});

describe('linesToRows', () => {
  it('gives one row per bucket with each line’s value, run and observation time; gaps stay null', () => {
    const rows = linesToRows([
      { key: 'a', label: 'A', points: [point('2026-11-20T00:00:00Z', 5, 11), point('2026-11-20T01:00:00Z', null)] },
      { key: 'b', label: 'B', points: [point('2026-11-20T00:00:00Z', 7, 12), point('2026-11-20T01:00:00Z', 8, 13)] },
    ]);
    expect(rows).toEqual([
      { at: '2026-11-20T00:00:00Z', a: 5, [runKey('a')]: 11, [observedKey('a')]: '2026-11-20T00:00:00Z', [gapKey('a')]: 0, b: 7, [runKey('b')]: 12, [observedKey('b')]: '2026-11-20T00:00:00Z', [gapKey('b')]: 0 },
      { at: '2026-11-20T01:00:00Z', a: null, [runKey('a')]: null, [observedKey('a')]: null, [gapKey('a')]: 1, b: 8, [runKey('b')]: 13, [observedKey('b')]: '2026-11-20T01:00:00Z', [gapKey('b')]: 0 },
    ]);
  });

  it('drops leading buckets before anything was tracked, and returns nothing for no data', () => {
    const rows = linesToRows([{ key: 'a', label: 'A', points: [point('2026-11-20T00:00:00Z', null), point('2026-11-20T01:00:00Z', 3)] }]);
    expect(rows.map((r) => r.at)).toEqual(['2026-11-20T01:00:00Z']);
    expect(linesToRows([{ key: 'a', label: 'A', points: [point('2026-11-20T00:00:00Z', null)] }])).toEqual([]);
  });
});

describe('chart helpers', () => {
  it('marks the bucket that contains now as in progress', () => {
    expect(isPartialBucket('2026-11-20T10:00:00Z', 3_600_000, new Date('2026-11-20T10:30:00Z'))).toBe(true);
    expect(isPartialBucket('2026-11-20T09:00:00Z', 3_600_000, new Date('2026-11-20T10:30:00Z'))).toBe(false);
  });

  it('hides zeros on a log scale and counts them', () => {
    const { rows, hiddenZeros } = forLogScale([{ at: 'x', a: 0, b: 320 }], ['a', 'b']);
    expect(rows).toEqual([{ at: 'x', a: null, [gapKey('a')]: 1, b: 320 }]);
    expect(hiddenZeros).toBe(1);
  });
});

describe('lines through empty buckets', () => {
  it('joins observations across empty buckets that are not gaps, and breaks at a gap', () => {
    expect(drawnValues([10, null, null, 40, null, 60], [false, false, false, false, true, false])).toEqual([10, 20, 30, 40, null, 60]);
    expect(drawnValues([10, null, 40], [false, false, false], 'step')).toEqual([10, 10, 40]);
    // Nothing after the last observation to join to: left empty.
    expect(drawnValues([10, null], [false, false])).toEqual([10, null]);
  });

  it('draws a point that says nothing of gaps as before: every empty bucket breaks the line', () => {
    const scheduled = { ...point('2026-11-20T01:00:00Z', null), gap: false };
    const rows = withDrawnLines(
      linesToRows([
        { key: 'daily', label: 'D', points: [point('2026-11-20T00:00:00Z', 1), scheduled, point('2026-11-20T02:00:00Z', 3)] },
        { key: 'old', label: 'O', points: [point('2026-11-20T00:00:00Z', 1), point('2026-11-20T01:00:00Z', null), point('2026-11-20T02:00:00Z', 3)] },
      ]),
      ['daily', 'old'],
    );
    expect(rows.map((r) => r[drawnKey('daily')])).toEqual([1, 2, 3]);
    expect(rows.map((r) => r[drawnKey('old')])).toEqual([1, null, 3]);
    // The observation itself stays empty: tooltips and tables show what was observed.
    expect(rows[1]?.daily).toBeNull();
  });
});
