/**
 * What a gap is. A bucket with no observation is a gap only when a scheduled observation is
 * missing or failed: a source scraped daily leaves 23 of 24 hourly buckets empty by design,
 * and its line runs straight through them. A gap is where consecutive successful observations
 * are more than GAP_FACTOR × the source's schedule apart (a failed or skipped run leaves exactly
 * that), or where none has come for that long before the window's end. Pure.
 */
import type { SeriesPoint } from './queries/series';

/** Observations may drift by half a schedule (jitter, a slow pass) before one counts as missed. */
export const GAP_FACTOR = 1.5;

/** The caption's words for it, kept beside the rule. */
/** The same, in one line, for embeds (whose height is fixed by their snippet); the full text is on the dashboard. */
export const GAP_MEANING_SHORT = 'A break in a line is a scrape that failed or did not run; never a zero.';
export const GAP_MEANING = `A break in a line is a gap: a scheduled scrape failed or did not run (no successful observation for more than ${GAP_FACTOR}× the source's schedule). A source scraped less often than the buckets are drawn is joined straight across its empty buckets; a gap is never drawn as zero.`;

/** Each point with `gap` set: true only for an empty bucket where a scheduled observation is missing. */
export function markGaps<P extends SeriesPoint>(points: readonly P[], scheduleMs: number, windowEnd: Date): (P & { gap: boolean })[] {
  const allowedMs = GAP_FACTOR * scheduleMs;
  const observed = points.map((p) => (p.value !== null && p.observedAt ? Date.parse(p.observedAt) : null));
  // The next observation at or after each index, scanning from the end.
  const nextObserved: (number | null)[] = new Array<number | null>(points.length).fill(null);
  let next: number | null = null;
  for (let i = points.length - 1; i >= 0; i -= 1) {
    next = observed[i] ?? next;
    nextObserved[i] = next;
  }
  let previous: number | null = null;
  return points.map((point, i) => {
    const at = observed[i] ?? null;
    if (at !== null) {
      previous = at;
      return { ...point, gap: false };
    }
    // Before the first observation the series was not tracked yet: not a gap.
    if (previous === null) return { ...point, gap: false };
    const following = nextObserved[i] ?? null;
    const gap = following !== null ? following - previous > allowedMs : Math.min(windowEnd.getTime(), Date.parse(point.at)) - previous > allowedMs;
    return { ...point, gap };
  });
}
