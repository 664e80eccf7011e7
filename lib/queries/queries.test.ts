/**
 * The read side over a database filled the way production fills it: a scrape pass of every
 * source against the recorded-payload server, plus the committed history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { runScrapePass } from '../ingest/scrape-pass';
import { noRateLimit } from '../ingest/rate-limiter';
import { SCRAPE_TARGETS } from '../sources/registry';
import { readUnknownGpuNames } from './data-quality';
import { readNetworkSummaries } from './network-summary';
import { readSourceStatuses } from './source-status';
import { currentTimeMs } from '../clock';

const MINUTE = 60_000;

describe.each(testDatabaseKinds())('queries on $name', (kind) => {
  let handle: DatabaseHandle;
  let close: SeededDatabase['close'] | undefined;
  const now = new Date('2026-11-24T12:00:00Z');

  beforeAll(async () => {
    const { server, ...seeded } = await seedReplayedDatabase(kind, { scrapeAt: [new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T11:00:00Z')] });
    ({ handle, close } = seeded);
    server.setOverride({ network: 'render', path: '/api/nodes_and_frames', status: 502, body: 'Bad gateway' });
    await runScrapePass(handle.db, { targets: SCRAPE_TARGETS, at: now, environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
  }, 120_000);
  afterAll(() => close?.());

  it('sets io.net’s live claim against what can be rented, from its declared sides', async () => {
    const ionet = (await readNetworkSummaries(handle.db, new Date(now.getTime() + 5 * MINUTE))).find((n) => n.slug === 'ionet');
    // The 2024 ledger's 564,306 and 25,000 nodes are dated claims, never current figures.
    expect(ionet?.largestClaim).toMatchObject({ value: 327118, sourceId: 'ionet-explorer-network', ageMinutes: 5, freshness: 'fresh' });
    expect(ionet?.largestClaimNodes).toBeNull();
    expect(ionet?.rentable).toMatchObject({ value: 312, sourceId: 'ionet-cloud-caas-availability' });
    expect(ionet?.realitySides?.claimed).toMatchObject({ value: 327118, sourceId: 'ionet-explorer-network' });
    expect(ionet?.realityRatio).toBeCloseTo(312 / 327118, 8);
  });

  it('covers every network, with claims-only networks showing no rentable figure rather than zero', async () => {
    const summaries = await readNetworkSummaries(handle.db, now);
    const aethir = summaries.find((n) => n.slug === 'aethir');
    // Aethir's only size is a ledger claim: no current claim, no rentable figure, no ratio.
    expect(aethir?.largestClaim).toBeNull();
    expect(aethir?.rentable).toBeNull();
    expect(aethir?.realityRatio).toBeNull();
    const akash = summaries.find((n) => n.slug === 'akash');
    expect(akash?.largestClaim?.value).toBe(453);
    expect(akash?.rentable?.value).toBe(137);
    expect(akash?.realityRatio).toBeCloseTo(137 / 453, 8);
    // Supply figures for every network that publishes any live; Nosana and AWS publish prices only.
    const withSupply = summaries.filter((n) => n.largestClaim || n.largestClaimNodes || n.rentable || n.free).map((n) => n.slug);
    expect(withSupply.sort()).toEqual(['akash', 'clore', 'fluence', 'golem', 'hyperbolic', 'ionet', 'lium', 'render', 'spheron', 'vastai'].sort());
  });

  it('marks a figure stale past about twice its schedule and leaves it out of "now" after 24 h, saying so', async () => {
    const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
    const akashAt = async (minutes: number) => (await readNetworkSummaries(handle.db, at(minutes))).find((n) => n.slug === 'akash');
    // akash-gpu-prices is scraped every 10 minutes: fresh to 25, stale to 24 h.
    expect((await akashAt(25))?.rentable).toMatchObject({ freshness: 'fresh', freshForMinutes: 25 });
    expect((await akashAt(26))?.rentable).toMatchObject({ freshness: 'stale', ageMinutes: 26 });
    const dayOld = await akashAt(24 * 60);
    expect(dayOld?.rentable).toMatchObject({ value: 137, freshness: 'stale' });
    const older = await akashAt(24 * 60 + 1);
    expect(older?.rentable).toBeNull();
    expect(older?.largestClaim).toBeNull();
    expect(older?.realityRatio).toBeNull();
    expect(older?.leftOut).toContainEqual(expect.objectContaining({ sourceId: 'akash-gpu-prices', status: 'rentable', value: 137, ageMinutes: 24 * 60 + 1 }));
    // Render is scraped hourly (fresh for 125 minutes) and its 12:00 scrape failed: its age runs from 11:00.
    const renderAt = async (minutes: number) => (await readNetworkSummaries(handle.db, at(minutes))).find((n) => n.slug === 'render');
    expect((await renderAt(65))?.largestClaimNodes).toMatchObject({ freshness: 'fresh', ageMinutes: 125 });
    expect((await renderAt(66))?.largestClaimNodes?.freshness).toBe('stale');
  });

  it('reports each source with its success rate, failure reason and recording date', async () => {
    const statuses = await readSourceStatuses(handle.db, new Date(currentTimeMs() + 60_000));
    const render = statuses.find((s) => s.sourceId === 'render-nodes-and-frames');
    expect(render).toMatchObject({ lastOutcome: 'failed', lastFailureReason: 'HTTP 502 Bad Gateway', attempts24h: 3 });
    expect(render?.successRate24h).toBeCloseTo(2 / 3, 6);
    const akash = statuses.find((s) => s.sourceId === 'akash-gpu-prices');
    expect(akash).toMatchObject({ lastOutcome: 'ok', successRate7d: 1, recordedPayloadDate: '2026-09-06', evidenceGrade: 'official-api' });
    expect(akash?.pointsWritten).toBe(31);
  });

  it('lists GPU names it could not place, never dropping them', async () => {
    const unknown = await readUnknownGpuNames(handle.db);
    expect(unknown.map((u) => `${u.networkSlug}:${u.name}`)).toContain('golem:NVIDIA CMP 170HX');
    expect(unknown.every((u) => u.points > 0)).toBe(true);
  });
});
