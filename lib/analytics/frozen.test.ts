import { describe, expect, it } from 'vitest';
import { frozenClaimFlags, supplyMoves } from './frozen';
import { claim, constant, range, supply, withGaps, wobble } from './synthetic';
import { DEFAULT_THRESHOLDS, withThresholds } from './thresholds';

const t = DEFAULT_THRESHOLDS;
const rentable = (values: readonly (number | null)[]) => supply('ionet-explorer', 'rentable', values, { runBase: 5000 });

describe('frozen claims', () => {
  it('flags io.net’s constant 69,415 while rentable supply moves, with the points that raised it', () => {
    const constantClaim = claim('ionet-explorer-constant', constant(69415, 97));
    const flags = frozenClaimFlags('ionet', constantClaim, [rentable(wobble(300, 340, 97))], t);
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    expect(flag).toMatchObject({
      rule: 'frozen-claim',
      network: 'ionet',
      sourceIds: ['ionet-explorer-constant'],
      figure: 69415,
      observedHours: 96,
      observations: 97,
      failedRuns: 0,
      supplyStatus: 'rentable',
      threshold: 72,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-05T00:00:00.000Z',
    });
    expect(flag?.supplyMovePercent).toBeCloseTo((40 / 340) * 100, 6);
    expect(flag?.message).toContain('claimed 69,415 GPUs');
    expect(flag?.message).toContain('4 days of observation');
    expect(flag?.message).toContain('moved by 12%');
    // First and last claim observation, lowest and highest supply reading.
    expect(flag?.evidence.map((e) => [e.role, e.value, e.runId])).toEqual([
      ['claimed', 69415, 1000],
      ['rentable', 300, 5000],
      ['rentable', 340, 5001],
      ['claimed', 69415, 1096],
    ]);
  });

  it('does not flag a genuinely steady network (claim and supply both flat)', () => {
    const flags = frozenClaimFlags('steady', claim('c', constant(1000, 200)), [rentable(constant(400, 200)), supply('f', 'free', constant(50, 200))], t);
    expect(flags).toEqual([]);
  });

  it('does not flag without any free or rentable series to compare', () => {
    expect(frozenClaimFlags('aethir', claim('aethir-enterprise-gpus', constant(430000, 200)), [], t)).toEqual([]);
  });

  it('does not flag a claim that moves', () => {
    const moving = claim('c', Array.from({ length: 200 }, (_, i) => 1000 + i));
    expect(frozenClaimFlags('x', moving, [rentable(wobble(300, 340, 200))], t)).toEqual([]);
  });

  it('does not flag a stretch shorter than the minimum duration', () => {
    expect(frozenClaimFlags('x', claim('c', constant(5, 72)), [rentable(wobble(300, 340, 72))], t)).toEqual([]); // 71 h
    expect(frozenClaimFlags('x', claim('c', constant(5, 73)), [rentable(wobble(300, 340, 73))], t)).toHaveLength(1); // 72 h
  });

  it('does not count a gap of failed scrapes as unchanged', () => {
    // 31 observations (30 h), 60 failed runs, 31 observations (30 h): 121 h of wall time but 60 h observed.
    const values = withGaps(constant(69415, 122), range(31, 91));
    const supplyValues = wobble(300, 340, 122);
    expect(frozenClaimFlags('ionet', claim('c', values), [rentable(supplyValues)], t)).toEqual([]);
    // With a lower bar the stretch is judged on its observed values: one flag, gaps reported, not counted.
    const [flag, ...rest] = frozenClaimFlags('ionet', claim('c', values), [rentable(supplyValues)], withThresholds({ frozenMinHours: 50 }));
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ observedHours: 60, observations: 62, failedRuns: 60 });
    expect(flag?.message).toContain('60 failed scrapes in between are not counted');
  });

  it('only counts supply movement within the claim’s unchanged stretch', () => {
    // Supply observed flat throughout; its only different readings are outside the claim's stretch.
    const values = [...constant(7, 100), 8];
    const supplyValues = [...constant(400, 100), 900];
    expect(frozenClaimFlags('x', claim('c', values), [rentable(supplyValues)], t)).toEqual([]);
  });

  it('needs the minimum number of observations', () => {
    const daily = { stepHours: 24 };
    const c = claim('c', constant(69415, 4), daily); // 72 h, 4 observations
    const s = [supply('r', 'rentable', [300, 340, 300, 340], daily)];
    expect(frozenClaimFlags('x', c, s, t)).toHaveLength(1);
    expect(frozenClaimFlags('x', c, s, withThresholds({ frozenMinObservations: 5 }))).toEqual([]);
  });

  it('does not flag when supply moves by no more than the threshold', () => {
    const c = claim('c', constant(69415, 100));
    expect(frozenClaimFlags('x', c, [rentable(wobble(1000, 1050, 100))], t)).toEqual([]); // 4.8%
    expect(frozenClaimFlags('x', c, [rentable(wobble(1000, 1060, 100))], t)).toHaveLength(1); // 5.7%
  });

  it('uses free supply as well as rentable', () => {
    const flags = frozenClaimFlags('x', claim('c', constant(69415, 100)), [rentable(constant(300, 100)), supply('f', 'free', wobble(10, 90, 100))], t);
    expect(flags[0]?.supplyStatus).toBe('free');
  });
});

describe('supply moves', () => {
  it('reads only observed points inside the window and needs two of them', () => {
    const s = supply('r', 'rentable', [100, null, 50, 200]);
    const from = Date.parse('2026-01-01T00:00:00Z');
    const moves = supplyMoves([s], from, from + 2 * 3_600_000);
    expect(moves[0]?.movePercent).toBe(50);
    expect(supplyMoves([s], from, from + 3_600_000)).toEqual([]);
  });
});
