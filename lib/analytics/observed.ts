/** Helpers shared by the rules: observed points, stretches that skip gaps, quantiles, wording. */
import { formatCount, formatUtc } from '../format';
import { findNetwork } from '../networks';
import type { Evidence, Point } from './types';

const HOUR_MS = 3_600_000;

export interface ObservedPoint {
  at: string;
  /** Milliseconds since the epoch. */
  t: number;
  value: number;
  runId: number | null;
  /** Position in the time-ordered series, gaps included: adjacent observations differ by 1. */
  index: number;
}

export function timeOf(at: string): number {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new Error(`not an ISO 8601 time: ${at}`);
  return t;
}

export function hoursBetween(from: string | number, to: string | number): number {
  const a = typeof from === 'number' ? from : timeOf(from);
  const b = typeof to === 'number' ? to : timeOf(to);
  return (b - a) / HOUR_MS;
}

/** The series in time order. Inputs from the store already are; tests and callers need not be. */
export function sortedPoints(points: readonly Point[]): Point[] {
  // Each time parsed once: a window of runs is tens of thousands of points.
  const timed = points.map((p) => ({ p, t: timeOf(p.at) }));
  return timed.sort((a, b) => a.t - b.t).map((x) => x.p);
}

/** The observed (non-null, finite) points, in time order, each with its index in the full series. */
export function observedPoints(points: readonly Point[]): ObservedPoint[] {
  const out: ObservedPoint[] = [];
  sortedPoints(points).forEach((p, index) => {
    if (p.value !== null && Number.isFinite(p.value)) out.push({ at: p.at, t: timeOf(p.at), value: p.value, runId: p.runId, index });
  });
  return out;
}

/** Index of the first observed point at or after t (observed.length when none); points in time order. */
export function firstIndexAtOrAfter(observed: readonly ObservedPoint[], t: number): number {
  let lo = 0;
  let hi = observed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((observed[mid]?.t ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Observed points with from ≤ t ≤ to. */
export function observedBetween(observed: readonly ObservedPoint[], from: number, to: number): ObservedPoint[] {
  return observed.slice(firstIndexAtOrAfter(observed, from), firstIndexAtOrAfter(observed, to + 1));
}

/**
 * Consecutive observed points that belong together, judged on observed values only: gaps
 * (nulls) between two observations neither break a stretch nor count towards its length.
 */
export interface Stretch {
  points: ObservedPoint[];
  /** Sum of the intervals between observations that are adjacent in the series (no gap between). */
  observedHours: number;
  /** Gaps (null points: failed runs, or empty buckets) between the stretch's first and last observation. */
  gaps: number;
}

/** Split observed points into stretches; `together(prev, cur)` says whether cur continues prev's stretch. */
export function stretches(points: readonly Point[], together: (prev: ObservedPoint, cur: ObservedPoint) => boolean): Stretch[] {
  const out: Stretch[] = [];
  let current: Stretch | null = null;
  let prev: ObservedPoint | null = null;
  for (const p of observedPoints(points)) {
    if (current && prev && together(prev, p)) {
      if (p.index === prev.index + 1) current.observedHours += hoursBetween(prev.t, p.t);
      else current.gaps += p.index - prev.index - 1;
      current.points.push(p);
    } else {
      current = { points: [p], observedHours: 0, gaps: 0 };
      out.push(current);
    }
    prev = p;
  }
  return out;
}

/**
 * Nearest-rank quantile (q in [0, 1]): always a value that was really observed, never an
 * interpolation between two snapshots. Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function evidenceOf(sourceId: string, role: Evidence['role'], p: ObservedPoint): Evidence {
  return { sourceId, role, at: p.at, value: p.value, runId: p.runId };
}

/** Evidence without duplicates (same source, role and time), in time order, claims first. */
export function uniqueEvidence(items: readonly Evidence[]): Evidence[] {
  const seen = new Map<string, Evidence>();
  for (const e of items) seen.set(`${e.sourceId}|${e.role}|${timeOf(e.at)}`, e);
  const roleOrder = (e: Evidence) => (e.role === 'claimed' ? 0 : 1);
  return [...seen.values()].sort((a, b) => timeOf(a.at) - timeOf(b.at) || roleOrder(a) - roleOrder(b) || a.sourceId.localeCompare(b.sourceId));
}

export function networkName(slug: string): string {
  return findNetwork(slug)?.name ?? slug;
}

export const count = (value: number): string => formatCount(value);
export const when = (at: string): string => formatUtc(new Date(timeOf(at)).toISOString());

/** `73.8×`, `3×`. */
export function ratio(value: number): string {
  return `${value >= 100 ? formatCount(value) : String(Math.round(value * 10) / 10)}×`;
}

/** `+713%`, `−45%`, `0%` (a true minus sign, thousands separators). */
export function signedPercent(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : '−'}${formatCount(Math.abs(rounded))}%`;
}

/** `96 h`, `12.5 days`. */
export function duration(hours: number): string {
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** How a unit reads in a sentence: `gpus` → `GPUs`; others as stated. */
export function unitLabel(unit: string): string {
  return unit === 'gpus' ? 'GPUs' : unit;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
