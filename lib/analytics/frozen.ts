/**
 * Frozen figures. A claimed figure that stays exactly the same for a long time while the
 * network's free or rentable supply moves is probably not measured at all (io.net's constant
 * 69,415 GPUs). Judged on observed values only: a gap of failed scrapes between two equal
 * observations does not break the stretch, but its time does not count as "unchanged" either.
 * Without moving supply there is no flag: a network that is steady everywhere is just steady.
 */
import type { Thresholds } from './thresholds';
import { count, duration, unitLabel, evidenceOf, observedBetween, networkName, observedPoints, plural, stretches, timeOf, uniqueEvidence, when, type ObservedPoint, type Stretch } from './observed';
import type { Evidence, FrozenFlag, SourceSeries, SupplyRole, SupplySeries } from './types';

export type FrozenThresholds = Pick<Thresholds, 'frozenMinHours' | 'frozenMinObservations' | 'frozenSupplyMovePercent'>;

export interface SupplyMove {
  sourceId: string;
  status: SupplyRole;
  /** (largest − smallest) ÷ largest over the window, in percent. */
  movePercent: number;
  low: Evidence;
  high: Evidence;
}

interface ObservedSupply {
  sourceId: string;
  status: SupplyRole;
  observed: ObservedPoint[];
}

function observeSupply(supply: readonly SupplySeries[]): ObservedSupply[] {
  return supply.map((s) => ({ sourceId: s.sourceId, status: s.status, observed: observedPoints(s.points) }));
}

/** How far each supply series moved between two times (inclusive), on observed points; series with fewer than two are left out. */
export function supplyMoves(supply: readonly SupplySeries[], fromT: number, toT: number): SupplyMove[] {
  return movesOf(observeSupply(supply), fromT, toT);
}

function movesOf(supply: readonly ObservedSupply[], fromT: number, toT: number): SupplyMove[] {
  const out: SupplyMove[] = [];
  for (const series of supply) {
    const inside = observedBetween(series.observed, fromT, toT);
    if (inside.length < 2) continue;
    let low: ObservedPoint | undefined;
    let high: ObservedPoint | undefined;
    for (const p of inside) {
      if (!low || p.value < low.value) low = p;
      if (!high || p.value > high.value) high = p;
    }
    if (!low || !high) continue;
    const movePercent = high.value > 0 ? ((high.value - low.value) / high.value) * 100 : 0;
    out.push({ sourceId: series.sourceId, status: series.status, movePercent, low: evidenceOf(series.sourceId, series.status, low), high: evidenceOf(series.sourceId, series.status, high) });
  }
  return out;
}

/** Stretches in which the claim did not change, with their observed length (gaps excluded). */
export function unchangedStretches(claim: SourceSeries): Stretch[] {
  return stretches(claim.points, (prev, cur) => prev.value === cur.value);
}

/** Frozen-claim flags for one claimed source of a network. */
export function frozenClaimFlags(
  network: string,
  claim: SourceSeries,
  supply: readonly SupplySeries[],
  thresholds: FrozenThresholds,
): FrozenFlag[] {
  const flags: FrozenFlag[] = [];
  const observedSupply = observeSupply(supply);
  for (const stretch of unchangedStretches(claim)) {
    const first = stretch.points[0];
    const last = stretch.points[stretch.points.length - 1];
    if (!first || !last) continue;
    if (stretch.observedHours < thresholds.frozenMinHours || stretch.points.length < thresholds.frozenMinObservations) continue;
    const moved = movesOf(observedSupply, first.t, last.t).reduce<SupplyMove | undefined>((best, m) => (!best || m.movePercent > best.movePercent ? m : best), undefined);
    if (!moved || moved.movePercent <= thresholds.frozenSupplyMovePercent) continue;
    const unit = claim.unit ?? 'gpus';
    const [earlier, later] = timeOf(moved.low.at) <= timeOf(moved.high.at) ? [moved.low, moved.high] : [moved.high, moved.low];
    const message =
      `${networkName(network)}'s claimed ${count(first.value)} ${unitLabel(unit)} (${claim.sourceId}) stayed exactly the same over ` +
      `${duration(stretch.observedHours)} of observation (${plural(stretch.points.length, 'observation')}, ${when(first.at)} to ${when(last.at)}` +
      (stretch.gaps > 0 ? `; ${plural(stretch.gaps, 'failed scrape')} in between ${stretch.gaps === 1 ? 'is' : 'are'} not counted` : '') +
      `), while ${moved.status} supply (${moved.sourceId}) moved by ${Math.round(moved.movePercent)}%, ` +
      `from ${count(earlier.value)} on ${when(earlier.at)} to ${count(later.value)} on ${when(later.at)}. ` +
      `Flagged from ${duration(thresholds.frozenMinHours)} unchanged with supply moving more than ${thresholds.frozenSupplyMovePercent}%.`;
    flags.push({
      rule: 'frozen-claim',
      network,
      sourceIds: [claim.sourceId],
      from: first.at,
      to: last.at,
      threshold: thresholds.frozenMinHours,
      message,
      unit,
      figure: first.value,
      observedHours: stretch.observedHours,
      observations: stretch.points.length,
      failedRuns: stretch.gaps,
      supplyMovePercent: moved.movePercent,
      supplyStatus: moved.status,
      evidence: uniqueEvidence([evidenceOf(claim.sourceId, 'claimed', first), evidenceOf(claim.sourceId, 'claimed', last), moved.low, moved.high]),
    });
  }
  return flags;
}
