/**
 * CSV downloads, read back with a real CSV parser and compared value by value with the JSON of
 * the same request; and a formula hidden in a GPU name travels the whole path, from a recorded
 * payload through parse and storage to the download, and arrives neutralised.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { useDatabase } from '../db';
import { runScrapePass } from '../ingest/scrape-pass';
import { noRateLimit } from '../ingest/rate-limiter';
import { syncRegistry } from '../ingest/sync-registry';
import { akashGpuPrices } from '../sources/akash';
import { ionetMarketSnapshot } from '../sources/ionet';
import type { SupplyResponse } from './responses';
import { currentTimeMs } from '../clock';

const HOUR = 3_600_000;
const noContext = { params: Promise.resolve({}) };
const FORMULA = '=HYPERLINK("http://evil.example","click")';

describe.each(testDatabaseKinds())('CSV export on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    useDatabase(handle);
    await syncRegistry(handle.db, [akashGpuPrices, ionetMarketSnapshot]);
    const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;
    const pass = (at: number) =>
      runScrapePass(handle.db, {
        targets: [akashGpuPrices, ionetMarketSnapshot],
        at: new Date(at),
        environment: server.environment(),
        attempts: 1,
        rateLimiter: noRateLimit,
      });
    await pass(thisHour - 3 * HOUR + 60_000);
    // A GPU name that is a spreadsheet formula, as a hostile or careless upstream might send.
    const payload = {
      status: 'succeeded',
      data: [{ id: 999, hardware_name: FORMULA, type: 'GPU', total: 5, idle: 2, hired: 3, price: 0.6, caas_price: 0.6 }],
    };
    server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network/market-snapshot', body: JSON.stringify(payload) });
    await pass(thisHour - 2 * HOUR + 60_000);
    server.clearOverrides();
    await pass(thisHour - HOUR + 60_000);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => getSupply(new Request(`http://localhost${path}`, { headers }), noContext);

  it('matches the JSON value by value, with units, UTC times and snapshot hashes', async () => {
    const json = (await (await get('/api/v1/supply?network=akash&status=claimed,rentable&range=24h')).json()) as SupplyResponse;
    const response = await get('/api/v1/supply?network=akash&status=claimed,rentable&range=24h&format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="rentable-supply-akash-all-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-hour\.csv"$/);
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const observed = json.series.flatMap((s) =>
      s.points.filter((p) => p.value !== null).map((p) => ({ at: p.at, source: s.sourceId, metric: s.metric, value: p.value, runId: p.runId })),
    );
    expect(observed.length).toBeGreaterThan(0);
    for (const point of observed) {
      const row = records.find((r) => r.time_utc === point.at && r.source_id === point.source && r.metric === point.metric);
      expect(row, `${point.at} ${point.metric}`).toBeDefined();
      expect(Number(row?.value)).toBe(point.value);
      expect(row?.unit).toBe('gpus');
      expect(Number(row?.scrape_run_id)).toBe(point.runId);
      expect(row?.snapshot_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.time_utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/);
    }
  });

  it('neutralises a formula that came in as a GPU name, end to end', async () => {
    const response = await get(`/api/v1/supply?network=ionet&status=claimed&range=24h&format=csv&model=${encodeURIComponent(`unknown:${FORMULA}`)}`);
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.gpu_model_label?.startsWith("'")).toBe(true);
      expect(record.gpu_model_label).toContain('HYPERLINK');
    }
  });

  it('answers 304 to a matching If-None-Match, for JSON and CSV', async () => {
    for (const suffix of ['', '&format=csv']) {
      const first = await get(`/api/v1/supply?network=akash&range=24h${suffix}`);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/"/);
      expect(first.headers.get('cache-control')).toContain('max-age=');
      const again = await get(`/api/v1/supply?network=akash&range=24h${suffix}`, { 'if-none-match': etag ?? '' });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('exports prices as CSV with the unit per row', async () => {
    const response = await getPrices(new Request('http://localhost/api/v1/prices?model=h100-sxm-80gb&network=akash&range=24h&format=csv'), noContext);
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const medians = records.filter((r) => r.metric === 'price_median' && r.source_id === 'akash-gpu-prices' && r.value !== '');
    expect(medians.length).toBe(3);
    expect(medians.every((r) => r.unit === 'usd_per_gpu_hour' && Number(r.value) === 2.56)).toBe(true);
  });

  it('refuses an unknown format by name', async () => {
    const response = await get('/api/v1/supply?network=akash&format=xlsx');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('format');
  });
});
