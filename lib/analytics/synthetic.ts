/** Synthetic series for the analytics tests: hourly by default, a run id per observed point. */
import type { Point, SourceSeries, SupplySeries } from './types';

export const START = '2026-01-01T00:00:00.000Z';

export interface SeriesOptions {
  start?: string;
  stepHours?: number;
  /** Run ids are runBase + position, so each evidence point can be traced to its input. */
  runBase?: number;
}

export function points(values: readonly (number | null)[], options: SeriesOptions = {}): Point[] {
  const start = Date.parse(options.start ?? START);
  const step = (options.stepHours ?? 1) * 3_600_000;
  const runBase = options.runBase ?? 1000;
  return values.map((value, i) => ({ at: new Date(start + i * step).toISOString(), value, runId: value === null ? null : runBase + i }));
}

export function constant(value: number, n: number): number[] {
  return Array.from({ length: n }, () => value);
}

/** A value that wobbles between low and high (low, high, low, …). */
export function wobble(low: number, high: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? low : high));
}

export function claim(sourceId: string, values: readonly (number | null)[], options: SeriesOptions & { unit?: string } = {}): SourceSeries {
  return { sourceId, unit: options.unit, points: points(values, options) };
}

export function supply(sourceId: string, status: SupplySeries['status'], values: readonly (number | null)[], options: SeriesOptions = {}): SupplySeries {
  return { sourceId, status, points: points(values, options) };
}

/** Replace positions with gaps (failed scrapes). */
export function withGaps(values: readonly (number | null)[], positions: Iterable<number>): (number | null)[] {
  const out = [...values];
  for (const i of positions) if (i >= 0 && i < out.length) out[i] = null;
  return out;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
