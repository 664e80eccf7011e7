/**
 * Claim consistency. Where a network publishes several totals at the same time (same scrape
 * pass, same unit), their spread is largest ÷ smallest; it is flagged while it exceeds the
 * threshold. io.net once showed 7,648, 11,107, 69,415 and 564,306 GPUs at once: a spread of 73.8×.
 *
 * Judged on runs, not display buckets: runs of different sources that start within
 * PASS_WINDOW_MS of each other are one pass, and at each pass every source counts with its
 * latest run, if that run succeeded and is at most FIGURE_STANDS_MS old (a daily source's
 * figure stands between its runs; a failed latest run is a gap, never its older figure).
 *
 * Only observed values count: a pass where fewer than two sources were observed has no
 * spread (null), and inside a flagged stretch it is skipped, neither counted nor breaking it.
 * A single-source network never has a spread. Non-positive figures are left out (no ratio).
 */
import type { Thresholds } from './thresholds';
import { count, networkName, unitLabel, observedPoints, plural, ratio, sortedPoints, timeOf, uniqueEvidence, when, type ObservedPoint } from './observed';
import type { Evidence, SourceSeries, SpreadFlag } from './types';

/**
 * Runs this close belong to one scrape pass. Each source runs at most once per 10 minutes, so
 * a pass holds at most one run of each source.
 */
export const PASS_WINDOW_MS = 10 * 60_000;
/** How long a source's figure stands for the passes after its run: a day's cadence and its slack. */
export const FIGURE_STANDS_MS = 26 * 3_600_000;

export interface SpreadPoint {
  /** Start of the scrape pass (its first run). */
  at: string;
  unit: string;
  /** Largest ÷ smallest; null when fewer than two sources were observed at the pass. */
  ratio: number | null;
  /** Every claim observed at the pass, smallest first, each at its own run's time. */
  claims: Evidence[];
}

function unitOf(series: SourceSeries): string {
  return series.unit ?? 'gpus';
}

/** Every point of a series (gaps included) with its time, in time order. */
interface Timed {
  t: number;
  observed: ObservedPoint | null;
}

function timed(series: SourceSeries): Timed[] {
  const observed = new Map(observedPoints(series.points).map((p) => [p.index, p]));
  return sortedPoints(series.points).map((p, index) => ({ t: timeOf(p.at), observed: observed.get(index) ?? null }));
}

/** Pass start times: every time any series has, runs within PASS_WINDOW_MS of a pass's start joining it. */
function passes(all: readonly Timed[][]): { start: number; end: number }[] {
  const times = [...new Set(all.flatMap((s) => s.map((p) => p.t)))].sort((a, b) => a - b);
  const out: { start: number; end: number }[] = [];
  for (const t of times) {
    const last = out[out.length - 1];
    if (last && t - last.start < PASS_WINDOW_MS) last.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}

/** The series' latest point at or before t, when it is an observation that still stands. */
function standing(series: readonly Timed[], t: number): ObservedPoint | null {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series[mid]?.t ?? Number.POSITIVE_INFINITY) <= t) lo = mid + 1;
    else hi = mid;
  }
  const latest = series[lo - 1];
  if (!latest?.observed || t - latest.t > FIGURE_STANDS_MS) return null;
  return latest.observed;
}

/** The spread per pass, one series per unit, each in time order over every pass any source has. */
export function claimSpreadSeries(claims: readonly SourceSeries[]): SpreadPoint[] {
  const byUnit = new Map<string, SourceSeries[]>();
  for (const series of claims) {
    const list = byUnit.get(unitOf(series)) ?? [];
    list.push(series);
    byUnit.set(unitOf(series), list);
  }
  const out: SpreadPoint[] = [];
  for (const [unit, group] of byUnit) {
    const all = group.map(timed);
    for (const pass of passes(all)) {
      const found: Evidence[] = [];
      all.forEach((series, i) => {
        const p = standing(series, pass.end);
        const source = group[i];
        if (p && source && p.value > 0) found.push(evidence(source.sourceId, p));
      });
      const sorted = found.sort((a, b) => a.value - b.value);
      const smallest = sorted[0];
      const largest = sorted[sorted.length - 1];
      out.push({
        at: new Date(pass.start).toISOString(),
        unit,
        ratio: sorted.length >= 2 && smallest && largest ? largest.value / smallest.value : null,
        claims: sorted,
      });
    }
  }
  return out;
}

function evidence(sourceId: string, p: ObservedPoint): Evidence {
  return { sourceId, role: 'claimed', at: p.at, value: p.value, runId: p.runId };
}

interface Open {
  unit: string;
  flagged: SpreadPoint[];
  pendingGaps: number;
  gapPasses: number;
}

/** Spread flags for one network: one per unbroken stretch of passes over the threshold, per unit. */
export function claimSpreadFlags(network: string, claims: readonly SourceSeries[], thresholds: Pick<Thresholds, 'spreadRatio'>): SpreadFlag[] {
  const flags: SpreadFlag[] = [];
  const byUnit = new Map<string, SpreadPoint[]>();
  for (const p of claimSpreadSeries(claims)) {
    const list = byUnit.get(p.unit) ?? [];
    list.push(p);
    byUnit.set(p.unit, list);
  }
  for (const [unit, series] of byUnit) {
    let open: Open | null = null;
    for (const point of series) {
      if (point.ratio === null) {
        if (open) open.pendingGaps += 1;
      } else if (point.ratio > thresholds.spreadRatio) {
        open ??= { unit, flagged: [], pendingGaps: 0, gapPasses: 0 };
        open.gapPasses += open.pendingGaps;
        open.pendingGaps = 0;
        open.flagged.push(point);
      } else if (open) {
        flags.push(spreadFlag(network, open, thresholds.spreadRatio));
        open = null;
      }
    }
    if (open) flags.push(spreadFlag(network, open, thresholds.spreadRatio));
  }
  return flags;
}

function spreadFlag(network: string, open: Open, threshold: number): SpreadFlag {
  const first = open.flagged[0];
  const last = open.flagged[open.flagged.length - 1];
  const peak = open.flagged.reduce<SpreadPoint | undefined>((best, p) => (best === undefined || (p.ratio ?? 0) > (best.ratio ?? 0) ? p : best), undefined);
  if (!first || !last || !peak || peak.ratio === null) throw new Error('a spread flag needs at least one flagged pass');
  const sourceIds = [...new Set(open.flagged.flatMap((p) => p.claims.map((c) => c.sourceId)))].sort();
  const smallest = peak.claims[0];
  const largest = peak.claims[peak.claims.length - 1];
  const figures = peak.claims.map((c) => count(c.value)).join(', ');
  const span =
    open.flagged.length === 1
      ? `in the scrape pass of ${when(first.at)}`
      : `in ${plural(open.flagged.length, 'scrape pass', 'scrape passes')} from ${when(first.at)} to ${when(last.at)}` +
        (open.gapPasses > 0 ? ` (${plural(open.gapPasses, 'pass', 'passes')} in between with fewer than two claims observed ${open.gapPasses === 1 ? 'is' : 'are'} not counted)` : '');
  const message =
    `${networkName(network)} published ${peak.claims.length} totals in ${unitLabel(open.unit)} at once on ${when(peak.at)}: ${figures}. ` +
    `The largest (${count(largest?.value ?? 0)}, ${largest?.sourceId}) is ${ratio(peak.ratio)} the smallest (${count(smallest?.value ?? 0)}, ${smallest?.sourceId}). ` +
    `The spread exceeded ${ratio(threshold)} ${span}.`;
  return {
    rule: 'claim-spread',
    network,
    sourceIds,
    from: first.at,
    to: last.at,
    threshold,
    message,
    unit: open.unit,
    peakRatio: peak.ratio,
    peakAt: peak.at,
    observations: open.flagged.length,
    gapPasses: open.gapPasses,
    // Every claim at the first, widest and last flagged pass: the figures side by side.
    evidence: uniqueEvidence([...first.claims, ...peak.claims, ...last.claims]),
  };
}
