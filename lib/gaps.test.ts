import { describe, expect, it } from 'vitest';
import { markGaps } from './gaps';

const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.UTC(2026, 10, 20) + h * HOUR).toISOString();
/** Hourly buckets, observed at the given hours (the bucket's start). */
const hourly = (hours: number, observed: readonly number[]) =>
  Array.from({ length: hours }, (_, h) => ({
    at: at(h),
    value: observed.includes(h) ? 100 + h : null,
    samples: observed.includes(h) ? 1 : 0,
    runId: observed.includes(h) ? h + 1 : null,
    observedAt: observed.includes(h) ? at(h) : null,
  }));

describe('gaps', () => {
  it('is no gap where the schedule has no observation: a source scraped every 2 h in hourly buckets', () => {
    const points = markGaps(hourly(6, [0, 2, 4]), 2 * HOUR, new Date(at(6)));
    expect(points.map((p) => p.gap)).toEqual([false, false, false, false, false, false]);
  });

  it('is a gap where a scheduled observation is missing (a failed or skipped run)', () => {
    // Every hour, but nothing at 2 and 3: 3 h between observations, more than 1.5 × 1 h.
    const points = markGaps(hourly(6, [0, 1, 4, 5]), HOUR, new Date(at(6)));
    expect(points.map((p) => p.gap)).toEqual([false, false, true, true, false, false]);
  });

  it('is no gap before the first observation (not tracked yet), and a gap when observations stop', () => {
    const points = markGaps(hourly(8, [2, 3]), HOUR, new Date(at(8)));
    expect(points.map((p) => p.gap)).toEqual([false, false, false, false, false, true, true, true]);
    // A daily source after its morning observation: the rest of the day is not missing anything.
    expect(markGaps(hourly(8, [0]), 24 * HOUR, new Date(at(8))).map((p) => p.gap)).toEqual(new Array(8).fill(false));
  });
});
