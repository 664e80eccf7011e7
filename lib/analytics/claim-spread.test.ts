import { describe, expect, it } from 'vitest';
import { claimSpreadFlags, claimSpreadSeries } from './claim-spread';
import { claim, constant, withGaps } from './synthetic';
import type { SourceSeries } from './types';
import { DEFAULT_THRESHOLDS } from './thresholds';

const t = DEFAULT_THRESHOLDS;

/** io.net's four totals of 2024-05-01, each its own source, hourly for 6 hours. */
function ionet(n = 6) {
  return [
    claim('ionet-deploy-page', constant(7648, n), { runBase: 100 }),
    claim('ionet-resource-manager', constant(11107, n), { runBase: 200 }),
    claim('ionet-explorer-constant', constant(69415, n), { runBase: 300 }),
    claim('ionet-headline-total', constant(564306, n), { runBase: 400 }),
  ];
}

describe('claim spread series', () => {
  it('is largest ÷ smallest per scrape pass, with every claim as evidence', () => {
    const [first] = claimSpreadSeries(ionet());
    expect(first?.ratio).toBeCloseTo(564306 / 7648, 6);
    expect(first?.claims.map((c) => c.value)).toEqual([7648, 11107, 69415, 564306]);
    expect(first?.claims.map((c) => c.runId)).toEqual([100, 200, 300, 400]);
  });

  it('is a gap, not 1, for a single source', () => {
    const series = claimSpreadSeries([claim('only', [10, 20, null])]);
    expect(series.map((p) => p.ratio)).toEqual([null, null, null]);
  });

  it('compares only claims in the same unit', () => {
    const series = claimSpreadSeries([claim('gpus', [1000]), claim('nodes', [25000], { unit: 'nodes' })]);
    expect(series).toHaveLength(2);
    expect(series.every((p) => p.ratio === null)).toBe(true);
  });
});

describe('claim spread flags', () => {
  it('flags io.net’s four totals at once, with the numbers and the points that raised it', () => {
    const flags = claimSpreadFlags('ionet', ionet(), t);
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    expect(flag).toMatchObject({ rule: 'claim-spread', network: 'ionet', unit: 'gpus', observations: 6, gapPasses: 0, threshold: 3 });
    expect(flag?.peakRatio).toBeCloseTo(73.78, 2);
    expect(flag?.from).toBe('2026-01-01T00:00:00.000Z');
    expect(flag?.to).toBe('2026-01-01T05:00:00.000Z');
    expect(flag?.sourceIds).toEqual(['ionet-deploy-page', 'ionet-explorer-constant', 'ionet-headline-total', 'ionet-resource-manager']);
    expect(flag?.message).toContain('io.net published 4 totals in GPUs at once');
    expect(flag?.message).toContain('7,648, 11,107, 69,415, 564,306');
    expect(flag?.message).toContain('73.8×');
    // First (= peak) and last pass, every claim: 8 points, each with its run.
    expect(flag?.evidence).toHaveLength(8);
    expect(flag?.evidence.every((e) => e.runId !== null && e.role === 'claimed')).toBe(true);
  });

  it('does not flag a network with a single source', () => {
    expect(claimSpreadFlags('nosana', [claim('nosana-markets', [10, 5000, 20])], t)).toEqual([]);
  });

  it('does not flag a genuinely steady network whose sources roughly agree', () => {
    expect(claimSpreadFlags('akash', [claim('a', constant(1000, 48)), claim('b', constant(1200, 48))], t)).toEqual([]);
  });

  it('does not flag exactly at the threshold', () => {
    expect(claimSpreadFlags('x', [claim('a', [100]), claim('b', [300])], t)).toEqual([]);
    expect(claimSpreadFlags('x', [claim('a', [100]), claim('b', [301])], t)).toHaveLength(1);
  });

  it('creates no flag from gaps: sources never observed in the same pass have no spread', () => {
    const a = claim('a', [100, null, 100, null]);
    const b = claim('b', [null, 9000, null, 9000]);
    expect(claimSpreadFlags('x', [a, b], t)).toEqual([]);
  });

  it('skips a gap inside a flagged stretch without counting it or extending the flag', () => {
    // Pass 2 lost the small source, the last two passes lost both.
    const small = claim('small', withGaps(constant(100, 7), [2, 5, 6]));
    const big = claim('big', withGaps(constant(1000, 7), [5, 6]));
    const [flag, ...rest] = claimSpreadFlags('x', [small, big], t);
    expect(rest).toEqual([]);
    expect(flag?.observations).toBe(4);
    expect(flag?.gapPasses).toBe(1);
    expect(flag?.from).toBe('2026-01-01T00:00:00.000Z');
    expect(flag?.to).toBe('2026-01-01T04:00:00.000Z');
    expect(flag?.message).toContain('1 pass in between with fewer than two claims observed is not counted');
  });

  it('splits into two flags when the spread genuinely falls below the threshold in between', () => {
    const a = claim('a', [100, 100, 100, 100]);
    const b = claim('b', [1000, 200, 200, 1000]);
    const flags = claimSpreadFlags('x', [a, b], t);
    expect(flags.map((f) => [f.from, f.to])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T03:00:00.000Z', '2026-01-01T03:00:00.000Z'],
    ]);
  });

  it('leaves out non-positive figures rather than dividing by zero', () => {
    expect(claimSpreadFlags('x', [claim('a', [0]), claim('b', [5000])], t)).toEqual([]);
  });

  it('honours a configured ratio', () => {
    expect(claimSpreadFlags('ionet', ionet(1), { spreadRatio: 100 })).toEqual([]);
  });

  it('compares sources whose runs of one pass are seconds apart, each at its own run', () => {
    const a: SourceSeries = { sourceId: 'a', points: [{ at: '2026-01-01T00:00:01.000Z', value: 100, runId: 1 }] };
    const b: SourceSeries = { sourceId: 'b', points: [{ at: '2026-01-01T00:00:04.000Z', value: 900, runId: 2 }] };
    const [flag, ...rest] = claimSpreadFlags('x', [a, b], t);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ observations: 1, from: '2026-01-01T00:00:01.000Z', to: '2026-01-01T00:00:01.000Z' });
    expect(flag?.evidence.map((e) => [e.at, e.runId])).toEqual([
      ['2026-01-01T00:00:01.000Z', 1],
      ['2026-01-01T00:00:04.000Z', 2],
    ]);
  });

  it('lets a daily source’s figure stand between its runs, but not past a failed run or a day and its slack', () => {
    // An hourly source beside a daily one: the daily figure stands for the hours after its run.
    const hourly = claim('hourly', constant(100, 30));
    const daily = claim('daily', [1000], { runBase: 900 });
    expect(claimSpreadFlags('x', [hourly, daily], t)[0]).toMatchObject({ observations: 27, from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T02:00:00.000Z' });
    // Its next run failed at hour 5: from then on it is a gap, never its older figure.
    const failed: SourceSeries = { sourceId: 'daily', points: [...daily.points, { at: '2026-01-01T05:00:00.000Z', value: null, runId: null }] };
    expect(claimSpreadFlags('x', [hourly, failed], t)[0]).toMatchObject({ observations: 5, gapPasses: 0, to: '2026-01-01T04:00:00.000Z' });
  });
});
