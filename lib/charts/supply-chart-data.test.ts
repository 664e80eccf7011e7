import { describe, expect, it } from 'vitest';
import { hasValues, toSupplyChartRows } from './supply-chart-data';
import type { Series } from '../queries/series';

const series = (metric: Series['metric'], values: (number | null)[]): Series => ({
  sourceId: 'akash-gpu-prices',
  networkSlug: 'akash',
  gpuModel: 'all',
  metric,
  unit: 'gpus',
  points: values.map((value, i) => ({
    at: `2026-11-20T0${i}:00:00.000Z`,
    value,
    samples: value === null ? 0 : 1,
    runId: value === null ? null : i + 1,
    observedAt: null,
  })),
});

describe('toSupplyChartRows', () => {
  it('puts each status in its own column, one row per bucket, gaps as null', () => {
    const rows = toSupplyChartRows([series('claimed', [453, null, 460]), series('free', [161, null, 150])]);
    expect(rows).toEqual([
      { at: '2026-11-20T00:00:00.000Z', claimed: 453, free: 161, rentable: null },
      { at: '2026-11-20T01:00:00.000Z', claimed: null, free: null, rentable: null },
      { at: '2026-11-20T02:00:00.000Z', claimed: 460, free: 150, rentable: null },
    ]);
    expect(hasValues(rows)).toBe(true);
  });

  it('starts at the first observation, keeping later gaps', () => {
    const rows = toSupplyChartRows([series('claimed', [null, 453, null, 460])]);
    expect(rows.map((r) => r.claimed)).toEqual([453, null, 460]);
  });

  it('ignores price series and reports no values for an empty database', () => {
    expect(toSupplyChartRows([series('price_median', [2.5])])).toEqual([]);
    expect(hasValues(toSupplyChartRows([series('claimed', [null, null])]))).toBe(false);
  });
});
