import { describe, expect, it } from 'vitest';
import type { NetworkSummary } from '../queries/network-summary';
import { changeOf, funnelRows, hiddenWhenNarrow, LEAGUE_COLUMNS, leagueSortSchema, percentChange, sortLeague } from './league';

const none = { value24hAgo: null, value7dAgo: null };
const figure = (value: number) => ({ value, unit: 'gpus', sourceId: 's', observedAt: '2026-11-24T00:00:00Z', runId: 1, evidenceGrade: 'official-api' as const, ageMinutes: 7, freshness: 'fresh' as const, freshForMinutes: 25 });
const network = (slug: string, claimed: number | null, rentable: number | null, rentable24hAgo: number | null = null): NetworkSummary => ({
  slug,
  name: slug.toUpperCase(),
  kind: 'depin',
  largestClaim: claimed === null ? null : figure(claimed),
  largestClaimNodes: null,
  free: null,
  rentable: rentable === null ? null : figure(rentable),
  realityRatio: claimed && rentable !== null ? rentable / claimed : null,
  realitySides: null,
  leftOut: [],
  lastSuccessAt: null,
  changes: { largestClaim: none, free: none, rentable: { value24hAgo: rentable24hAgo, value7dAgo: null } },
});

const ionet = network('ionet', 564306, 320, 400);
const akash = network('akash', 453, 137, 137);
const aethir = network('aethir', 430000, null);

describe('league table', () => {
  it('sorts by reality ratio, missing figures last in either direction', () => {
    expect(sortLeague([ionet, aethir, akash], { sort: 'ratio', dir: 'desc' }).map((n) => n.slug)).toEqual(['akash', 'ionet', 'aethir']);
    expect(sortLeague([ionet, aethir, akash], { sort: 'ratio', dir: 'asc' }).map((n) => n.slug)).toEqual(['ionet', 'akash', 'aethir']);
  });

  it('sorts by largest claim and by name', () => {
    expect(sortLeague([akash, ionet, aethir], { sort: 'claimed', dir: 'desc' }).map((n) => n.slug)).toEqual(['ionet', 'aethir', 'akash']);
    expect(sortLeague([ionet, akash, aethir], { sort: 'network', dir: 'asc' }).map((n) => n.slug)).toEqual(['aethir', 'akash', 'ionet']);
  });

  it('falls back to the default sort for bad URL values instead of failing', () => {
    expect(leagueSortSchema.parse({ sort: 'bogus', dir: 'sideways' })).toEqual({ sort: 'ratio', dir: 'desc' });
  });

  it('computes changes only when both values exist and the base is not zero', () => {
    expect(percentChange(320, 400)).toBe(-20);
    expect(percentChange(320, 0)).toBeNull();
    expect(percentChange(null, 400)).toBeNull();
    expect(changeOf(320, { value24hAgo: 400, value7dAgo: null }, '24h')).toBe(-20);
    expect(changeOf(320, { value24hAgo: 400, value7dAgo: null }, '7d')).toBeNull();
  });

  it('builds the claimed → free → rentable rows, zeros as gaps for the log scale', () => {
    const rows = funnelRows([ionet, network('nosana', null, null), network('x', 10, 0)]);
    expect(rows).toEqual([
      { network: 'IONET', slug: 'ionet', claimed: 564306, free: null, rentable: 320 },
      { network: 'X', slug: 'x', claimed: 10, free: null, rentable: null },
    ]);
  });
});

describe('hiddenWhenNarrow', () => {
  it('keeps the four key columns and the sort column on a phone, and hides the rest', () => {
    const hidden = (sort: Parameters<typeof hiddenWhenNarrow>[1]) => LEAGUE_COLUMNS.filter((c) => hiddenWhenNarrow(c, sort));
    expect(hidden('ratio')).toEqual(['free', 'rentable24h', 'fresh']);
    expect(hidden('fresh')).toEqual(['free', 'rentable24h']);
    expect(hidden('free')).toEqual(['rentable24h', 'fresh']);
  });
});
