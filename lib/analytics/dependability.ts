/**
 * Dependability for someone who needs GPUs: per network and GPU model, over a window, how
 * often at least k GPUs were rentable, the median and 10th percentile of the rentable count,
 * and the longest stretch with none. Only observed snapshots count: failed scrapes are
 * reported as gaps beside these figures, never as zeros, and gap time never lengthens a
 * stretch without GPUs.
 */
import { DEFAULT_THRESHOLDS } from './thresholds';
import { observedPoints, quantile, sortedPoints, stretches, timeOf } from './observed';
import type { Point } from './types';

export interface Window {
  /** Inclusive, ISO 8601. */
  from?: string;
  /** Exclusive, ISO 8601. */
  to?: string;
}

export interface DependabilityOptions {
  /** Defaults to the configured `dependabilityK` (1, 8, 64). */
  k?: readonly number[];
  window?: Window;
}

export interface ShareAtLeast {
  k: number;
  /** Observed snapshots with at least k GPUs rentable, and their share of observed snapshots. */
  snapshots: number;
  share: number | null;
}

export interface ZeroStretch {
  /** First and last observed snapshot with none rentable. */
  from: string;
  to: string;
  /** Time between those snapshots, counting only intervals with no failed scrape in them. */
  hours: number;
  observations: number;
  gapBuckets: number;
}

export interface Dependability {
  buckets: number;
  observed: number;
  gaps: number;
  /** observed ÷ buckets; null for an empty window. */
  coverage: number | null;
  shareAtLeast: ShareAtLeast[];
  /** Nearest-rank, so always a count some snapshot really showed. */
  median: number | null;
  p10: number | null;
  /** Longest run of observed snapshots with zero rentable; null if there was never zero. */
  longestWithout: ZeroStretch | null;
  /** Longest run of consecutive failed buckets; null without any. */
  longestGap: { from: string; to: string; buckets: number } | null;
}

export function inWindow(points: readonly Point[], window: Window = {}): Point[] {
  const from = window.from === undefined ? Number.NEGATIVE_INFINITY : timeOf(window.from);
  const to = window.to === undefined ? Number.POSITIVE_INFINITY : timeOf(window.to);
  return sortedPoints(points).filter((p) => {
    const t = timeOf(p.at);
    return t >= from && t < to;
  });
}

export function dependability(points: readonly Point[], options: DependabilityOptions = {}): Dependability {
  const ks = options.k ?? DEFAULT_THRESHOLDS.dependabilityK;
  const windowed = inWindow(points, options.window);
  const values = observedPoints(windowed).map((p) => p.value);

  let longestWithout: ZeroStretch | null = null;
  for (const s of stretches(windowed, (prev, cur) => prev.value <= 0 && cur.value <= 0)) {
    const first = s.points[0];
    const last = s.points[s.points.length - 1];
    if (!first || !last || first.value > 0) continue;
    const candidate: ZeroStretch = { from: first.at, to: last.at, hours: s.observedHours, observations: s.points.length, gapBuckets: s.gaps };
    if (
      !longestWithout ||
      candidate.hours > longestWithout.hours ||
      (candidate.hours === longestWithout.hours && candidate.observations > longestWithout.observations)
    )
      longestWithout = candidate;
  }

  let longestGap: Dependability['longestGap'] = null;
  let runFrom: string | null = null;
  let runBuckets = 0;
  for (const p of windowed) {
    if (p.value !== null) {
      runFrom = null;
      runBuckets = 0;
      continue;
    }
    runFrom ??= p.at;
    runBuckets += 1;
    if (!longestGap || runBuckets > longestGap.buckets) longestGap = { from: runFrom, to: p.at, buckets: runBuckets };
  }

  return {
    buckets: windowed.length,
    observed: values.length,
    gaps: windowed.length - values.length,
    coverage: windowed.length > 0 ? values.length / windowed.length : null,
    shareAtLeast: ks.map((k) => {
      const snapshots = values.filter((v) => v >= k).length;
      return { k, snapshots, share: values.length > 0 ? snapshots / values.length : null };
    }),
    median: quantile(values, 0.5),
    p10: quantile(values, 0.1),
    longestWithout,
    longestGap,
  };
}

export interface DependabilityRow extends Dependability {
  network: string;
  gpuModel: string;
}

/** The table: one row per network and GPU model, each from its rentable series. */
export function dependabilityTable(
  series: readonly { network: string; gpuModel: string; points: readonly Point[] }[],
  options: DependabilityOptions = {},
): DependabilityRow[] {
  return series.map((s) => ({ network: s.network, gpuModel: s.gpuModel, ...dependability(s.points, options) }));
}
