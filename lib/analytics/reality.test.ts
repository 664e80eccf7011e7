import { describe, expect, it } from 'vitest';
import { realityLeague, realityRatioSeries, type RealityPoint } from './reality';
import { findSource } from '../sources/registry';
import { REALITY_SIDES } from './reality-sides';
import { claim, points, supply } from './synthetic';
import { DEFAULT_THRESHOLDS } from './thresholds';

const t = DEFAULT_THRESHOLDS;

const EXPLORER = 'ionet-explorer-network';
const CAAS = 'ionet-cloud-caas-availability';

describe('reality ratio series', () => {
  it('is the declared rentable side ÷ the declared claimed side per bucket, with the points behind it', () => {
    const series = realityRatioSeries({
      network: 'ionet',
      claims: [
        claim('ionet-devices-hardware', [69415, 69415]),
        claim(EXPLORER, [327118, 340152], { runBase: 50 }),
        claim('ionet-claims-ledger', [564306, 564306]),
      ],
      rentable: [supply(CAAS, 'rentable', [312, 320], { runBase: 90 }), supply('ionet-cloud-vmaas-catalogue', 'rentable', [400, 400])],
    });
    expect(series.map((p) => p.ratio)).toEqual([312 / 327118, 320 / 340152]);
    expect(series[0]?.largestClaim).toMatchObject({ sourceId: EXPLORER, value: 327118, runId: 50 });
    expect(series[0]?.rentable).toMatchObject({ sourceId: CAAS, value: 312, runId: 90 });
  });

  it('is a gap when a side’s source failed, never the ratio of another source that answered', () => {
    const series = realityRatioSeries({
      network: 'ionet',
      claims: [claim(EXPLORER, [327118, null, 327118]), claim('ionet-devices-hardware', [69415, 69415, 69415])],
      rentable: [supply(CAAS, 'rentable', [312, 312, null]), supply('ionet-cloud-vmaas-catalogue', 'rentable', [63, 63, 63])],
    });
    expect(series.map((p) => p.ratio)).toEqual([312 / 327118, null, null]);
  });

  it('is zero only when the rentable side observed zero, and none where the claim is zero', () => {
    const series = realityRatioSeries({ network: 'akash', claims: [claim('akash-network-capacity', [453, 0])], rentable: [supply('akash-gpu-prices', 'rentable', [0, 10])] });
    expect(series.map((p) => p.ratio)).toEqual([0, null]);
  });

  it('has no series for a network without declared sides', () => {
    expect(realityRatioSeries({ network: 'render', claims: [claim('render-nodes-and-frames', [5634], { unit: 'nodes' })], rentable: [] })).toEqual([]);
  });
});

describe('declared sides', () => {
  it('name sources of the registry that publish that figure for the network, in GPUs', () => {
    for (const [network, sides] of Object.entries(REALITY_SIDES)) {
      for (const [role, sourceId] of [['claimed', sides.claimed], ['rentable', sides.rentable]] as const) {
        const source = findSource(sourceId);
        expect(source?.network, `${network} ${role} side ${sourceId}`).toBe(network);
        expect(source?.methodology.some((row) => row.figure === role), `${sourceId} documents a ${role} figure`).toBe(true);
      }
    }
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
