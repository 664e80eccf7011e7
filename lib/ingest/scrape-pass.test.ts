/**
 * A scrape pass's promises: one slow or broken source never delays or breaks another, a
 * source whose key is missing is skipped with a clear status, a source still running is not
 * scraped twice, and token-priced listings carry the rate they were converted at.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { pricePoints, scrapeRuns, sourceLeases, tokenPrices } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { awsEc2OnDemand8Gpu } from '../sources/aws';
import { fluenceGpuVms } from '../sources/fluence';
import { REFERENCE_FEEDS } from '../sources/registry';
import { acquireLease, readLease } from './leases';
import { readSourceLeases } from '../queries/source-status';
import { runScrapePass } from './scrape-pass';
import { syncRegistry } from './sync-registry';
import { currentTime } from '../clock';

const targets = [...REFERENCE_FEEDS, akashGpuPrices, akashNetworkCapacity, fluenceGpuVms, awsEc2OnDemand8Gpu];

describe.each(testDatabaseKinds())('scrape pass on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, targets);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });
  beforeEach(() => server.clearOverrides());

  const pass = (at: string, extra: Record<string, string> = {}, options: { timeoutMs?: number } = {}) =>
    runScrapePass(handle.db, {
      targets,
      at: new Date(at),
      environment: { ...server.environment(), ...extra },
      attempts: 1,
      timeoutMs: options.timeoutMs ?? 5_000,
    });

  it('skips a source whose required key is missing, with a clear status and no run', async () => {
    const outcomes = await pass('2026-11-21T00:00:00Z', { FLUENCE_API_KEY: '' });
    const fluence = outcomes.find((o) => o.sourceId === 'fluence-gpu-vms');
    expect(fluence).toMatchObject({ outcome: 'skipped', detail: 'needs FLUENCE_API_KEY (not set)' });
    const runs = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, 'fluence-gpu-vms'));
    expect(runs).toEqual([]);
  });

  it('converts token-priced listings at the rate fetched first in the same pass, stored beside each point', async () => {
    const outcomes = await pass('2026-11-21T01:00:00Z');
    expect(outcomes[0]?.sourceId).toBe('token-prices-coingecko');
    const [usdc] = await handle.db.select().from(tokenPrices).where(eq(tokenPrices.symbol, 'USDC'));
    expect(usdc?.usd).toBe(0.999812);
    const converted = await handle.db
      .select()
      .from(pricePoints)
      .where(and(eq(pricePoints.sourceId, 'fluence-gpu-vms'), isNotNull(pricePoints.tokenSymbol)));
    expect(converted.length).toBeGreaterThan(0);
    for (const point of converted) {
      expect(point).toMatchObject({ tokenSymbol: 'USDC', tokenUsdRate: 0.999812 });
      expect(point.tokenRateAt?.toISOString()).toBe('2026-11-21T01:00:00.000Z');
    }
  });

  it('skips a daily source until it is due again', async () => {
    const outcomes = await pass('2026-11-21T02:00:00Z');
    expect(outcomes.find((o) => o.sourceId === 'aws-ec2-ondemand-8gpu')?.outcome).toBe('not-due');
  });

  it('does not scrape a source whose previous run still holds its lease', async () => {
    const now = currentTime();
    expect(await acquireLease(handle.db, 'akash-network-capacity', 'another-worker', 60_000, now)).toBe(true);
    const outcomes = await pass('2026-11-21T03:00:00Z');
    // The pass output says who holds the source and until when.
    expect(outcomes.find((o) => o.sourceId === 'akash-network-capacity')).toMatchObject({
      outcome: 'busy',
      detail: `previous run still going: lease held by another-worker until ${new Date(now.getTime() + 60_000).toISOString()}`,
    });
    expect(outcomes.find((o) => o.sourceId === 'akash-gpu-prices')?.outcome).toBe('ok');
    // /status reads the same lease: "busy: lease held by another-worker until …".
    expect((await readSourceLeases(handle.db)).get('akash-network-capacity')).toEqual({
      holder: 'another-worker',
      expiresAt: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect((await readSourceLeases(handle.db)).has('akash-gpu-prices')).toBe(false);
  });

  it('holds a lease for one attempt plus the margin, renews it while a slow run goes on, and frees it after', async () => {
    // Every attempt times out after 1 s; four of them outlast the first lease (1 s + 1 s) twice over.
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 5_000 });
    const options = { targets: [akashGpuPrices], environment: server.environment(), force: true, timeoutMs: 1_000, backoffMs: 10, leaseMarginMs: 1_000 };
    const slow = runScrapePass(handle.db, { ...options, at: new Date('2026-11-21T05:00:00Z'), attempts: 4 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const first = await readLease(handle.db, 'akash-gpu-prices');
    expect((first?.expiresAt.getTime() ?? 0) - currentTime().getTime()).toBeGreaterThan(1_500);
    expect((first?.expiresAt.getTime() ?? 0) - currentTime().getTime()).toBeLessThanOrEqual(2_000);

    // Past the first lease's expiry, the live run still holds the source.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const renewed = await readLease(handle.db, 'akash-gpu-prices');
    expect(renewed?.holder).toBe(first?.holder);
    expect(renewed?.expiresAt.getTime()).toBeGreaterThan(currentTime().getTime());
    const [competing] = await runScrapePass(handle.db, { ...options, at: new Date('2026-11-21T05:00:01Z'), attempts: 1 });
    expect(competing?.outcome).toBe('busy');

    const [outcome] = await slow;
    expect(outcome).toMatchObject({ outcome: 'failed', detail: 'timed out after 1000 ms (after 4 attempts)' });
    expect(await readLease(handle.db, 'akash-gpu-prices')).toBeNull();
  });

  it('takes over the lease of a holder that crashed once it has expired', async () => {
    await handle.db.insert(sourceLeases).values({ sourceId: 'akash-gpu-prices', holder: 'crashed-worker', expiresAt: new Date(currentTime().getTime() - 1) });
    const [outcome] = await runScrapePass(handle.db, {
      targets: [akashGpuPrices],
      at: new Date('2026-11-21T06:00:00Z'),
      environment: server.environment(),
      attempts: 1,
      force: true,
    });
    expect(outcome?.outcome).toBe('ok');
    expect(await readLease(handle.db, 'akash-gpu-prices')).toBeNull();
  });

  it('lets a slow source time out without delaying the others', async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 3_000 });
    const started = performance.now();
    const outcomes = await pass('2026-11-21T04:00:00Z', {}, { timeoutMs: 500 });
    expect(outcomes.find((o) => o.sourceId === 'akash-gpu-prices')).toMatchObject({
      outcome: 'failed',
      detail: 'timed out after 500 ms',
    });
    expect(outcomes.find((o) => o.sourceId === 'fluence-gpu-vms')?.outcome).toBe('ok');
    expect(performance.now() - started).toBeLessThan(2_900);
  });
});
