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

export function linesToRows(lines: readonly ChartLine[]): ChartRow[] {
  const rows = new Map<string, ChartRow>();
  for (const line of lines) {
    for (const point of line.points) {
      const row = rows.get(point.at) ?? { at: point.at };
      row[line.key] = point.value;
      row[runKey(line.key)] = point.runId;
      row[observedKey(line.key)] = point.observedAt;
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
        hiddenZeros += 1;
      }
    }
    return copy;
  });
  return { rows: out, hiddenZeros };
}
