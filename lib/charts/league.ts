/**
 * The league table's sorting and the overview's derived numbers, pure so they are tested
 * without a browser. Missing figures always sort last, whichever the direction: "no data" is
 * not the smallest value.
 */
import { z } from 'zod';
import type { FigureChange, NetworkSummary } from '../queries/network-summary';

export const LEAGUE_COLUMNS = ['network', 'claimed', 'free', 'rentable', 'ratio', 'rentable24h', 'fresh'] as const;
export type LeagueColumn = (typeof LEAGUE_COLUMNS)[number];

export const leagueSortSchema = z.object({
  sort: z.enum(LEAGUE_COLUMNS).catch('ratio'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
});
export type LeagueSort = z.output<typeof leagueSortSchema>;

/** Relative change in percent, or null when either side is missing or the base is zero. */
export function percentChange(current: number | null | undefined, earlier: number | null | undefined): number | null {
  if (current === null || current === undefined || earlier === null || earlier === undefined || earlier === 0) return null;
  return ((current - earlier) / earlier) * 100;
}

export function changeOf(current: number | null | undefined, change: FigureChange, window: '24h' | '7d'): number | null {
  return percentChange(current, window === '24h' ? change.value24hAgo : change.value7dAgo);
}

function sortValue(n: NetworkSummary, column: LeagueColumn): number | string | null {
  switch (column) {
    case 'network':
      return n.name.toLowerCase();
    case 'claimed':
      return n.largestClaim?.value ?? null;
    case 'free':
      return n.free?.value ?? null;
    case 'rentable':
      return n.rentable?.value ?? null;
    case 'ratio':
      return n.realityRatio;
    case 'rentable24h':
      return changeOf(n.rentable?.value, n.changes.rentable, '24h');
    case 'fresh':
      return n.lastSuccessAt ? Date.parse(n.lastSuccessAt) : null;
  }
}

export function sortLeague(networks: readonly NetworkSummary[], { sort, dir }: LeagueSort): NetworkSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...networks].sort((a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va === null && vb === null) return a.name.localeCompare(b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.name.localeCompare(b.name);
  });
}

export interface FunnelRow {
  network: string;
  slug: string;
  claimed: number | null;
  free: number | null;
  rentable: number | null;
}

/** Claimed → free → rentable per network, for the log-scale chart; zeros become gaps (log cannot draw 0). */
export function funnelRows(networks: readonly NetworkSummary[]): FunnelRow[] {
  const positive = (v: number | undefined) => (v !== undefined && v > 0 ? v : null);
  return networks
    .filter((n) => n.largestClaim || n.free || n.rentable)
    .map((n) => ({
      network: n.name,
      slug: n.slug,
      claimed: positive(n.largestClaim?.value),
      free: positive(n.free?.value),
      rentable: positive(n.rentable?.value),
    }));
}

/**
 * Which league columns a phone keeps: the network, what is rentable, the claim and their
 * ratio (the four the table exists for) fit 390 px; free, the 24 h change and the scrape age
 * give way below 600 px, except the column the table is sorted by, which always stays in view
 * (sorted by a column one cannot see, the order reads as random).
 */
export const NARROW_LEAGUE_COLUMNS: readonly LeagueColumn[] = ['network', 'claimed', 'rentable', 'ratio'];

export function hiddenWhenNarrow(column: LeagueColumn, sort: LeagueColumn): boolean {
  return column !== sort && !NARROW_LEAGUE_COLUMNS.includes(column);
}
