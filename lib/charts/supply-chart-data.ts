/** Shapes series for the supply chart: one row per bucket, a column per status. Pure. */
import type { Series } from '../queries/series';
import { SUPPLY_STATUSES, type SupplyStatus } from '../vocabulary';
import { drawnValues, type ChartRow } from './series-rows';

export interface SupplyChartRow {
  at: string;
  claimed: number | null;
  free: number | null;
  rentable: number | null;
}

export function toSupplyChartRows(series: readonly Series[]): SupplyChartRow[] {
  const rows = new Map<string, SupplyChartRow>();
  // Empty buckets that are not gaps (lib/gaps.ts), by status and bucket.
  const scheduledEmpty = new Set<string>();
  for (const s of series) {
    if (s.metric !== 'claimed' && s.metric !== 'free' && s.metric !== 'rentable') continue;
    const status: SupplyStatus = s.metric;
    for (const point of s.points) {
      const row = rows.get(point.at) ?? { at: point.at, claimed: null, free: null, rentable: null };
      row[status] = point.value;
      if (point.value === null && point.gap === false) scheduledEmpty.add(`${status}|${point.at}`);
      rows.set(point.at, row);
    }
  }
  const all = [...rows.values()].sort((a, b) => a.at.localeCompare(b.at));
  // The chart is a step line: a figure stands until the next scheduled observation, so an
  // empty bucket between two (a source scraped less often than hourly) carries it; a gap breaks.
  for (const status of SUPPLY_STATUSES) {
    const drawn = drawnValues(
      all.map((r) => r[status]),
      all.map((r) => !scheduledEmpty.has(`${status}|${r.at}`)),
      'step',
    );
    all.forEach((row, i) => {
      row[status] = drawn[i] ?? null;
    });
  }
  // Buckets before the first observation are "not tracked yet", not gaps: leave them out so
  // a young series fills the chart. Gaps after it stay, as nulls.
  const first = all.findIndex((r) => r.claimed !== null || r.free !== null || r.rentable !== null);
  return first === -1 ? all : all.slice(first);
}

/** True when the rows hold at least one value: otherwise the page shows its empty state. */
export function hasValues(rows: readonly SupplyChartRow[]): boolean {
  return rows.some((r) => r.claimed !== null || r.free !== null || r.rentable !== null);
}

/** The rows back from their packed form (./packed-rows.ts), typed: a missing or odd cell is a gap. */
export function supplyRowsOf(rows: readonly ChartRow[]): SupplyChartRow[] {
  const cell = (value: unknown) => (typeof value === 'number' ? value : null);
  return rows.map((row) => ({ at: row.at, claimed: cell(row.claimed), free: cell(row.free), rentable: cell(row.rentable) }));
}
