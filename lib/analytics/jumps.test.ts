import { describe, expect, it } from 'vitest';
import { claimJumpFlags } from './jumps';
import { claim, constant, supply, withGaps } from './synthetic';
import { DEFAULT_THRESHOLDS } from './thresholds';

const t = DEFAULT_THRESHOLDS;

describe('claim jumps', () => {
  it('flags a step with no matching change in supply, with the numbers and the points', () => {
    const c = claim('ionet-headline-total', [69415, 69415, 564306, 564306]);
    const r = supply('ionet-explorer', 'rentable', [320, 318, 322, 320], { runBase: 7000 });
    const flags = claimJumpFlags('ionet', c, [r], t);
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    expect(flag).toMatchObject({
      rule: 'claim-jump',
      network: 'ionet',
      sourceIds: ['ionet-headline-total'],
      before: 69415,
      after: 564306,
      acrossGap: false,
      failedRuns: 0,
      from: '2026-01-01T01:00:00.000Z',
      to: '2026-01-01T02:00:00.000Z',
      threshold: 50,
    });
    expect(flag?.changePercent).toBeCloseTo(712.93, 1);
    expect(flag?.message).toContain('rose from 69,415 to 564,306 GPUs (+713%)');
    expect(flag?.message).toContain('rentable (ionet-explorer) went from 318 to 322 (+1%)');
    expect(flag?.evidence.map((e) => [e.role, e.value, e.runId])).toEqual([
      ['claimed', 69415, 1001],
      ['rentable', 318, 7001],
      ['claimed', 564306, 1002],
      ['rentable', 322, 7002],
    ]);
  });

  it('does not flag a step matched by supply moving the same way', () => {
    const c = claim('c', [1000, 2000]); // +100%
    expect(claimJumpFlags('x', c, [supply('r', 'rentable', [100, 150])], t)).toEqual([]); // +50%: matches
    expect(claimJumpFlags('x', c, [supply('r', 'rentable', [100, 140])], t)).toHaveLength(1); // +40%: not enough
    expect(claimJumpFlags('x', c, [supply('r', 'rentable', [100, 50])], t)).toHaveLength(1); // wrong way
    expect(claimJumpFlags('x', c, [supply('r', 'rentable', [100, 100]), supply('f', 'free', [10, 30])], t)).toEqual([]); // free explains it
  });

  it('flags a fall as well as a rise', () => {
    const [flag] = claimJumpFlags('x', claim('c', [1000, 400]), [supply('r', 'rentable', [50, 50])], t);
    expect(flag?.changePercent).toBeCloseTo(-60, 6);
    expect(flag?.message).toContain('fell from 1,000 to 400 GPUs (−60%)');
  });

  it('does not flag steps within the threshold', () => {
    expect(claimJumpFlags('x', claim('c', [1000, 1500, 1000]), [supply('r', 'rentable', [5, 5, 5])], t)).toEqual([]);
  });

  it('does not flag a genuinely steady network', () => {
    expect(claimJumpFlags('x', claim('c', constant(1000, 100)), [supply('r', 'rentable', constant(300, 100))], t)).toEqual([]);
  });

  it('does not flag a single-source network that stays put', () => {
    expect(claimJumpFlags('x', claim('only', constant(25000, 48)), [], t)).toEqual([]);
  });

  it('creates no jump from a gap: equal values either side of failed scrapes are not a step', () => {
    const values = withGaps(constant(1000, 20), [5, 6, 7, 8]);
    expect(claimJumpFlags('x', claim('c', values), [supply('r', 'rentable', constant(5, 20))], t)).toEqual([]);
  });

  it('compares the values either side of a gap and says so', () => {
    const values = [1000, 1000, null, null, null, 3000];
    const [flag] = claimJumpFlags('x', claim('c', values), [supply('r', 'rentable', [5, 5, 5, 5, 5, 5])], t);
    expect(flag).toMatchObject({ acrossGap: true, failedRuns: 3, from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T05:00:00.000Z' });
    expect(flag?.message).toContain('across 3 failed scrapes, so the step happened somewhere in that gap');
  });

  it('says when supply was not observed on both sides instead of implying it stood still', () => {
    const [flag] = claimJumpFlags('x', claim('c', [1000, 5000]), [supply('r', 'rentable', [null, 40])], t);
    expect(flag?.supply).toEqual([]);
    expect(flag?.message).toContain('free and rentable supply were not observed on both sides of the step');
  });

  it('reads supply on either side of a step from the nearest observations', () => {
    const c = claim('c', [1000, null, null, 3000]);
    const r = supply('r', 'rentable', [null, 100, 400, null, 410]); // before: none at or before 00:00
    const [flag] = claimJumpFlags('x', c, [r, supply('f', 'free', [20, null, null, null, 80])], t);
    expect(flag).toBeUndefined(); // free went 20 → 80 (+300%), matching +200%
    const [flag2] = claimJumpFlags('x', c, [r], t);
    expect(flag2?.supply).toEqual([]);
  });

  it('reports a step up from zero without a percentage', () => {
    const [flag] = claimJumpFlags('x', claim('c', [0, 5000]), [supply('r', 'rentable', [10, 10])], t);
    expect(flag?.changePercent).toBeNull();
    expect(flag?.message).toContain('rose from 0 to 5,000 GPUs between');
  });
});
