/**
 * Rebuild: the pure per-run comparison, then the real path on PGlite and (with
 * TEST_DATABASE_URL) PostgreSQL: ingest the Akash recorded payload through the replay server,
 * "fix" the parser, plan, apply, plan again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { pricePoints, scrapeRuns, seriesRollups, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { buildSnapshot, decodeJson } from '../sources/parse-helpers';
import { HISTORY_SOURCES, REFERENCE_FEEDS, SCRAPE_TARGETS } from '../sources/registry';
import type { HistoryAdapter, ParsedSnapshot, ParseResult, SourceAdapter } from '../sources/types';
import {
  applyRebuild,
  diffPoints,
  NO_POINTS,
  planRebuild,
  pointSetDigest,
  pointsFromFigures,
  reviewRun,
  type RebuildPlan,
  type RebuildTarget,
  type RunPoints,
  type SourceRebuild,
  type StoredRun,
} from './rebuild';
import { recomputeRollups } from './recompute-rollups';
import { recordRun } from './record-run';
import { runScrapePass } from './scrape-pass';
import { noRateLimit } from './rate-limiter';
import { syncRegistry } from './sync-registry';
import type { ScrapeTarget } from './target';

// ───────────────────────────── pure comparison ─────────────────────────────

const figures = (supply: [string, number][], extra: Partial<ParsedSnapshot> = {}): ParsedSnapshot => ({
  supply: supply.map(([gpuModel, quantity]) => ({ gpuModel, status: 'claimed', unit: 'gpus', quantity })),
  prices: [],
  unknownModels: [],
  ...extra,
});
const ok = (value: ParsedSnapshot): ParseResult => ({ ok: true, value });
const pointsOf = (value: ParsedSnapshot): RunPoints => pointsFromFigures(value, true);
const storedOk = (value: ParsedSnapshot, overrides: Partial<StoredRun> = {}): StoredRun => ({
  outcome: 'ok',
  error: null,
  adapterVersion: 1,
  figuresSha256: reviewRun({
    stored: { outcome: 'ok', error: null, adapterVersion: 1, figuresSha256: null, pointsFromRunId: null },
    storedPoints: NO_POINTS,
    reparsed: ok(value),
    currentVersion: 1,
    hasNetwork: true,
    ownerAfter: null,
  }).figuresSha256,
  pointsFromRunId: null,
  ...overrides,
});

describe('rebuild comparison (pure)', () => {
  const before = figures([
    ['h100', 1],
    ['a100', 2],
    ['l40s', 3],
  ]);
  const after = figures([
    ['h100', 1],
    ['a100', 5],
    ['rtx-4090', 4],
  ]);

  it('counts added, changed and removed points by key', () => {
    expect(diffPoints(pointsOf(before), pointsOf(after))).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(diffPoints(pointsOf(before), pointsOf(before))).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(diffPoints(NO_POINTS, pointsOf(before))).toEqual({ added: 3, changed: 0, removed: 0 });
  });

  it('stores what ingest stores: first of a repeated key, and only token prices for a feed without a network', () => {
    const repeated = figures(
      [
        ['h100', 1],
        ['h100', 9],
      ],
      { tokenPrices: [{ symbol: 'AKT', usd: 2 }] },
    );
    expect(pointsFromFigures(repeated, true).supply.map((p) => p.quantity)).toEqual([1]);
    expect(pointsFromFigures(repeated, false)).toEqual({ supply: [], prices: [], tokens: [{ symbol: 'AKT', usd: 2 }] });
  });

  const priced = (rateAt: string) =>
    figures([], {
      prices: [
        { gpuModel: 'h100', statistic: 'min', usdPerGpuHour: 2, listings: 3, token: { symbol: 'AKT', usdRate: 1.5, rateAt: new Date(rateAt) } },
      ],
    });

  it('sees a changed token conversion time on a run that owns its points, which the figures digest does not', () => {
    const a = pointsOf(priced('2026-11-20T10:00:00Z'));
    const b = pointsOf(priced('2026-11-20T09:00:00Z'));
    expect(diffPoints(a, b)).toEqual({ added: 0, changed: 1, removed: 0 });
    expect(pointSetDigest(a)).not.toBe(pointSetDigest(b));
    expect(storedOk(priced('2026-11-20T10:00:00Z')).figuresSha256).toBe(storedOk(priced('2026-11-20T09:00:00Z')).figuresSha256);
  });

  it('lets a run keep sharing points whose conversion time is the earlier run\'s, as ingest shared them', () => {
    const owner = priced('2026-11-20T10:00:00Z');
    const later = priced('2026-11-20T10:10:00Z');
    const review = reviewRun({
      stored: storedOk(owner, { pointsFromRunId: 7 }),
      storedPoints: pointsOf(owner),
      reparsed: ok(later),
      currentVersion: 1,
      hasNetwork: true,
      ownerAfter: { outcome: 'ok', sharedPointsDigest: pointSetDigest(pointsOf(owner), { withRateTime: false }) },
    });
    expect(review).toMatchObject({ write: 'none', diff: { added: 0, changed: 0, removed: 0 } });
  });

  it('leaves a run that parses the same alone, and only restamps it on a new adapter version', () => {
    const base = { storedPoints: pointsOf(before), reparsed: ok(before), hasNetwork: true, ownerAfter: null };
    expect(reviewRun({ ...base, stored: storedOk(before), currentVersion: 1 }).write).toBe('none');
    const bumped = reviewRun({ ...base, stored: storedOk(before), currentVersion: 2 });
    expect(bumped).toMatchObject({ write: 'metadata', adapterVersion: 2, flip: null, diff: { added: 0, changed: 0, removed: 0 } });
  });

  it('replaces the points of a run whose figures changed', () => {
    const review = reviewRun({
      stored: storedOk(before),
      storedPoints: pointsOf(before),
      reparsed: ok(after),
      currentVersion: 2,
      hasNetwork: true,
      ownerAfter: null,
    });
    expect(review).toMatchObject({ write: 'points', flip: null, outcome: 'ok', diff: { added: 1, changed: 1, removed: 1 } });
    expect(review.figuresSha256).toBe(storedOk(after).figuresSha256);
  });

  it('flips a failed run that now parses, and an ok run that now fails loses its points', () => {
    const failed: StoredRun = { outcome: 'failed', error: 'not JSON', adapterVersion: 1, figuresSha256: null, pointsFromRunId: null };
    const repaired = reviewRun({ stored: failed, storedPoints: NO_POINTS, reparsed: ok(before), currentVersion: 2, hasNetwork: true, ownerAfter: null });
    expect(repaired).toMatchObject({ write: 'points', flip: { from: 'failed', to: 'ok' }, error: null, diff: { added: 3 } });

    const broken = reviewRun({
      stored: storedOk(before),
      storedPoints: pointsOf(before),
      reparsed: { ok: false, error: 'unexpected shape' },
      currentVersion: 2,
      hasNetwork: true,
      ownerAfter: null,
    });
    expect(broken).toMatchObject({ write: 'points', flip: { from: 'ok', to: 'failed' }, error: 'unexpected shape', figuresSha256: null });
    expect(broken.diff).toEqual({ added: 0, changed: 0, removed: 3 });
    expect(broken.points).toEqual(NO_POINTS);

    const stillFailing = reviewRun({ stored: failed, storedPoints: NO_POINTS, reparsed: { ok: false, error: 'not JSON' }, currentVersion: 1, hasNetwork: true, ownerAfter: null });
    expect(stillFailing).toMatchObject({ write: 'none', flip: null });
  });

  it('keeps a run sharing points only while the rebuilt owner shows exactly its figures', () => {
    const sharer = storedOk(before, { pointsFromRunId: 7 });
    const input = { stored: sharer, storedPoints: pointsOf(before), reparsed: ok(after), currentVersion: 2, hasNetwork: true };
    const ownerOk = (value: ParsedSnapshot) => ({
      outcome: 'ok' as const,
      sharedPointsDigest: pointSetDigest(pointsOf(value), { withRateTime: false }),
    });
    // Owner and sharer both changed the same way: the diff is reported, the sharing stays.
    expect(reviewRun({ ...input, ownerAfter: ownerOk(after) })).toMatchObject({ write: 'metadata', diff: { added: 1, changed: 1, removed: 1 } });
    // Only the owner changed: the sharer's figures are unchanged but it needs points of its own.
    const unchanged = reviewRun({ ...input, reparsed: ok(before), ownerAfter: ownerOk(after) });
    expect(unchanged).toMatchObject({ write: 'points', diff: { added: 0, changed: 0, removed: 0 } });
    // An owner that now fails has no points to share.
    const failedOwner = { outcome: 'failed' as const, sharedPointsDigest: pointSetDigest(NO_POINTS, { withRateTime: false }) };
    expect(reviewRun({ ...input, ownerAfter: failedOwner }).write).toBe('points');
    expect(reviewRun({ ...input, ownerAfter: null }).write).toBe('points');
  });
});

// ───────────────────────────── on the databases ─────────────────────────────

/** A parser "fix": rentable halved (doubled would exceed free and be rejected as implausible), the RTX 3090 dropped, a p25 for the H100 added. */
const akashFixed: SourceAdapter = {
  ...akashGpuPrices,
  version: 2,
  parse(bytes, context) {
    const result = akashGpuPrices.parse(bytes, context);
    if (!result.ok) return result;
    const { supply, prices, unknownModels } = result.value;
    return {
      ok: true,
      value: {
        supply: supply
          .filter((p) => p.gpuModel !== 'rtx-3090')
          .map((p) => (p.status === 'rentable' ? { ...p, quantity: Math.floor(p.quantity / 2) } : p)),
        prices: [
          ...prices.filter((p) => p.gpuModel !== 'rtx-3090'),
          { gpuModel: 'h100-sxm-80gb', statistic: 'p25', usdPerGpuHour: 2.3, listings: null },
        ],
        unknownModels,
      },
    };
  },
};

/** A parser that salvages the network totals at the head of a truncated payload. */
const akashLenient: SourceAdapter = {
  ...akashFixed,
  version: 3,
  parse(bytes, context) {
    const result = akashFixed.parse(bytes, context);
    if (result.ok) return result;
    const head = /^\{"availability":\{"total":(\d+),"available":(\d+)\}/.exec(new TextDecoder().decode(bytes));
    if (!head) return result;
    return buildSnapshot(
      [
        { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: Number(head[1]) },
        { gpuModel: 'all', status: 'free', unit: 'gpus', quantity: Number(head[2]) },
      ],
      [],
    );
  },
};

/** Back to the adapter as shipped, as a newer version. */
const akashReverted: SourceAdapter = { ...akashGpuPrices, version: 4 };

const historySchema = z.object({ days: z.array(z.object({ date: z.string(), gpus: z.number() })) });
/** A later parser that also reads counts published as strings. */
const lenientHistorySchema = z.object({ days: z.array(z.object({ date: z.string(), gpus: z.coerce.number() })) });
const dailyHistory = (version: number, fix: (date: string, gpus: number) => number | null, lenient = false): HistoryAdapter => ({
  id: 'test-daily-history',
  network: 'ionet',
  name: 'Synthetic daily history',
  description: 'A payload publishing one figure per day, for the rebuild test.',
  version,
  evidenceGrade: 'backfilled-history',
  baseUrlVariable: 'TEST_HISTORY_BASE_URL',
  defaultBaseUrl: 'http://127.0.0.1:9',
  request: { method: 'GET', path: '/history' },
  methodology: [],
  parseHistory(bytes) {
    const decoded = decodeJson(bytes, lenient ? lenientHistorySchema : historySchema);
    if (!decoded.ok) return decoded;
    const value = decoded.value.days.flatMap((d) => {
      const gpus = fix(d.date, d.gpus);
      if (gpus === null) return [];
      const snapshot: ParsedSnapshot = {
        supply: [{ gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: gpus }],
        prices: [],
        unknownModels: [],
      };
      return [{ observedAt: new Date(`${d.date}T00:00:00Z`), snapshot }];
    });
    return { ok: true, value };
  },
});
const historyV1 = dailyHistory(1, (_date, gpus) => gpus);
const { parseHistory: _parseHistory, ...historyFields } = historyV1;
const historyAsTarget: ScrapeTarget = { ...historyFields, parse: () => ({ ok: false, error: 'history only' }) };
const historyBytes = new TextEncoder().encode(
  JSON.stringify({
    days: [
      { date: '2026-11-01', gpus: 100 },
      { date: '2026-11-02', gpus: 110 },
      { date: '2026-11-03', gpus: 120 },
    ],
  }),
);

const nothingToWrite = (plan: RebuildPlan) => plan.sources.map((s) => [s.sourceId, s.runsToWrite, s.flips.length]);
const bySource = (plan: { sources: SourceRebuild[] }, id: string) => plan.sources.find((s) => s.sourceId === id);

describe.each(testDatabaseKinds())('rebuild on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  const ingestTargets = [akashGpuPrices, akashNetworkCapacity];
  const runIds: Record<'at10' | 'at1010' | 'at11' | 'at12', number> = { at10: 0, at1010: 0, at11: 0, at12: 0 };
  let rollupsAtIngest: Awaited<ReturnType<typeof rollupsOf>>;
  let pointsAtIngest: Awaited<ReturnType<typeof supplyOf>>;

  const scrape = (at: string) =>
    runScrapePass(handle.db, { targets: ingestTargets, at: new Date(at), environment: server.environment(), attempts: 1, timeoutMs: 5_000 });

  const runOf = async (id: number) => {
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, id));
    if (!run) throw new Error(`no run ${id}`);
    return run;
  };
  const supplyOf = async (runId: number) =>
    Object.fromEntries(
      (
        await handle.db
          .select({ gpuModel: supplyPoints.gpuModel, status: supplyPoints.status, quantity: supplyPoints.quantity })
          .from(supplyPoints)
          .where(eq(supplyPoints.scrapeRunId, runId))
      ).map((p) => [`${p.gpuModel}/${p.status}`, p.quantity]),
    );
  const pricesOf = async (runId: number) =>
    Object.fromEntries(
      (
        await handle.db
          .select({ gpuModel: pricePoints.gpuModel, statistic: pricePoints.statistic, usd: pricePoints.usdPerGpuHour })
          .from(pricePoints)
          .where(eq(pricePoints.scrapeRunId, runId))
      ).map((p) => [`${p.gpuModel}/${p.statistic}`, p.usd]),
    );
  async function rollupsOf(sourceId: string) {
    const rows = await handle.db
      .select()
      .from(seriesRollups)
      .where(eq(seriesRollups.sourceId, sourceId))
      .orderBy(asc(seriesRollups.resolution), asc(seriesRollups.bucketStart), asc(seriesRollups.gpuModel), asc(seriesRollups.metric));
    return rows.map((r) => ({ ...r, bucketStart: r.bucketStart.toISOString(), lastObservedAt: r.lastObservedAt.toISOString() }));
  }
  const rollup = async (sourceId: string, bucket: string, gpuModel: string, metric: string) => {
    const [row] = await handle.db
      .select()
      .from(seriesRollups)
      .where(
        and(
          eq(seriesRollups.resolution, 'hour'),
          eq(seriesRollups.bucketStart, new Date(bucket)),
          eq(seriesRollups.sourceId, sourceId),
          eq(seriesRollups.gpuModel, gpuModel),
          eq(seriesRollups.metric, metric),
        ),
      );
    return row;
  };

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, [...ingestTargets, historyAsTarget]);

    const gpuRun = (outcomes: Awaited<ReturnType<typeof scrape>>) => outcomes.find((o) => o.sourceId === 'akash-gpu-prices')?.runId ?? 0;
    runIds.at10 = gpuRun(await scrape('2026-11-20T10:00:00Z'));
    runIds.at1010 = gpuRun(await scrape('2026-11-20T10:10:00Z'));
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.malformed.json' });
    runIds.at11 = gpuRun(await scrape('2026-11-20T11:00:00Z'));
    // A 503 whose body happens to be a valid payload: a failed fetch stays failed whatever a parser makes of it.
    server.setOverride({ network: 'akash', path: '/v1/gpu-prices', status: 503, file: 'gpu-prices.json' });
    runIds.at12 = gpuRun(await scrape('2026-11-20T12:00:00Z'));
    server.clearOverrides();
    rollupsAtIngest = await rollupsOf('akash-gpu-prices');
    pointsAtIngest = await supplyOf(runIds.at10);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('ingested what the scenario needs', async () => {
    expect(await runOf(runIds.at10)).toMatchObject({ outcome: 'ok', pointsFromRunId: null, pointsWritten: 31 });
    expect(await runOf(runIds.at1010)).toMatchObject({ outcome: 'ok', pointsFromRunId: runIds.at10 });
    expect(await runOf(runIds.at11)).toMatchObject({ outcome: 'failed', httpStatus: 200 });
    expect(await runOf(runIds.at12)).toMatchObject({ outcome: 'failed', httpStatus: 503 });
  });

  it('finds nothing to change with the adapters as shipped', async () => {
    const plan = await planRebuild(handle.db, ingestTargets);
    expect(nothingToWrite(plan)).toEqual([
      ['akash-gpu-prices', 0, 0],
      ['akash-network-capacity', 0, 0],
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('reports a source with stored runs but no adapter as skipped', async () => {
    const plan = await planRebuild(handle.db, [akashGpuPrices]);
    expect(plan.sources.map((s) => s.sourceId)).toEqual(['akash-gpu-prices']);
    expect(plan.skipped).toEqual([{ sourceId: 'akash-network-capacity', runs: 4 }]);
  });

  it('recomputes rollups from scratch exactly as ingest built them', async () => {
    const atIngest = await rollupsOf('akash-network-capacity');
    expect(atIngest.length).toBeGreaterThan(0);
    await recomputeRollups(handle.db, 'akash-network-capacity');
    expect(await rollupsOf('akash-network-capacity')).toEqual(atIngest);
  });

  it('plans a parser fix: exact point counts, versions, nothing written', async () => {
    const plan = await planRebuild(handle.db, [akashFixed, akashNetworkCapacity]);
    // Per ok run: 5 non-zero rentable figures halved, the RTX 3090's 3 supply and 2 price points gone, one p25 added;
    // the 10:10 run shares the 10:00 run's points and counts the same.
    expect(bySource(plan, 'akash-gpu-prices')).toEqual({
      sourceId: 'akash-gpu-prices',
      runsExamined: 3,
      fetchFailuresSkipped: 1,
      historyImportsNowReadable: 0,
      added: 2,
      changed: 10,
      removed: 10,
      flips: [],
      runsToWrite: 3,
      storedAdapterVersions: [1],
      currentAdapterVersion: 2,
    });
    expect(bySource(plan, 'akash-network-capacity')).toMatchObject({ runsExamined: 4, added: 0, changed: 0, removed: 0, runsToWrite: 0 });
    expect(await runOf(runIds.at10)).toMatchObject({ adapterVersion: 1 });
    expect(await rollupsOf('akash-gpu-prices')).toEqual(rollupsAtIngest);
  });

  it('applies the fix to points, runs and rollups, and a second plan finds nothing', async () => {
    const targets = [akashFixed, akashNetworkCapacity];
    const capacityRollups = await rollupsOf('akash-network-capacity');
    const result = await applyRebuild(handle.db, targets, await planRebuild(handle.db, targets));
    expect(result.sources.map((s) => [s.sourceId, s.runsToWrite])).toEqual([['akash-gpu-prices', 3]]);
    expect(result.rollupsRecomputed).toEqual(['akash-gpu-prices']);

    const supply = await supplyOf(runIds.at10);
    expect(supply['all/rentable']).toBe(68);
    expect(supply['h100-sxm-80gb/rentable']).toBe(5);
    expect(supply['rtx-3090/claimed']).toBeUndefined();
    const prices = await pricesOf(runIds.at10);
    expect(prices['h100-sxm-80gb/p25']).toBe(2.3);
    expect(prices['rtx-3090/min']).toBeUndefined();

    const owner = await runOf(runIds.at10);
    expect(owner).toMatchObject({ outcome: 'ok', adapterVersion: 2, pointsFromRunId: null, pointsWritten: 27 });
    // The 10:10 run parses exactly as the rebuilt 10:00 run, so it keeps sharing its points.
    expect(await runOf(runIds.at1010)).toMatchObject({ adapterVersion: 2, pointsFromRunId: runIds.at10, figuresSha256: owner.figuresSha256 });
    expect(await runOf(runIds.at11)).toMatchObject({ outcome: 'failed', adapterVersion: 2 });
    expect(await runOf(runIds.at12)).toMatchObject({ outcome: 'failed', adapterVersion: 1, httpStatus: 503 });

    expect(await rollup('akash-gpu-prices', '2026-11-20T10:00:00Z', 'all', 'rentable')).toMatchObject({
      samples: 2,
      sum: 136,
      min: 68,
      max: 68,
      last: 68,
      lastRunId: runIds.at1010,
    });
    expect(await rollup('akash-gpu-prices', '2026-11-20T10:00:00Z', 'h100-sxm-80gb', 'price_p25')).toMatchObject({ samples: 2, last: 2.3 });
    expect(await rollup('akash-gpu-prices', '2026-11-20T10:00:00Z', 'rtx-3090', 'claimed')).toBeUndefined();
    expect(await rollupsOf('akash-network-capacity')).toEqual(capacityRollups);

    const again = await planRebuild(handle.db, targets);
    expect(nothingToWrite(again)).toEqual([
      ['akash-gpu-prices', 0, 0],
      ['akash-network-capacity', 0, 0],
    ]);
    expect(bySource(again, 'akash-gpu-prices')).toMatchObject({ added: 0, changed: 0, removed: 0, storedAdapterVersions: [2] });
    expect(await applyRebuild(handle.db, targets, again)).toEqual({ sources: [], rollupsRecomputed: [] });
  });

  it('turns a failed run that a newer parser reads into an ok run with points', async () => {
    const targets = [akashLenient, akashNetworkCapacity];
    const plan = await planRebuild(handle.db, targets);
    expect(bySource(plan, 'akash-gpu-prices')).toEqual({
      sourceId: 'akash-gpu-prices',
      runsExamined: 3,
      fetchFailuresSkipped: 1,
      historyImportsNowReadable: 0,
      added: 2,
      changed: 0,
      removed: 0,
      flips: [{ runId: runIds.at11, observedAt: new Date('2026-11-20T11:00:00Z'), from: 'failed', to: 'ok', error: null }],
      runsToWrite: 3,
      storedAdapterVersions: [2],
      currentAdapterVersion: 3,
    });
    await applyRebuild(handle.db, targets, plan);

    const repaired = await runOf(runIds.at11);
    expect(repaired).toMatchObject({ outcome: 'ok', error: null, adapterVersion: 3, pointsFromRunId: null, pointsWritten: 2 });
    expect(repaired.figuresSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await supplyOf(runIds.at11)).toEqual({ 'all/claimed': 453, 'all/free': 161 });
    expect(await rollup('akash-gpu-prices', '2026-11-20T11:00:00Z', 'all', 'claimed')).toMatchObject({ samples: 1, last: 453, lastRunId: runIds.at11 });
    expect(await runOf(runIds.at12)).toMatchObject({ outcome: 'failed', adapterVersion: 1 });
    expect(nothingToWrite(await planRebuild(handle.db, targets))).toEqual([
      ['akash-gpu-prices', 0, 0],
      ['akash-network-capacity', 0, 0],
    ]);
  });

  it('takes points away from a run that now fails, and reverting the parser restores ingest exactly', async () => {
    const targets = [akashReverted, akashNetworkCapacity];
    const plan = await planRebuild(handle.db, targets);
    const gpu = bySource(plan, 'akash-gpu-prices');
    expect(gpu).toMatchObject({ runsExamined: 3, added: 10, changed: 10, removed: 4, runsToWrite: 3 });
    expect(gpu?.flips).toEqual([
      { runId: runIds.at11, observedAt: new Date('2026-11-20T11:00:00Z'), from: 'ok', to: 'failed', error: expect.stringMatching(/^not JSON/) },
    ]);
    await applyRebuild(handle.db, targets, plan);

    expect(await runOf(runIds.at11)).toMatchObject({ outcome: 'failed', pointsWritten: 0, figuresSha256: null });
    expect(await supplyOf(runIds.at11)).toEqual({});
    expect(await supplyOf(runIds.at10)).toEqual(pointsAtIngest);
    expect(await rollupsOf('akash-gpu-prices')).toEqual(rollupsAtIngest);
    expect(nothingToWrite(await planRebuild(handle.db, targets))).toEqual([
      ['akash-gpu-prices', 0, 0],
      ['akash-network-capacity', 0, 0],
    ]);
  });

  it('re-parses a history payload and picks each run its own dated observation', async () => {
    const fetched = {
      requestUrl: 'http://127.0.0.1:9/history',
      startedAt: new Date('2026-11-20T09:00:00Z'),
      durationMs: 1,
      httpStatus: 200,
      bytes: historyBytes,
      contentType: 'application/json',
      fetchError: null,
    };
    const parsed = historyV1.parseHistory(historyBytes, { observedAt: fetched.startedAt });
    if (!parsed.ok) throw new Error(parsed.error);
    const stored = new Map<string, number>();
    for (const day of parsed.value) {
      const recorded = await recordRun(handle.db, {
        source: historyAsTarget,
        observedAt: day.observedAt,
        origin: 'backfill',
        fetched,
        parsed: { ok: true, value: day.snapshot },
      });
      if (recorded.outcome !== 'ok') throw new Error(`backfill of ${day.observedAt.toISOString()} not stored`);
      stored.set(day.observedAt.toISOString().slice(0, 10), recorded.runId);
    }

    // The fix: 2 November was published in another unit and is now corrected; 3 November is no longer trusted.
    // An earlier import whose payload v1 could not read: one failed run stands for the whole payload.
    const unreadable = new TextEncoder().encode(JSON.stringify({ days: [{ date: '2026-10-31', gpus: '90' }] }));
    const unreadableAt = new Date('2026-11-19T09:00:00Z');
    const v1Verdict = historyV1.parseHistory(unreadable, { observedAt: unreadableAt });
    expect(v1Verdict.ok).toBe(false);
    const failedImport = await recordRun(handle.db, {
      source: historyAsTarget,
      observedAt: unreadableAt,
      origin: 'backfill',
      fetched: { ...fetched, startedAt: unreadableAt, bytes: unreadable },
      parsed: v1Verdict.ok ? null : { ok: false, error: v1Verdict.error },
    });
    if (failedImport.outcome !== 'failed') throw new Error('the unreadable import was not stored as failed');

    const historyV2 = dailyHistory(2, (date, gpus) => (date === '2026-11-02' ? gpus * 2 : date === '2026-11-03' ? null : gpus), true);
    const plan = await planRebuild(handle.db, [historyV2]);
    expect(plan.skipped.map((s) => s.sourceId)).toEqual(['akash-gpu-prices', 'akash-network-capacity']);
    expect(plan.sources).toEqual([
      {
        sourceId: 'test-daily-history',
        runsExamined: 3,
        fetchFailuresSkipped: 0,
        historyImportsNowReadable: 1,
        added: 0,
        changed: 1,
        removed: 1,
        flips: [
          {
            runId: stored.get('2026-11-03'),
            observedAt: new Date('2026-11-03T00:00:00Z'),
            from: 'ok',
            to: 'failed',
            error: 'no observation dated 2026-11-03T00:00:00.000Z in the payload',
          },
        ],
        runsToWrite: 3,
        storedAdapterVersions: [1],
        currentAdapterVersion: 2,
      },
    ]);
    await applyRebuild(handle.db, [historyV2], plan);
    expect(await supplyOf(stored.get('2026-11-02') ?? 0)).toEqual({ 'all/claimed': 220 });
    expect(await supplyOf(stored.get('2026-11-03') ?? 0)).toEqual({});
    expect(await rollup('test-daily-history', '2026-11-02T00:00:00Z', 'all', 'claimed')).toMatchObject({ samples: 1, last: 220 });
    expect(await rollup('test-daily-history', '2026-11-03T00:00:00Z', 'all', 'claimed')).toBeUndefined();
    expect(nothingToWrite(await planRebuild(handle.db, [historyV2]))).toEqual([['test-daily-history', 0, 0]]);
    // The failed import is left for `npm run backfill`: its dates are new runs, not a re-parse of it.
    expect(await runOf(failedImport.runId)).toMatchObject({ outcome: 'failed', adapterVersion: 1, error: failedImport.error });
  });
});

describe.each(testDatabaseKinds())('rebuild of every source on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  // Sources whose documented rate limit would make the second pass wait (Spheron: 10 s) are left out.
  const scraped = SCRAPE_TARGETS.filter((t) => (t.rateLimitPerMinute ?? Infinity) >= 30);
  const shipped: RebuildTarget[] = [...SCRAPE_TARGETS, ...HISTORY_SOURCES];

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, scraped);
    // The second pass finds the same figures, so its runs share the first pass's points,
    // token-priced listings included (converted at their own pass's rate time).
    for (const at of ['2026-11-20T10:00:00Z', '2026-11-20T10:10:00Z']) {
      await runScrapePass(handle.db, {
        targets: scraped,
        at: new Date(at),
        environment: server.environment(),
        attempts: 1,
        timeoutMs: 20_000, // the whole suite loads this machine: a slow replay must not become a failed run
        force: true,
        rateLimiter: noRateLimit,
      });
    }
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('finds nothing to change when the shipped adapters read their own recordings', async () => {
    const plan = await planRebuild(handle.db, shipped);
    expect(plan.sources.map((s) => s.sourceId)).toEqual(scraped.map((t) => t.id));
    expect(plan.sources.filter((s) => s.runsToWrite > 0 || s.added + s.changed + s.removed > 0)).toEqual([]);
    const short = plan.sources.filter((s) => s.runsExamined !== 2).map((s) => s.sourceId);
    const runs = short.length ? await handle.db.select({ s: scrapeRuns.sourceId, o: scrapeRuns.outcome, e: scrapeRuns.error, at: scrapeRuns.observedAt }).from(scrapeRuns) : [];
    expect(short, JSON.stringify(runs.filter((r) => short.includes(r.s)))).toEqual([]);
  });

  it('re-converts token-priced listings when a token-price fix changes the rates they used', async () => {
    const feed = REFERENCE_FEEDS[0];
    if (!feed) throw new Error('no token-price feed');
    const nosRate = async () => {
      const [row] = await handle.db
        .select({ rate: pricePoints.tokenUsdRate, usd: pricePoints.usdPerGpuHour })
        .from(pricePoints)
        .where(and(eq(pricePoints.sourceId, 'nosana-markets'), eq(pricePoints.tokenSymbol, 'NOS')))
        .orderBy(asc(pricePoints.observedAt), asc(pricePoints.position))
        .limit(1);
      return row;
    };
    const before = await nosRate();
    if (!before?.rate) throw new Error('no NOS-priced Nosana listing in the recording');

    const fixedFeed: ScrapeTarget = {
      ...feed,
      version: feed.version + 1,
      parse(bytes, context) {
        const result = feed.parse(bytes, context);
        if (!result.ok) return result;
        const tokenPrices = (result.value.tokenPrices ?? []).map((t) => (t.symbol === 'NOS' ? { ...t, usd: t.usd * 2 } : t));
        return { ok: true, value: { ...result.value, tokenPrices } };
      },
    };
    const targets = shipped.map((t) => (t.id === feed.id ? fixedFeed : t));
    const plan = await planRebuild(handle.db, targets);
    expect(bySource(plan, feed.id)).toMatchObject({ changed: 2, added: 0, removed: 0, runsToWrite: 2 });
    // Planned with today's rates: Nosana's own parse has not changed yet.
    expect(bySource(plan, 'nosana-markets')).toMatchObject({ runsToWrite: 0 });

    const result = await applyRebuild(handle.db, targets, plan);
    expect(result.sources[0]?.sourceId).toBe(feed.id);
    expect(result.rollupsRecomputed).toContain('nosana-markets');
    const after = await nosRate();
    expect(after?.rate).toBeCloseTo(before.rate * 2, 9);
    expect(after?.usd).toBeCloseTo(before.usd * 2, 9);
    const again = await planRebuild(handle.db, targets);
    expect(again.sources.filter((s) => s.runsToWrite > 0)).toEqual([]);
  });
});
