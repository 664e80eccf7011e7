/**
 * Jumps. A claimed figure that steps by more than the threshold between two observations,
 * with no matching move in free or rentable supply, is flagged. A step across failed
 * runs compares the observations either side and says so: the step happened somewhere in
 * the gap. Supply "matches" when free or rentable moved the same way by at least a set share of
 * the claim's relative step; supply not observed on both sides cannot match, and the message
 * says that rather than implying supply stood still.
 */
import type { Thresholds } from './thresholds';
import { count, evidenceOf, firstIndexAtOrAfter, unitLabel, networkName, observedPoints, plural, signedPercent, uniqueEvidence, when, type ObservedPoint } from './observed';
import type { Evidence, JumpFlag, SourceSeries, SupplyChange, SupplySeries } from './types';

export type JumpThresholds = Pick<Thresholds, 'jumpPercent' | 'jumpSupplyMatchPercent'>;

/** Relative change b vs a: +Infinity up from zero, 0 for zero to zero. */
function relativeChange(a: number, b: number): number {
  if (a === 0) return b === 0 ? 0 : b > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (b - a) / Math.abs(a);
}

function percentOrNull(change: number): number | null {
  return Number.isFinite(change) ? change * 100 : null;
}

/** Supply read either side of a step: the last observation at or before it, the first at or after it. */
export function supplyAround(supply: readonly SupplySeries[], beforeT: number, afterT: number): SupplyChange[] {
  return around(observeSupply(supply), beforeT, afterT);
}

interface ObservedSupply {
  sourceId: string;
  status: SupplySeries['status'];
  observed: ObservedPoint[];
}

function observeSupply(supply: readonly SupplySeries[]): ObservedSupply[] {
  return supply.map((s) => ({ sourceId: s.sourceId, status: s.status, observed: observedPoints(s.points) }));
}

function around(supply: readonly ObservedSupply[], beforeT: number, afterT: number): SupplyChange[] {
  const out: SupplyChange[] = [];
  for (const series of supply) {
    const before = series.observed[firstIndexAtOrAfter(series.observed, beforeT + 1) - 1];
    const after = series.observed[firstIndexAtOrAfter(series.observed, afterT)];
    if (!before || !after) continue;
    out.push({
      sourceId: series.sourceId,
      status: series.status,
      before: evidenceOf(series.sourceId, series.status, before),
      after: evidenceOf(series.sourceId, series.status, after),
      changePercent: percentOrNull(relativeChange(before.value, after.value)),
    });
  }
  return out;
}

function matches(claimChange: number, supply: SupplyChange, matchShare: number): boolean {
  const change = relativeChange(supply.before.value, supply.after.value);
  if (Math.sign(change) !== Math.sign(claimChange)) return false;
  return Math.abs(change) >= matchShare * Math.abs(claimChange);
}

function describeSupply(supply: readonly SupplyChange[]): string {
  if (supply.length === 0) return 'free and rentable supply were not observed on both sides of the step, so nothing could explain it';
  return (
    'meanwhile ' +
    supply
      .map((s) => `${s.status} (${s.sourceId}) went from ${count(s.before.value)} to ${count(s.after.value)}${s.changePercent === null ? '' : ` (${signedPercent(s.changePercent)})`}`)
      .join(', ')
  );
}

/** Jump flags for one claimed source of a network. */
export function claimJumpFlags(network: string, claim: SourceSeries, supply: readonly SupplySeries[], thresholds: JumpThresholds): JumpFlag[] {
  const flags: JumpFlag[] = [];
  const observed = observedPoints(claim.points);
  const unit = claim.unit ?? 'gpus';
  const observedSupply = observeSupply(supply);
  for (let i = 1; i < observed.length; i += 1) {
    const a: ObservedPoint | undefined = observed[i - 1];
    const b: ObservedPoint | undefined = observed[i];
    if (!a || !b) continue;
    const change = relativeChange(a.value, b.value);
    if (Math.abs(change) * 100 <= thresholds.jumpPercent) continue;
    const aroundStep = around(observedSupply, a.t, b.t);
    if (aroundStep.some((s) => matches(change, s, thresholds.jumpSupplyMatchPercent / 100))) continue;
    const failedRuns = b.index - a.index - 1;
    const changePercent = percentOrNull(change);
    const step = `${change > 0 ? 'rose' : 'fell'} from ${count(a.value)} to ${count(b.value)} ${unitLabel(unit)}${changePercent === null ? '' : ` (${signedPercent(changePercent)})`}`;
    const between =
      failedRuns > 0
        ? `between ${when(a.at)} and ${when(b.at)}, across ${plural(failedRuns, 'failed scrape')}, so the step happened somewhere in that gap`
        : `between ${when(a.at)} and ${when(b.at)}`;
    const message =
      `${networkName(network)}'s claimed figure (${claim.sourceId}) ${step} ${between}; ${describeSupply(aroundStep)}. ` +
      `Flagged beyond a ${thresholds.jumpPercent}% step without supply moving the same way by at least ${thresholds.jumpSupplyMatchPercent}% as much.`;
    const evidence: Evidence[] = [evidenceOf(claim.sourceId, 'claimed', a), evidenceOf(claim.sourceId, 'claimed', b), ...aroundStep.flatMap((s) => [s.before, s.after])];
    flags.push({
      rule: 'claim-jump',
      network,
      sourceIds: [claim.sourceId],
      from: a.at,
      to: b.at,
      threshold: thresholds.jumpPercent,
      message,
      unit,
      before: a.value,
      after: b.value,
      changePercent,
      acrossGap: failedRuns > 0,
      failedRuns,
      supply: aroundStep,
      evidence: uniqueEvidence(evidence),
    });
  }
  return flags;
}
