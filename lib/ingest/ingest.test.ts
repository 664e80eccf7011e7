/**
 * The real path, end to end below the UI: fetch from the recorded-payload server → parse →
 * store, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { pricePoints, rawSnapshots, scrapeRuns, seriesRollups, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { readRecording } from '../sources/recordings';
import { readSnapshot } from '@/db/snapshot-store';
import { sha256Hex } from './snapshot-bytes';
import { runScrapePass } from './scrape-pass';
import { syncRegistry } from './sync-registry';

const targets = [akashGpuPrices, akashNetworkCapacity];

describe.each(testDatabaseKinds())('ingest on $name', (kind) => {
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

  const scrape = (at: string) =>
    runScrapePass(handle.db, { targets, at: new Date(at), environment: server.environment(), attempts: 1, timeoutMs: 5_000 });

  const tally = async () => {
    const db = handle.db;
    const [runs] = await db.select({ n: count() }).from(scrapeRuns);
    const [snapshots] = await db.select({ n: count() }).from(rawSnapshots);
    const [supply] = await db.select({ n: count() }).from(supplyPoints);
    const [prices] = await db.select({ n: count() }).from(pricePoints);
    return { runs: runs?.n, snapshots: snapshots?.n, supply: supply?.n, prices: prices?.n };
  };

  it('writes a run, a snapshot and points from the recorded payload', async () => {
    const outcomes = await scrape('2026-11-20T10:00:00Z');
    expect(outcomes.map((o) => [o.sourceId, o.outcome])).toEqual([
      ['akash-gpu-prices', 'ok'],
      ['akash-network-capacity', 'ok'],
    ]);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, 'akash-gpu-prices'));
    expect(run).toMatchObject({ outcome: 'ok', httpStatus: 200, error: null, adapterVersion: 1, evidenceGrade: 'official-api' });
    expect(run?.requestUrl).toBe(`${server.url}/akash/v1/gpu-prices`);

    // The stored bytes are exactly what the server sent, addressed by their sha256.
    const recorded = readRecording('akash', 'gpu-prices.json');
    expect(run?.snapshotSha256).toBe(sha256Hex(recorded));
    const [snapshot] = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256Hex(recorded)));
    expect(snapshot?.encoding).toBe('zstd');
    expect(snapshot && (await readSnapshot(handle.db, snapshot.sha256))).toEqual(recorded);

    const h100 = await handle.db
      .select({ status: supplyPoints.status, quantity: supplyPoints.quantity, runId: supplyPoints.scrapeRunId })
      .from(supplyPoints)
      .where(eq(supplyPoints.gpuModel, 'h100-sxm-80gb'));
    expect(Object.fromEntries(h100.map((p) => [p.status, p.quantity]))).toEqual({ claimed: 69, free: 10, rentable: 10 });
    expect(h100.every((p) => p.runId === run?.id)).toBe(true);
    const median = await handle.db
      .select({ usd: pricePoints.usdPerGpuHour })
      .from(pricePoints)
      .where(eq(pricePoints.gpuModel, 'h100-sxm-80gb'));
    expect(median.map((p) => p.usd).sort()).toEqual([2.04, 2.56]);
  });

  it('writes no duplicates when the same observation is ingested again', async () => {
    const before = await tally();
    const outcomes = await scrape('2026-11-20T10:00:00Z');
    expect(outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(await tally()).toEqual(before);
  });

  it('records a later identical scrape as a run without new points or snapshots', async () => {
    const before = await tally();
    const outcomes = await scrape('2026-11-20T10:10:00Z');
    expect(outcomes.map((o) => [o.outcome, o.pointsWritten, o.unchanged])).toEqual([
      ['ok', 0, true],
      ['ok', 0, true],
    ]);
    expect(await tally()).toEqual({ ...before, runs: Number(before.runs) + 2 });
    // The hourly bucket counts both observations.
    const [bucket] = await handle.db
      .select()
      .from(seriesRollups)
      .where(eq(seriesRollups.metric, 'claimed'))
      .limit(1);
    expect(bucket?.samples).toBe(2);
  });

  it('keeps a malformed payload raw, marks the run failed with the reason, and writes no points', async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.malformed.json' });
    const before = await tally();
    const [outcome] = await scrape('2026-11-20T11:00:00Z');
    expect(outcome).toMatchObject({ sourceId: 'akash-gpu-prices', outcome: 'failed', pointsWritten: 0 });
    expect(outcome?.detail).toMatch(/^not JSON/);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, outcome?.runId ?? -1));
    expect(run).toMatchObject({ outcome: 'failed', httpStatus: 200 });
    expect(run?.error).toMatch(/^not JSON/);
    const malformed = readRecording('akash', 'gpu-prices.malformed.json');
    const [snapshot] = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256Hex(malformed)));
    expect(snapshot && (await readSnapshot(handle.db, snapshot.sha256))).toEqual(malformed);
    const after = await tally();
    expect(after.supply).toBe(before.supply);
    expect(after.prices).toBe(before.prices);
    // No bucket for 11:00 for that source: a gap, not a zero.
    const buckets = await handle.db
      .select()
      .from(seriesRollups)
      .where(eq(seriesRollups.bucketStart, new Date('2026-11-20T11:00:00Z')));
    expect(buckets.every((b) => b.sourceId !== 'akash-gpu-prices')).toBe(true);
  });

  it('records an HTTP error with its status and body, and no points', async () => {
    server.setOverride({ network: 'akash', path: '/v1/network-capacity', status: 503, body: '{"error":"maintenance"}' });
    const outcomes = await scrape('2026-11-20T12:00:00Z');
    const capacity = outcomes.find((o) => o.sourceId === 'akash-network-capacity');
    expect(capacity).toMatchObject({ outcome: 'failed', httpStatus: 503, detail: 'HTTP 503 Service Unavailable' });
    // The other source is unaffected.
    expect(outcomes.find((o) => o.sourceId === 'akash-gpu-prices')?.outcome).toBe('ok');
  });

  it('records an unreachable server as a failed run without a snapshot', async () => {
    const outcomes = await runScrapePass(handle.db, {
      targets: [akashNetworkCapacity],
      at: new Date('2026-11-20T13:00:00Z'),
      environment: { AKASH_API_BASE_URL: 'http://127.0.0.1:9' },
      attempts: 1,
      timeoutMs: 2_000,
    });
    expect(outcomes[0]).toMatchObject({ outcome: 'failed', httpStatus: null });
    expect(outcomes[0]?.detail).toMatch(/^network error/);
  });
});
