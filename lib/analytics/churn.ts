/**
 * Churn: where listings carry ids, the share of listings that appear and disappear between
 * consecutive snapshots. A failed scrape (ids: null) is a gap: the snapshots either side are
 * not compared, because everything that came and went during the gap would read as churn of
 * one interval.
 */
import { hoursBetween, quantile, timeOf } from './observed';

export interface ListingSnapshot {
  at: string;
  runId: number | null;
  /** Listing ids in the snapshot; null when the scrape failed. */
  ids: readonly string[] | null;
}

export interface ChurnPair {
  from: string;
  to: string;
  fromRunId: number | null;
  toRunId: number | null;
  hours: number;
  before: number;
  after: number;
  appeared: number;
  disappeared: number;
  /** appeared ÷ listings in the later snapshot; null when it has none. */
  appearedShare: number | null;
  /** disappeared ÷ listings in the earlier snapshot; null when it had none. */
  disappearedShare: number | null;
}

export interface Churn {
  pairs: ChurnPair[];
  /** Pairs of successful snapshots not compared because failed scrapes lay between them. */
  skippedAcrossGaps: number;
  medianAppearedShare: number | null;
  medianDisappearedShare: number | null;
}

export function churn(snapshots: readonly ListingSnapshot[]): Churn {
  const ordered = [...snapshots].sort((a, b) => timeOf(a.at) - timeOf(b.at));
  const pairs: ChurnPair[] = [];
  let skippedAcrossGaps = 0;
  let lastGood: ListingSnapshot | null = null;
  let gapSinceLastGood = false;
  for (const snap of ordered) {
    if (snap.ids === null) {
      gapSinceLastGood = true;
      continue;
    }
    if (lastGood?.ids && gapSinceLastGood) skippedAcrossGaps += 1;
    else if (lastGood?.ids) {
      const before = new Set(lastGood.ids);
      const after = new Set(snap.ids);
      const appeared = [...after].filter((id) => !before.has(id)).length;
      const disappeared = [...before].filter((id) => !after.has(id)).length;
      pairs.push({
        from: lastGood.at,
        to: snap.at,
        fromRunId: lastGood.runId,
        toRunId: snap.runId,
        hours: hoursBetween(lastGood.at, snap.at),
        before: before.size,
        after: after.size,
        appeared,
        disappeared,
        appearedShare: after.size > 0 ? appeared / after.size : null,
        disappearedShare: before.size > 0 ? disappeared / before.size : null,
      });
    }
    lastGood = snap;
    gapSinceLastGood = false;
  }
  const shares = (pick: (p: ChurnPair) => number | null) => pairs.map(pick).filter((v): v is number => v !== null);
  return {
    pairs,
    skippedAcrossGaps,
    medianAppearedShare: quantile(shares((p) => p.appearedShare), 0.5),
    medianDisappearedShare: quantile(shares((p) => p.disappearedShare), 0.5),
  };
}
