import { describe, expect, it } from 'vitest';
import { dependability, dependabilityTable } from './dependability';
import { constant, points, range, withGaps } from './synthetic';

describe('dependability', () => {
  it('gives the share of snapshots with at least k GPUs, the median and the 10th percentile', () => {
    // 10 snapshots: 0, 0, 4, 8, 8, 16, 32, 64, 64, 100.
    const d = dependability(points([0, 0, 4, 8, 8, 16, 32, 64, 64, 100]));
    expect(d.shareAtLeast).toEqual([
      { k: 1, snapshots: 8, share: 0.8 },
      { k: 8, snapshots: 7, share: 0.7 },
      { k: 64, snapshots: 3, share: 0.3 },
    ]);
    expect(d.median).toBe(8);
    expect(d.p10).toBe(0);
    expect(d).toMatchObject({ buckets: 10, observed: 10, gaps: 0, coverage: 1, longestGap: null });
    expect(d.longestWithout).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', hours: 1, observations: 2 });
  });

  it('has no stretch without GPUs on a genuinely steady network', () => {
    const d = dependability(points(constant(120, 48)));
    expect(d.shareAtLeast.map((s) => s.share)).toEqual([1, 1, 1]);
    expect(d.median).toBe(120);
    expect(d.p10).toBe(120);
    expect(d.longestWithout).toBeNull();
  });

  it('reports failed scrapes as gaps, never as zeros, and never counts their time as none', () => {
    // 4 zeros (3 h), 10 failed buckets, 3 zeros (2 h), then supply.
    const values = [0, 0, 0, 0, ...constant(0, 10), 0, 0, 0, 50, 50];
    const d = dependability(points(withGaps(values, range(4, 14))));
    expect(d).toMatchObject({ buckets: 19, observed: 9, gaps: 10 });
    expect(d.coverage).toBeCloseTo(9 / 19, 9);
    expect(d.longestWithout).toMatchObject({ hours: 5, observations: 7, gapBuckets: 10, from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T16:00:00.000Z' });
    expect(d.longestGap).toEqual({ from: '2026-01-01T04:00:00.000Z', to: '2026-01-01T13:00:00.000Z', buckets: 10 });
    expect(d.shareAtLeast[0]).toEqual({ k: 1, snapshots: 2, share: 2 / 9 });
  });

  it('picks the longest of several stretches with none', () => {
    const d = dependability(points([0, 5, 0, 0, 0, 5, 0, 0]));
    expect(d.longestWithout).toMatchObject({ from: '2026-01-01T02:00:00.000Z', hours: 2, observations: 3 });
  });

  it('has no figures, only gaps, when every scrape failed', () => {
    const d = dependability(points([null, null, null]));
    expect(d).toMatchObject({ buckets: 3, observed: 0, gaps: 3, coverage: 0, median: null, p10: null, longestWithout: null });
    expect(d.shareAtLeast.every((s) => s.share === null)).toBe(true);
    expect(d.longestGap?.buckets).toBe(3);
  });

  it('restricts to a window and takes its own k list', () => {
    const d = dependability(points([0, 1, 2, 3, 4, 5]), { window: { from: '2026-01-01T02:00:00Z', to: '2026-01-01T05:00:00Z' }, k: [3, 1] });
    expect(d.buckets).toBe(3);
    expect(d.shareAtLeast).toEqual([
      { k: 3, snapshots: 2, share: 2 / 3 },
      { k: 1, snapshots: 3, share: 1 },
    ]);
    expect(dependability(points([1]), { window: { from: '2027-01-01T00:00:00Z' } }).coverage).toBeNull();
  });

  it('builds a table per network and GPU model', () => {
    const rows = dependabilityTable([
      { network: 'akash', gpuModel: 'h100-sxm-80gb', points: points([8, 8, 16]) },
      { network: 'ionet', gpuModel: 'rtx-4090', points: points([0, null]) },
    ]);
    expect(rows.map((r) => [r.network, r.gpuModel, r.median, r.gaps])).toEqual([
      ['akash', 'h100-sxm-80gb', 8, 0],
      ['ionet', 'rtx-4090', 0, 1],
    ]);
  });
});
