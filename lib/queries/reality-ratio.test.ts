/**
 * One reality ratio everywhere: the league (/api/v1/reality, /flags), the networks API and the
 * cards compute it from io.net's declared sides, and a failed side is a gap, never the ratio of
 * another io.net source that happened to answer. Through the real scrape path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import type { ReplayServer } from '@/scripts/replay-server';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { sourcesOfNetwork } from '../sources/registry';
import { readReality } from './analytics';
import { readNetworkSummaries } from './network-summary';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 24, hour));
const window = { from: at(9), to: at(14), resolution: 'hour' as const };

describe.each(testDatabaseKinds())('the reality ratio on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let close: SeededDatabase['close'] | undefined;
  const targets = sourcesOfNetwork('ionet');
  const pass = (hour: number) =>
    runScrapePass(handle.db, { targets, at: at(hour), environment: server.environment(), attempts: 1, rateLimiter: noRateLimit, force: true });
  const ionetSeries = async () => (await readReality(handle.db, window, DEFAULT_THRESHOLDS)).series.find((s) => s.network === 'ionet')?.points ?? [];

  beforeAll(async () => {
    const seeded = await seedReplayedDatabase(kind, { targets, scrapeAt: [at(10), at(11)] });
    ({ handle, server, close } = seeded);
  }, 120_000);
  afterAll(() => close?.());

  it('is the same figure in the league and the networks API', async () => {
    const report = await readReality(handle.db, window, DEFAULT_THRESHOLDS);
    const league = report.league.find((r) => r.network === 'ionet');
    const summary = (await readNetworkSummaries(handle.db, new Date(at(11).getTime() + 5 * 60_000))).find((n) => n.slug === 'ionet');
    expect(summary?.realityRatio).not.toBeNull();
    expect(league?.latest?.ratio).toBe(summary?.realityRatio);
    expect(league?.latest?.largestClaim).toMatchObject({ sourceId: 'ionet-explorer-network', value: summary?.realitySides?.claimed?.value });
    expect(league?.latest?.rentable).toMatchObject({ sourceId: 'ionet-cloud-caas-availability', value: summary?.realitySides?.rentable?.value });
  });

  it('makes a gap of every bucket where a side failed, whatever other io.net sources said', async () => {
    const before = (await ionetSeries()).filter((p) => p.ratio !== null);
    server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network', status: 503, body: 'unavailable' });
    await pass(12);
    server.clearOverrides();
    server.setOverride({ network: 'ionet', path: '/enterprise/v1/io-cloud/caas/hardware/max-gpus-per-container', status: 500, body: 'error' });
    await pass(13);
    server.clearOverrides();

    const points = await ionetSeries();
    const byHour = new Map(points.map((p) => [Date.parse(p.at), p]));
    expect(byHour.get(at(12).getTime())).toMatchObject({ ratio: null, largestClaim: null });
    // The devices page's constant 69,415 answered at 12:00 and is never a side.
    expect(byHour.get(at(12).getTime())?.rentable?.sourceId).toBe('ionet-cloud-caas-availability');
    expect(byHour.get(at(13).getTime())).toMatchObject({ ratio: null, rentable: null });
    // Earlier buckets keep their ratio.
    expect(points.filter((p) => p.ratio !== null).map((p) => p.ratio)).toEqual(before.map((p) => p.ratio));
    expect(points.every((p) => p.ratio === null || (p.ratio > 0 && p.ratio < 0.01))).toBe(true);
  });
});
