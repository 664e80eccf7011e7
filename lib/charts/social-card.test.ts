import { describe, expect, it } from 'vitest';
import type { NetworkSummary } from '../queries/network-summary';
import type { ComparisonRow } from './compare';
import { compareCard, formatShare, networkCard, overviewCard } from './social-card';

const NOW = new Date('2026-11-24T10:07:00Z');
const noChange = { value24hAgo: null, value7dAgo: null };
const figure = (value: number, unit = 'gpus') => ({ value, unit, sourceId: 's', observedAt: '2026-11-24T10:00:00.000Z', runId: 1, evidenceGrade: 'official-api' as const, ageMinutes: 7, freshness: 'fresh' as const, freshForMinutes: 25 });

function summary(slug: string, claim: number | null, rentable: number | null, kind: NetworkSummary['kind'] = 'depin'): NetworkSummary {
  return {
    slug,
    name: slug.toUpperCase(),
    kind,
    largestClaim: claim === null ? null : figure(claim),
    largestClaimNodes: null,
    free: null,
    rentable: rentable === null ? null : figure(rentable),
    realityRatio: claim !== null && rentable !== null ? rentable / claim : null,
    realitySides: null,
    leftOut: [],
    lastSuccessAt: '2026-11-24T10:00:00.000Z',
    changes: { largestClaim: noChange, free: noChange, rentable: noChange },
  };
}

describe('overviewCard', () => {
  it('sets the five largest DePIN claims against what is rentable, largest first', () => {
    const networks = [
      summary('a', 1000, 10),
      summary('b', 564306, 312),
      summary('c', null, 50),
      summary('vastai', 99999999, 5000, 'marketplace'),
      summary('d', 20, null),
      summary('e', 300, 30),
      summary('f', 5000, 5000),
      summary('g', 10, 1),
    ];
    const card = overviewCard(networks, NOW);
    expect(card.rows.map((r) => r.label)).toEqual(['B', 'F', 'A', 'E', 'D']);
    expect(card.rows[0]?.cells).toEqual(['564,306 GPUs', '312 GPUs', '0.055%']);
    expect(card.rows[4]?.cells).toEqual(['20 GPUs', '—', '—']);
    expect(card.rows.map((r) => r.bar)).toEqual([312 / 564306, 1, 0.01, 0.1, null]);
    expect(card.figures).toEqual([
      { label: 'Largest claims, top 5', value: '570,626 GPUs' },
      { label: 'Rentable now', value: '5,352 GPUs' },
    ]);
    expect(card.asOf).toBe('2026-11-24 10:07 UTC');
    expect(card.empty).toBeNull();
  });

  it('says so when nothing has been measured', () => {
    const card = overviewCard([summary('a', null, null)], NOW);
    expect(card.rows).toEqual([]);
    expect(card.figures).toEqual([]);
    expect(card.empty).toMatch(/yet/);
  });
});

describe('networkCard', () => {
  it('gives the headline figures of the network page', () => {
    const card = networkCard({ name: 'io.net' }, summary('ionet', 564306, 312), NOW);
    expect(card.title).toBe('io.net: claimed, rentable and price');
    expect(card.figures.map((f) => f.value)).toEqual(['564,306 GPUs', '—', '312 GPUs', '0.055%']);
    expect(card.asOf).toBe('2026-11-24 10:00 UTC');
  });

  it('falls back to a claim in nodes, and says when nothing is measured', () => {
    const nodes = { ...summary('x', null, null), largestClaimNodes: figure(25000, 'nodes') };
    expect(networkCard({ name: 'X' }, nodes, NOW).figures[0]?.value).toBe('25,000 nodes');
    expect(networkCard({ name: 'X' }, undefined, NOW).empty).toMatch(/yet/);
  });
});

describe('compareCard', () => {
  const tableFigure = (value: number) => ({ value, at: '2026-11-24T10:00:00.000Z', runId: 1, observedAt: null });
  const row = (key: string, networkSlug: string, rentable: number | null, median: number | null, saving: number | null): ComparisonRow => ({
    key,
    networkSlug,
    networkName: networkSlug,
    kind: networkSlug === 'aws' ? 'cloud' : 'depin',
    sourceName: key,
    rentableGpus: rentable === null ? null : tableFigure(rentable),
    cheapest: median === null ? null : tableFigure(median),
    median: median === null ? null : tableFigure(median),
    savingVsAws8Gpu: saving,
    savingVsAws1Gpu: null,
    asOf: null,
  });

  it('ranks networks by rentable GPUs, with the median price and the saving against AWS', () => {
    const card = compareCard('H100 SXM 80GB', [row('s1', 'akash', 40, 2.56, 62.8), row('s2', 'ionet', 200, 1.9, 72.4), row('s3', 'lium', null, 2.1, 69), row('aws-8gpu', 'aws', null, 6.88, null)], NOW);
    expect(card.rows.map((r) => r.label)).toEqual(['ionet · s2', 'akash · s1', 'lium · s3']);
    expect(card.rows[0]?.cells).toEqual(['200 GPUs', '$1.90/GPU-h', '72%']);
    expect(card.rows.map((r) => r.bar)).toEqual([1, 0.2, null]);
    expect(card.figures).toEqual([
      { label: 'Rentable now, all networks', value: '240 GPUs' },
      { label: 'AWS on-demand, aws-8gpu', value: '$6.88/GPU-h' },
    ]);
  });

  it('names the network once when the source name starts with it', () => {
    const card = compareCard('H100', [{ ...row('s1', 'akash', 40, 2.56, 62.8), networkName: 'Akash Network', sourceName: 'Akash Network console' }], NOW);
    expect(card.rows[0]?.label).toBe('Akash Network console');
  });

  it('says so when no network reports the model', () => {
    expect(compareCard('B200', [], NOW).empty).toBe('No network has reported B200 yet.');
  });
});

describe('formatShare', () => {
  it('keeps the digits of small ratios', () => {
    expect([formatShare(0.00041), formatShare(0.05), formatShare(0.5), formatShare(0), formatShare(null)]).toEqual(['0.041%', '5.0%', '50%', '0%', '—']);
  });
});
