/**
 * Turns API series into chart rows: one row per bucket, a value column per line plus the run
 * behind it (for the provenance click) and the time it was observed (for the tooltip). Pure.
 */
import type { SeriesPoint } from '../queries/series';

export interface ChartLine {
  key: string;
  label: string;
  points: readonly SeriesPoint[];
}

export type ChartRow = { at: string } & Record<string, number | string | null>;

export const runKey = (key: string) => `${key}__run`;
export const observedKey = (key: string) => `${key}__observed`;
/** 1 where the line's empty bucket is a missed scheduled observation (lib/gaps.ts), else 0. */
export const gapKey = (key: string) => `${key}__gap`;
/** What the line is drawn through: see withDrawnLines. */
export const drawnKey = (key: string) => `${key}__drawn`;

export function linesToRows(lines: readonly ChartLine[]): ChartRow[] {
  const rows = new Map<string, ChartRow>();
  for (const line of lines) {
    for (const point of line.points) {
      const row = rows.get(point.at) ?? { at: point.at };
      row[line.key] = point.value;
      row[runKey(line.key)] = point.runId;
      row[observedKey(line.key)] = point.observedAt;
      // A point that does not say is read the old way: every empty bucket a gap.
      row[gapKey(line.key)] = point.value === null && (point.gap ?? true) ? 1 : 0;
      rows.set(point.at, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.at.localeCompare(b.at));
  const hasValue = (row: ChartRow) => lines.some((l) => typeof row[l.key] === 'number');
  // Leading buckets before any line was tracked are "not tracked yet", not gaps.
  const first = sorted.findIndex(hasValue);
  return first === -1 ? [] : sorted.slice(first);
}

/** True when the newest bucket is still filling (now falls inside it): drawn as "in progress". */
export function isPartialBucket(bucketStart: string, bucketMs: number, now: Date): boolean {
  const start = Date.parse(bucketStart);
  return now.getTime() >= start && now.getTime() < start + bucketMs;
}

/** Log scales cannot show zero or less: those values become gaps, and the caller says so. */
export function forLogScale(rows: readonly ChartRow[], keys: readonly string[]): { rows: ChartRow[]; hiddenZeros: number } {
  let hiddenZeros = 0;
  const out = rows.map((row) => {
    const copy: ChartRow = { ...row };
    for (const key of keys) {
      const v = copy[key];
      if (typeof v === 'number' && v <= 0) {
        copy[key] = null;
        // Broken there, not joined across: the value exists, it just cannot be drawn.
        copy[gapKey(key)] = 1;
        hiddenZeros += 1;
      }
    }
    return copy;
  });
  return { rows: out, hiddenZeros };
}

/**
 * The values a line is drawn through: its observations; across empty buckets that are not gaps
 * (a source scraped less often than the buckets), the straight segment between the
 * observations either side, or the last value carried for a step line, exactly what joining
 * the two observations draws; null at a gap, so the line breaks only where a scheduled
 * observation is missing. The observations themselves (tooltip, table, CSV) are untouched.
 */
export function drawnValues(values: readonly (number | null)[], gaps: readonly boolean[], mode: 'linear' | 'step' = 'linear'): (number | null)[] {
  const drawn: (number | null)[] = [...values];
  let previous = -1;
  for (let i = 0; i < values.length; i += 1) {
    if (values[i] === null || values[i] === undefined) continue;
    if (previous >= 0 && i - previous > 1) {
      const between = gaps.slice(previous + 1, i);
      if (!between.some(Boolean)) {
        const a = values[previous]!;
        const b = values[i]!;
        for (let j = previous + 1; j < i; j += 1) drawn[j] = mode === 'step' ? a : a + ((b - a) * (j - previous)) / (i - previous);
      }
    }
    previous = i;
  }
  return drawn;
}

/** Rows with each line's drawnKey column filled (see drawnValues). */
export function withDrawnLines(rows: readonly ChartRow[], keys: readonly string[]): ChartRow[] {
  const out = rows.map((row) => ({ ...row }));
  for (const key of keys) {
    const values = rows.map((row) => (typeof row[key] === 'number' ? (row[key] as number) : null));
    const gaps = rows.map((row) => row[gapKey(key)] !== 0);
    drawnValues(values, gaps).forEach((value, i) => {
      out[i]![drawnKey(key)] = value;
    });
  }
  return out;
}
