/**
 * Claim consistency. Where a network publishes several totals at the same time (same bucket,
 * same unit), their spread is largest ÷ smallest; it is flagged while it exceeds the threshold.
 * io.net once showed 7,648, 11,107, 69,415 and 564,306 GPUs at once: a spread of 73.8×.
 *
 * Only observed values count: a bucket where fewer than two sources were observed has no
 * spread (null), and inside a flagged stretch it is skipped, neither counted nor breaking it.
 * A single-source network never has a spread. Non-positive figures are left out (no ratio).
 */
import type { Thresholds } from './thresholds';
import { count, networkName, unitLabel, observedPoints, plural, ratio, timeOf, uniqueEvidence, when, type ObservedPoint } from './observed';
import type { Evidence, SourceSeries, SpreadFlag } from './types';

export interface SpreadPoint {
  at: string;
  unit: string;
  /** Largest ÷ smallest; null when fewer than two sources were observed in the bucket. */
  ratio: number | null;
  /** Every observed claim in the bucket, smallest first. */
  claims: Evidence[];
}

function unitOf(series: SourceSeries): string {
  return series.unit ?? 'gpus';
}

/** The spread per bucket, one series per unit, each in time order over every bucket any source has. */
export function claimSpreadSeries(claims: readonly SourceSeries[]): SpreadPoint[] {
  const byUnit = new Map<string, SourceSeries[]>();
  for (const series of claims) {
    const list = byUnit.get(unitOf(series)) ?? [];
    list.push(series);
    byUnit.set(unitOf(series), list);
  }
  const out: SpreadPoint[] = [];
  for (const [unit, group] of byUnit) {
    const buckets = new Map<number, { at: string; claims: Evidence[] }>();
    for (const series of group) {
      for (const p of series.points) {
        const t = timeOf(p.at);
        if (!buckets.has(t)) buckets.set(t, { at: p.at, claims: [] });
      }
      for (const p of observedPoints(series.points)) {
        if (p.value > 0) buckets.get(p.t)?.claims.push(evidence(series.sourceId, p));
      }
    }
    for (const [, bucket] of [...buckets].sort(([a], [b]) => a - b)) {
      const sorted = bucket.claims.sort((a, b) => a.value - b.value);
      const smallest = sorted[0];
      const largest = sorted[sorted.length - 1];
      out.push({ at: bucket.at, unit, ratio: sorted.length >= 2 && smallest && largest ? largest.value / smallest.value : null, claims: sorted });
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
  gapBuckets: number;
}

/** Spread flags for one network: one per unbroken stretch of buckets over the threshold, per unit. */
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
        open ??= { unit, flagged: [], pendingGaps: 0, gapBuckets: 0 };
        open.gapBuckets += open.pendingGaps;
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
  if (!first || !last || !peak || peak.ratio === null) throw new Error('a spread flag needs at least one flagged bucket');
  const sourceIds = [...new Set(open.flagged.flatMap((p) => p.claims.map((c) => c.sourceId)))].sort();
  const smallest = peak.claims[0];
  const largest = peak.claims[peak.claims.length - 1];
  const figures = peak.claims.map((c) => count(c.value)).join(', ');
  const span =
    open.flagged.length === 1
      ? `in the bucket of ${when(first.at)}`
      : `in ${plural(open.flagged.length, 'bucket')} from ${when(first.at)} to ${when(last.at)}` +
        (open.gapBuckets > 0 ? ` (${plural(open.gapBuckets, 'bucket')} in between with fewer than two claims observed ${open.gapBuckets === 1 ? 'is' : 'are'} not counted)` : '');
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
    gapBuckets: open.gapBuckets,
    // Every claim at the first, widest and last flagged bucket: the figures side by side.
    evidence: uniqueEvidence([...first.claims, ...peak.claims, ...last.claims]),
  };
}
