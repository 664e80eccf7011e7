/** Shapes series for the supply chart: one row per bucket, a column per status. Pure. */
import type { Series } from '../queries/series';
import type { SupplyStatus } from '../vocabulary';

export interface SupplyChartRow {
  at: string;
  claimed: number | null;
  free: number | null;
  rentable: number | null;
}

export function toSupplyChartRows(series: readonly Series[]): SupplyChartRow[] {
  const rows = new Map<string, SupplyChartRow>();
  for (const s of series) {
    if (s.metric !== 'claimed' && s.metric !== 'free' && s.metric !== 'rentable') continue;
    const status: SupplyStatus = s.metric;
    for (const point of s.points) {
      const row = rows.get(point.at) ?? { at: point.at, claimed: null, free: null, rentable: null };
      row[status] = point.value;
      rows.set(point.at, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.at.localeCompare(b.at));
  // Buckets before the first observation are "not tracked yet", not gaps: leave them out so
  // a young series fills the chart. Gaps after it stay, as nulls.
  const first = sorted.findIndex((r) => r.claimed !== null || r.free !== null || r.rentable !== null);
  return first === -1 ? sorted : sorted.slice(first);
}

/** True when the rows hold at least one value: otherwise the page shows its empty state. */
export function hasValues(rows: readonly SupplyChartRow[]): boolean {
  return rows.some((r) => r.claimed !== null || r.free !== null || r.rentable !== null);
}
