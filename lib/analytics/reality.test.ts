import { describe, expect, it } from 'vitest';
import { realityLeague, realityRatioSeries, type RealityPoint } from './reality';
import { claim, points, supply } from './synthetic';
import { DEFAULT_THRESHOLDS } from './thresholds';

const t = DEFAULT_THRESHOLDS;

describe('reality ratio series', () => {
  it('is rentable ÷ largest GPU claim per bucket, with the points behind it', () => {
    const series = realityRatioSeries({
      claims: [claim('small', [7648, 7648]), claim('headline', [564306, 564306], { runBase: 50 }), claim('nodes', [25000, 25000], { unit: 'nodes' })],
      rentable: [supply('a', 'rentable', [320, 160], { runBase: 90 }), supply('b', 'rentable', [100, 200])],
    });
    expect(series.map((p) => p.ratio)).toEqual([320 / 564306, 200 / 564306]);
    expect(series[0]?.largestClaim).toMatchObject({ sourceId: 'headline', runId: 50 });
    expect(series[0]?.rentable).toMatchObject({ sourceId: 'a', value: 320, runId: 90 });
    expect(series[1]?.rentable).toMatchObject({ sourceId: 'b', value: 200 });
  });

  it('is a gap, never zero, when either side was not observed', () => {
    const series = realityRatioSeries({ claims: [claim('c', [1000, null, 1000])], rentable: [supply('r', 'rentable', [null, 10, 0])] });
    expect(series.map((p) => p.ratio)).toEqual([null, null, 0]);
  });

  it('has no ratio for a network whose claims are all in nodes or zero', () => {
    const series = realityRatioSeries({ claims: [claim('n', [25000], { unit: 'nodes' }), claim('z', [0])], rentable: [supply('r', 'rentable', [10])] });
    expect(series.map((p) => p.ratio)).toEqual([null]);
  });
});

function ratios(network: string, values: readonly (number | null)[]): { network: string; points: RealityPoint[] } {
  return {
    network,
    points: points(values).map((p) => ({ at: p.at, ratio: p.value, rentable: null, largestClaim: null })),
  };
}

describe('reality league', () => {
  it('ranks by the latest ratio and gives each network its trend', () => {
    const league = realityLeague(
      [
        ratios('ionet', [0.002, 0.002, 0.001, 0.001]),
        ratios('akash', [0.5, 0.52, 0.49, 0.51]),
        ratios('vastai', [0.2, 0.25, 0.4, 0.6]),
        ratios('aethir', [null, null, null]),
        ratios('render', [0.3]),
      ],
      t,
    );
    expect(league.map((r) => [r.network, r.rank, r.trend])).toEqual([
      ['vastai', 1, 'up'],
      ['akash', 2, 'flat'],
      ['render', 3, 'unknown'],
      ['ionet', 4, 'down'],
      ['aethir', null, 'unknown'],
    ]);
    const ionet = league.find((r) => r.network === 'ionet');
    expect(ionet).toMatchObject({ start: 0.002, end: 0.001, observed: 4, buckets: 4 });
    expect(ionet?.changePercent).toBeCloseTo(-50, 6);
    expect(ionet?.change).toBeCloseTo(-0.001, 9);
    expect(ionet?.latest?.at).toBe('2026-01-01T03:00:00.000Z');
  });

  it('uses quarter medians, so one odd snapshot does not turn the trend', () => {
    const steady = [0.5, 0.5, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.5, 0.5, 0.5];
    const [row] = realityLeague([ratios('x', steady)], t);
    expect(row?.trend).toBe('flat');
  });

  it('ignores gaps: the latest ratio is the latest observed one', () => {
    const [row] = realityLeague([ratios('x', [0.1, 0.2, null, null])], t);
    expect(row?.latest?.ratio).toBe(0.2);
    expect(row).toMatchObject({ observed: 2, buckets: 4, trend: 'up' });
  });

  it('calls a rise from zero up, and zero to zero flat', () => {
    const league = realityLeague([ratios('a', [0, 0.1]), ratios('b', [0, 0])], t);
    expect(league.map((r) => [r.network, r.trend, r.changePercent])).toEqual([
      ['a', 'up', null],
      ['b', 'flat', null],
    ]);
  });
});
