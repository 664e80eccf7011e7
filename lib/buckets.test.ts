import { describe, expect, it } from 'vitest';
import { bucketCount, bucketGrid, bucketStart, MAX_BUCKETS, maxSpanDays, nextBucketStart } from './buckets';

const at = (iso: string) => new Date(iso);

describe('time buckets', () => {
  it('starts weeks on Monday and months on the 1st, UTC', () => {
    // 2026-11-26 is a Thursday.
    expect(bucketStart(at('2026-11-26T15:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(at('2026-11-23T00:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(at('2026-11-22T23:59:59Z'), 'week').toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(bucketStart(at('2026-02-28T12:00:00Z'), 'month').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(nextBucketStart(at('2026-02-01T00:00:00Z'), 'month').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(nextBucketStart(at('2026-12-01T00:00:00Z'), 'month').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('counts the grid without building it, and the grid refuses to pass MAX_BUCKETS', () => {
    for (const [from, to, resolution] of [
      ['2026-11-17T12:30:00Z', '2026-11-24T12:00:00Z', 'hour'],
      ['2024-01-01T00:00:00Z', '2026-11-24T12:00:00Z', 'week'],
      ['2024-01-15T00:00:00Z', '2026-11-24T12:00:00Z', 'month'],
      ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'month'],
    ] as const) {
      expect(bucketGrid(at(from), at(to), resolution).length, `${from} ${resolution}`).toBe(bucketCount(at(from), at(to), resolution));
    }
    expect(bucketCount(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'), 'month')).toBe(1);
    expect(() => bucketGrid(at('2024-01-01T00:00:00Z'), at('2026-11-24T00:00:00Z'), 'hour')).toThrow(RangeError);
  });

  it('allows each resolution a span that fits MAX_BUCKETS wherever it starts', () => {
    expect(maxSpanDays('hour')).toBe(41);
    expect(maxSpanDays('day')).toBe(999);
    for (const resolution of ['hour', 'day', 'week', 'month'] as const) {
      const from = at('2026-01-31T23:30:00Z');
      const to = new Date(from.getTime() + maxSpanDays(resolution) * 86_400_000);
      expect(bucketCount(from, to, resolution), resolution).toBeLessThanOrEqual(MAX_BUCKETS);
    }
  });
});
