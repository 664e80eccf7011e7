import { describe, expect, it } from 'vitest';
import { chartSummary } from './chart-summary';

describe('chartSummary', () => {
  const lines = [
    { key: 'rentable', label: 'Rentable' },
    { key: 'free', label: 'Free' },
    { key: 'none', label: 'Claimed' },
  ];
  const rows = [
    { at: '2026-11-20T00:00:00.000Z', rentable: 120, free: 337_000, none: null },
    { at: '2026-11-20T01:00:00.000Z', rentable: 140, free: null, none: null },
  ];
  const gpus = (v: number) => `${v.toLocaleString('en-US')} GPUs`;

  it('names the window, the scale and each line’s latest value, largest first', () => {
    expect(chartSummary({ title: 'io.net: free and rentable', lines, rows, formatValue: gpus, scale: 'log' })).toBe(
      'io.net: free and rentable: 3 lines, 2 buckets from 2026-11-20 00:00 UTC to 2026-11-20 01:00 UTC, log scale. ' +
        'Latest values: Free: 337,000 GPUs (2026-11-20 00:00 UTC); Rentable: 140 GPUs (2026-11-20 01:00 UTC); Claimed: no value.',
    );
  });

  it('says when there is nothing to draw', () => {
    expect(chartSummary({ title: 'Empty', lines, rows: [], formatValue: gpus, scale: 'linear' })).toBe('Empty: nothing to draw in this window.');
  });
});
