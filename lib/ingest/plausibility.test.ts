/**
 * Plausibility bounds: the pure screen, and hostile figures through the real fetch → parse →
 * store path, where they must leave no point and no rollup, and be counted on the run.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { pricePoints, scrapeRuns, seriesRollups, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { metrics } from '../metrics';
import { readRejections } from '../queries/data-quality';
import { ionetMarketSnapshot } from '../sources/ionet';
import type { ParsedSnapshot } from '../sources/types';
import { admitFigures, MAX_COUNT, MAX_USD_PER_GPU_HOUR, screenFigures } from './plausibility';
import { noRateLimit } from './rate-limiter';
import { planRebuild } from './rebuild';
import { runScrapePass } from './scrape-pass';
import { syncRegistry } from './sync-registry';

const snapshot = (partial: Partial<ParsedSnapshot>): ParsedSnapshot => ({ supply: [], prices: [], unknownModels: [], ...partial });
const price = (usdPerGpuHour: number) => ({ gpuModel: 'h100-sxm-80gb', statistic: 'median' as const, usdPerGpuHour, listings: 3 });

describe('screenFigures', () => {
  it('rejects counts past the bounds, negative, fractional or not finite, and keeps the rest', () => {
    const { admitted, rejected } = screenFigures(
      snapshot({
        supply: [
          { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: Number.MAX_SAFE_INTEGER },
          { gpuModel: 'all', status: 'rentable', unit: 'gpus', quantity: 5_000_176 },
          { gpuModel: 'a100-80gb', status: 'free', unit: 'gpus', quantity: -1 },
          { gpuModel: 'a100-80gb', status: 'claimed', unit: 'gpus', quantity: 2.5 },
          { gpuModel: 'l40s', status: 'claimed', unit: 'gpus', quantity: Number.NaN },
          { gpuModel: 'rtx-4090', status: 'claimed', unit: 'gpus', quantity: 40 },
        ],
      }),
    );
    expect(admitted.supply).toEqual([{ gpuModel: 'rtx-4090', status: 'claimed', unit: 'gpus', quantity: 40 }]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'claimed gpus above 2,000,000',
      'rentable gpus above 250,000',
      'free a100-80gb gpus is negative',
      'claimed a100-80gb gpus is not a whole number',
      'claimed l40s gpus is not a finite number',
    ]);
    expect(rejected.every((r) => r.kind === 'implausible' && r.count === 1)).toBe(true);
  });

  it('holds the bounds exactly at their edges', () => {
    const edge = screenFigures(
      snapshot({
        supply: [{ gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: MAX_COUNT.claimed.gpus }],
        prices: [price(MAX_USD_PER_GPU_HOUR), price(0.005)],
      }),
    );
    expect(edge.rejected).toEqual([]);
  });

  it('rejects prices that are sentinels or unit mistakes: $1e9, $1e300, 9,999,999, zero, negative', () => {
    const { admitted, rejected } = screenFigures(snapshot({ prices: [price(1e9), price(1e300), price(9_999_999), price(0), price(-2), price(2.1)] }));
    expect(admitted.prices).toEqual([price(2.1)]);
    expect(rejected).toEqual([
      { kind: 'implausible', reason: 'median price of h100-sxm-80gb above $100 per GPU-hour', count: 3 },
      { kind: 'implausible', reason: 'median price of h100-sxm-80gb below $0.005 per GPU-hour', count: 2 },
    ]);
  });

  it('rejects free above claimed and rentable above free within one snapshot, keeping the larger figure', () => {
    const { admitted, rejected } = screenFigures(
      snapshot({
        supply: [
          { gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: 453 },
          { gpuModel: 'all', status: 'free', unit: 'gpus', quantity: 100_000 },
          { gpuModel: 'h100-sxm-80gb', status: 'free', unit: 'gpus', quantity: 8 },
          { gpuModel: 'h100-sxm-80gb', status: 'rentable', unit: 'gpus', quantity: 9 },
          // Another unit is another figure: nodes never bound GPUs.
          { gpuModel: 'all', status: 'claimed', unit: 'nodes', quantity: 10 },
        ],
      }),
    );
    expect(admitted.supply.map((p) => `${p.gpuModel} ${p.status} ${p.unit}`)).toEqual(['all claimed gpus', 'h100-sxm-80gb free gpus', 'all claimed nodes']);
    expect(rejected.map((r) => r.reason)).toEqual(['free gpus exceeds claimed in the same snapshot', 'rentable h100-sxm-80gb gpus exceeds free in the same snapshot']);
  });

  it('fails a parse whose every figure is rejected, and passes token feeds and clean parses untouched', () => {
    const all = admitFigures({ ok: true, value: snapshot({ prices: [price(1e9)] }) });
    expect(all).toEqual({ ok: false, error: 'every figure rejected as implausible: median price of h100-sxm-80gb above $100 per GPU-hour' });
    const clean = { ok: true as const, value: snapshot({ prices: [price(2)] }) };
    expect(admitFigures(clean)).toBe(clean);
    const tokens = { ok: true as const, value: snapshot({ tokenPrices: [{ symbol: 'AKT', usd: 3 }] }) };
    expect(admitFigures(tokens)).toBe(tokens);
  });

  it('keeps the parser’s own rejected records beside the implausible ones', () => {
    const result = admitFigures({
      ok: true,
      value: snapshot({ prices: [price(2), price(1e9)], rejected: [{ kind: 'record', reason: 'machine record without a GPU name', count: 2 }] }),
    });
    expect(result.ok && result.value.rejected).toEqual([
      { kind: 'record', reason: 'machine record without a GPU name', count: 2 },
      { kind: 'implausible', reason: 'median price of h100-sxm-80gb above $100 per GPU-hour', count: 1 },
    ]);
  });
});

const MARKET = '/v1/io-explorer/network/market-snapshot';
const row = (id: number, hardware_name: string, total: number, idle: number, price: number) => ({
  id,
  hardware_name,
  type: 'GPU',
  total,
  idle,
  hired: Math.max(0, total - idle),
  price,
  caas_price: price,
});

describe.each(testDatabaseKinds())('implausible figures through the store path on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
  const pass = (minute: number) =>
    runScrapePass(handle.db, {
      targets: [ionetMarketSnapshot],
      at: at(minute),
      environment: server.environment(),
      attempts: 1,
      rateLimiter: noRateLimit,
      force: true,
    });

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, [ionetMarketSnapshot]);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('stores the plausible figures, counts the rest on the run, and charts none of them', async () => {
    const payload = {
      status: 'succeeded',
      data: [
        row(1, 'NVIDIA H100 80GB HBM3', Number.MAX_SAFE_INTEGER, 3, 2.19),
        row(2, 'NVIDIA A100-SXM4-80GB', 10, 9, 1e9),
        row(3, 'NVIDIA GeForce RTX 4090', 50, 20, 0.35),
      ],
    };
    server.setOverride({ network: 'ionet', path: MARKET, body: JSON.stringify(payload) });
    // /metrics counts them too, by source and kind (per process: both databases run in this file).
    const rejectedCount = async () =>
      (await metrics().figuresRejected.get()).values.find((v) => v.labels.source === ionetMarketSnapshot.id && v.labels.kind === 'implausible')?.value ?? 0;
    const countedBefore = await rejectedCount();
    const [outcome] = await pass(0);
    expect(outcome?.outcome).toBe('ok');
    expect((await rejectedCount()) - countedBefore).toBe(5);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, outcome?.runId ?? -1));
    expect(run?.rejections?.map((r) => r.reason).sort()).toEqual([
      'claimed gpus above 2,000,000',
      'claimed h100-sxm-80gb gpus above 2,000,000',
      'median price of a100-sxm-80gb above $100 per GPU-hour',
      'min price of a100-sxm-80gb above $100 per GPU-hour',
      'p25 price of a100-sxm-80gb above $100 per GPU-hour',
    ]);

    const supply = await handle.db.select().from(supplyPoints).where(eq(supplyPoints.scrapeRunId, run?.id ?? -1));
    expect(supply.some((p) => p.quantity > MAX_COUNT.claimed.gpus)).toBe(false);
    expect(supply.find((p) => p.gpuModel === 'rtx-4090' && p.status === 'claimed')?.quantity).toBe(50);
    const prices = await handle.db.select().from(pricePoints).where(eq(pricePoints.scrapeRunId, run?.id ?? -1));
    expect(prices.every((p) => p.usdPerGpuHour <= MAX_USD_PER_GPU_HOUR)).toBe(true);
    expect(prices.some((p) => p.gpuModel === 'rtx-4090')).toBe(true);
    const rollups = await handle.db.select().from(seriesRollups).where(eq(seriesRollups.sourceId, ionetMarketSnapshot.id));
    expect(rollups.every((r) => r.max <= MAX_COUNT.claimed.gpus)).toBe(true);

    // /status lists each reason with the run behind it.
    const listed = await readRejections(handle.db, at(-60));
    expect(listed.find((r) => r.reason === 'claimed gpus above 2,000,000')).toMatchObject({
      sourceId: ionetMarketSnapshot.id,
      kind: 'implausible',
      runs: 1,
      total: 1,
      lastRunId: run?.id,
    });
    expect(listed).toHaveLength(5);
  });

  it('fails a run whose every figure is implausible, with the reasons, and stores no point', async () => {
    const payload = { status: 'succeeded', data: [row(1, 'NVIDIA H100 80GB HBM3', 3_000_000, 2_500_000, 1e9)] };
    server.setOverride({ network: 'ionet', path: MARKET, body: JSON.stringify(payload) });
    const [outcome] = await pass(10);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.detail).toMatch(/^every figure rejected as implausible: claimed gpus above 2,000,000/);
    const points = await handle.db
      .select()
      .from(supplyPoints)
      .where(and(eq(supplyPoints.sourceId, ionetMarketSnapshot.id), eq(supplyPoints.observedAt, at(10))));
    expect(points).toEqual([]);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, outcome?.runId ?? -1));
    expect(run?.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is reproduced by rebuild: the same bounds on the same bytes leave nothing to change', async () => {
    const plan = await planRebuild(handle.db, [ionetMarketSnapshot]);
    expect(plan.sources.map((s) => [s.sourceId, s.runsExamined, s.runsToWrite, s.added + s.changed + s.removed])).toEqual([
      [ionetMarketSnapshot.id, 2, 0, 0],
    ]);
  });
});
