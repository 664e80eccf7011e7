import { describe, expect, it } from 'vitest';
import { networkFlags, type NetworkSeries } from './flags';
import { claim, constant, range, supply, withGaps, wobble } from './synthetic';
import { DEFAULT_THRESHOLDS } from './thresholds';
import type { Flag, SourceSeries } from './types';

const t = DEFAULT_THRESHOLDS;
const N = 120; // five days, hourly

/** A small deterministic generator, so "random" gaps are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Some gap patterns: random holes, long outages, alternating failures, a dead first and last day. */
function gapPatterns(n: number): number[][] {
  const patterns: number[][] = [range(10, 60), range(0, 24), range(n - 24, n), range(0, n).filter((i) => i % 2 === 1), range(30, 31)];
  for (let seed = 1; seed <= 30; seed += 1) {
    const random = lcg(seed);
    patterns.push(range(0, n).filter(() => random() < 0.35));
  }
  return patterns;
}

/** The same network with failed scrapes at `gaps` in every series (shifted per series, so sources fail apart). */
function withFailures(network: NetworkSeries, gaps: readonly number[], shift: number): NetworkSeries {
  const fail = (s: SourceSeries, k: number) =>
    withGaps(
      s.points.map((p) => p.value),
      gaps.map((g) => (g + k * shift) % s.points.length),
    );
  return {
    network: network.network,
    claims: network.claims.map((c, k) => claim(c.sourceId, fail(c, k), { unit: c.unit })),
    supply: network.supply.map((s, k) => supply(s.sourceId, s.status, fail(s, k + network.claims.length))),
  };
}

function inputPoint(network: NetworkSeries, sourceId: string, at: string) {
  const series = [...network.claims, ...network.supply].filter((s) => s.sourceId === sourceId);
  return series.flatMap((s) => s.points).find((p) => Date.parse(p.at) === Date.parse(at));
}

/** Every evidence point, and both ends of the flag, are real observations in the input. */
function expectTraceable(network: NetworkSeries, flags: readonly Flag[]) {
  for (const flag of flags) {
    for (const e of flag.evidence) {
      const p = inputPoint(network, e.sourceId, e.at);
      expect(p?.value, `${flag.rule} evidence ${e.sourceId} ${e.at}`).toBe(e.value);
      expect(p?.runId).toBe(e.runId);
      expect(e.runId).not.toBeNull();
    }
    for (const end of [flag.from, flag.to]) {
      const observedThere = flag.sourceIds.some((id) => {
        const p = inputPoint(network, id, end);
        return p !== undefined && p.value !== null;
      });
      expect(observedThere, `${flag.rule} ${end} is an observation`).toBe(true);
    }
  }
}

const ionet: NetworkSeries = {
  network: 'ionet',
  claims: [
    claim('ionet-deploy-page', wobble(7600, 7700, N)),
    claim('ionet-resource-manager', wobble(11000, 11200, N)),
    claim('ionet-explorer-constant', constant(69415, N)),
    claim('ionet-headline-total', [...constant(69415, 60), ...constant(564306, 60)]),
  ],
  supply: [supply('ionet-rentable', 'rentable', wobble(300, 340, N)), supply('ionet-free', 'free', wobble(900, 1000, N))],
};

const steady: NetworkSeries = {
  network: 'akash',
  claims: [claim('akash-a', constant(1000, N)), claim('akash-b', constant(1200, N))],
  supply: [supply('akash-rentable', 'rentable', constant(400, N)), supply('akash-free', 'free', constant(100, N))],
};

/** Claims and supply grow together by 1% an hour: everything moves, nothing is suspicious. */
const growing: NetworkSeries = {
  network: 'render',
  claims: [claim('render-claim', range(0, N).map((i) => Math.round(10000 * 1.01 ** i)))],
  supply: [supply('render-rentable', 'rentable', range(0, N).map((i) => Math.round(500 * 1.01 ** i)))],
};

/** One source, its figure revised every day by 5%, supply moving. */
const singleSource: NetworkSeries = {
  network: 'nosana',
  claims: [claim('nosana-claim', range(0, N).map((i) => 2000 + 100 * Math.floor(i / 24)))],
  supply: [supply('nosana-rentable', 'rentable', wobble(50, 80, N))],
};

describe('network flags', () => {
  it('raises io.net’s spread, frozen constant and unexplained jump, each traceable to its points', () => {
    const flags = networkFlags(ionet, t);
    const rules = flags.map((f) => `${f.rule}:${f.sourceIds.join('+')}`);
    expect(rules).toContain('frozen-claim:ionet-explorer-constant');
    expect(rules).toContain('claim-jump:ionet-headline-total');
    expect(flags.filter((f) => f.rule === 'claim-spread')).toHaveLength(1);
    // The headline sat at 69,415 for only 59 hours before its jump: not frozen by itself.
    expect(rules).not.toContain('frozen-claim:ionet-headline-total');
    expect(flags.map((f) => Date.parse(f.from))).toEqual([...flags.map((f) => Date.parse(f.from))].sort((a, b) => a - b));
    expectTraceable(ionet, flags);
  });

  it.each([
    ['a genuinely steady network', steady],
    ['a network that grows with its supply', growing],
    ['a network with a single source', singleSource],
  ])('raises nothing on %s', (_, network) => {
    expect(networkFlags(network, t)).toEqual([]);
  });

  it.each([
    ['a genuinely steady network', steady],
    ['a network that grows with its supply', growing],
    ['a network with a single source', singleSource],
  ])('raises nothing on %s across gaps from failed scrapes', (_, network) => {
    for (const [i, gaps] of gapPatterns(N).entries()) {
      for (const shift of [0, 7]) {
        const flags = networkFlags(withFailures(network, gaps, shift), t);
        expect(flags, `gap pattern ${i}, shift ${shift}: ${flags.map((f) => f.message).join(' | ')}`).toEqual([]);
      }
    }
  });

  it('keeps io.net’s flags on real observations whatever scrapes fail', () => {
    for (const gaps of gapPatterns(N)) {
      const failed = withFailures(ionet, gaps, 3);
      expectTraceable(failed, networkFlags(failed, t));
    }
  });
});
