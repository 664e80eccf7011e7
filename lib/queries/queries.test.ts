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

  it('sets io.net largest claim against what can be rented', async () => {
    const ionet = (await readNetworkSummaries(handle.db)).find((n) => n.slug === 'ionet');
    expect(ionet?.largestClaim).toMatchObject({ value: 564306, sourceId: 'ionet-claims-headline-total' });
    expect(ionet?.largestClaimNodes).toMatchObject({ value: 25000, unit: 'nodes' });
    expect(ionet?.rentable).toMatchObject({ value: 312, sourceId: 'ionet-cloud-caas-availability' });
    expect(ionet?.realityRatio).toBeCloseTo(312 / 564306, 8);
  });

  it('covers every network, with claims-only networks showing no rentable figure rather than zero', async () => {
    const summaries = await readNetworkSummaries(handle.db);
    const aethir = summaries.find((n) => n.slug === 'aethir');
    expect(aethir?.largestClaim?.value).toBe(430000);
    expect(aethir?.rentable).toBeNull();
    expect(aethir?.realityRatio).toBeNull();
    const akash = summaries.find((n) => n.slug === 'akash');
    expect(akash?.largestClaim?.value).toBe(453);
    expect(akash?.rentable?.value).toBe(137);
    // Supply figures for every network that publishes any; Nosana and AWS publish prices only.
    const withSupply = summaries.filter((n) => n.largestClaim || n.largestClaimNodes || n.rentable || n.free).map((n) => n.slug);
    expect(withSupply.sort()).toEqual(
      ['aethir', 'akash', 'clore', 'fluence', 'golem', 'hyperbolic', 'ionet', 'lium', 'render', 'spheron', 'vastai'].sort(),
    );
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
