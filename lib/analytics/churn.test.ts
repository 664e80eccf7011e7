import { describe, expect, it } from 'vitest';
import { churn, type ListingSnapshot } from './churn';

const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
const snap = (h: number, ids: string[] | null): ListingSnapshot => ({ at: at(h), runId: ids === null ? null : 100 + h, ids });

describe('churn', () => {
  it('counts listings appearing and disappearing between consecutive snapshots', () => {
    const result = churn([snap(0, ['a', 'b', 'c', 'd']), snap(1, ['a', 'b', 'e']), snap(2, ['a', 'b', 'e'])]);
    expect(result.pairs[0]).toEqual({
      from: at(0),
      to: at(1),
      fromRunId: 100,
      toRunId: 101,
      hours: 1,
      before: 4,
      after: 3,
      appeared: 1,
      disappeared: 2,
      appearedShare: 1 / 3,
      disappearedShare: 0.5,
    });
    expect(result.pairs[1]).toMatchObject({ appeared: 0, disappeared: 0, appearedShare: 0, disappearedShare: 0 });
    expect(result.skippedAcrossGaps).toBe(0);
    expect(result.medianAppearedShare).toBe(0);
    expect(result.medianDisappearedShare).toBe(0);
  });

  it('has no churn on a genuinely steady market', () => {
    const ids = ['x', 'y', 'z'];
    const result = churn([snap(0, ids), snap(1, ids), snap(2, [...ids].reverse())]);
    expect(result.pairs.every((p) => p.appeared === 0 && p.disappeared === 0)).toBe(true);
  });

  it('does not compare snapshots across a failed scrape', () => {
    const result = churn([snap(0, ['a']), snap(1, null), snap(2, null), snap(3, ['b']), snap(4, ['b'])]);
    expect(result.pairs).toHaveLength(1);
    expect(result.pairs[0]).toMatchObject({ from: at(3), to: at(4) });
    expect(result.skippedAcrossGaps).toBe(1);
  });

  it('has no share for an empty side, and orders snapshots by time', () => {
    const result = churn([snap(1, ['a']), snap(0, [])]);
    expect(result.pairs[0]).toMatchObject({ from: at(0), appeared: 1, disappeared: 0, appearedShare: 1, disappearedShare: null });
    expect(churn([]).medianAppearedShare).toBeNull();
  });
});
