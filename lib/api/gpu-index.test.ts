/**
 * The GPU index on replayed history, through the real path (recorded payloads → fetch → parse →
 * store → rollups): /api/v1/index as JSON, its CSV and the index embed's data agree value for
 * value; pinned values ignore later runs; every value opens the quotes, runs and snapshots
 * behind it; invalid parameters are 400s naming them.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { GET as getIndex } from '@/app/api/v1/index/route';
import { GET as getEvidence } from '@/app/api/v1/index/evidence/route';
import { loadIndexEmbed } from '@/app/embed/index/data';
import { GPU_INDEX_METHODOLOGY, median } from '../analytics/gpu-index';
import { indexChart, INDEX_LINE_KEY } from '../charts/gpu-index';
import { parseEmbedParams } from '../embed/params';
import { currentTime } from '../clock';
import { apiNow } from './route';
import { indexValuesFromSeries, readIndexMoves, readIndexValues } from '../queries/gpu-index';
import { readSeries } from '../queries/series';
import { runScrapePass } from '../ingest/scrape-pass';
import { noRateLimit } from '../ingest/rate-limiter';
import { SCRAPE_TARGETS } from '../sources/registry';
import { INDEX_CSV_HEADER, type IndexEvidenceResponse, type IndexResponse } from './gpu-index';

const ORIGIN = 'http://rentable.test';
const HOUR = 3_600_000;
const MODEL = 'h100-sxm-80gb';

const get = (handler: (request: Request, context: never) => Promise<Response>, path: string) => handler(new Request(new URL(path, ORIGIN)), {} as never);

describe.each(testDatabaseKinds())('the GPU index on replayed history on $name', (kind) => {
  let handle: DatabaseHandle;
  let close: SeededDatabase['close'] | undefined;
  let server: SeededDatabase['server'];
  let json: IndexResponse;
  /** After the replay, before the pass the pinned test adds. */
  let seededAt: Date;

  beforeAll(async () => {
    // Four hourly passes of every source, a minute past each hour, before the current one.
    const seeded = await seedReplayedDatabase(kind, { replay: { lastHours: 4, recordingsFrom: new Date('2026-11-01T00:00:00Z') }, useAsProcessDatabase: true });
    ({ handle, close, server } = seeded);
    seededAt = currentTime();
    const response = await get(getIndex, `/api/v1/index?model=${MODEL}&range=24h`);
    expect(response.status).toBe(200);
    json = (await response.json()) as IndexResponse;
  }, 180_000);
  afterAll(() => close?.());

  const h100 = () => json.models.find((m) => m.model === MODEL)!;

  it('carries the AWS price into a window as a read of every day of the lookback does', async () => {
    const now = Math.floor(currentTime().getTime() / HOUR) * HOUR;
    const windows = [
      { from: new Date(now - 24 * HOUR), to: new Date(now + HOUR), resolution: 'hour' as const },
      { from: new Date(now - 2 * HOUR), to: new Date(now + HOUR), resolution: 'hour' as const },
      { from: new Date(now - 30 * 24 * HOUR), to: new Date(now + HOUR), resolution: 'day' as const },
    ];
    for (const window of windows) {
      const values = await readIndexValues(handle.db, MODEL, window);
      const series = await readSeries(handle.db, { gpuModel: MODEL, metrics: ['rentable', 'price_min', 'price_p25', 'price_median'], ...window });
      const everyDay = await readSeries(handle.db, { gpuModel: MODEL, networkSlug: 'aws', metrics: ['price_median'], from: new Date(window.from.getTime() - 400 * 24 * HOUR), to: window.from, resolution: 'day' });
      expect(values).toEqual(indexValuesFromSeries(MODEL, window, series, everyDay));
      expect(values.some((v) => v.aws !== null && v.aws.usdPerGpuHour > 0)).toBe(true);
    }
  });

  const published = () => h100().values.filter((v) => v.published);

  it('publishes H100 SXM from at least 3 DePIN networks, cheaper than AWS, with the methodology and age on every value', () => {
    expect(published().length).toBeGreaterThanOrEqual(4);
    for (const v of h100().values) {
      expect(v.methodology).toBe(GPU_INDEX_METHODOLOGY);
      if (v.published) {
        expect(v.networks).toBeGreaterThanOrEqual(3);
        expect(v.contributingNetworks).toHaveLength(v.networks);
        expect(v.asOf).not.toBeNull();
        expect(v.ageMinutes).toEqual(expect.any(Number));
        expect(v.vsAwsPercent).toBeLessThan(0);
        // Vast.ai is beside the index, never one of its networks.
        expect(v.contributingNetworks).not.toContain('vastai');
        expect(v.contributingNetworks).not.toContain('aws');
      } else {
        expect(v.usdPerGpuHour).toBeNull();
        expect(v.reason).toMatch(/\w/);
      }
    }
    const headline = h100().headline.current;
    expect(headline?.published).toBe(true);
    expect(headline?.aws?.usdPerGpuHour).toBeGreaterThan(headline?.usdPerGpuHour ?? Infinity);
    // The figures the closing note quotes, as this replay computes them.
    const latest = published().at(-1)!;
    console.log(
      `H100 SXM 80GB index ${latest.at}: $${latest.usdPerGpuHour?.toFixed(4)}/GPU-h vs AWS $${latest.aws?.usdPerGpuHour.toFixed(4)} ` +
        `(${latest.vsAwsPercent?.toFixed(1)}%), ${latest.networks} networks (${latest.contributingNetworks.join(', ')}), depth ≥ ${latest.depthGpus} GPUs, Vast.ai $${latest.vastai?.usdPerGpuHour.toFixed(4)}`,
    );
  });

  it('agrees with its CSV value for value, unpublished buckets included', async () => {
    const response = await get(getIndex, `/api/v1/index?model=${MODEL}&range=24h&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await response.text(), { columns: true }) as Record<(typeof INDEX_CSV_HEADER)[number], string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...INDEX_CSV_HEADER]);
    const values = h100().values;
    expect(rows).toHaveLength(values.length);
    const num = (cell: string | undefined) => (cell === undefined || cell === '' ? null : Number(cell));
    values.forEach((v, i) => {
      const row = rows[i]!;
      expect(row.bucket_start_utc).toBe(v.at);
      expect(row.methodology).toBe(v.methodology);
      expect(row.published).toBe(String(v.published));
      expect(num(row.index_usd_per_gpu_hour)).toBe(v.usdPerGpuHour);
      expect(num(row.networks)).toBe(v.networks);
      expect(num(row.depth_gpus)).toBe(v.depthGpus);
      expect(num(row.aws_usd_per_gpu_hour)).toBe(v.aws?.usdPerGpuHour ?? null);
      expect(num(row.vastai_usd_per_gpu_hour)).toBe(v.vastai?.usdPerGpuHour ?? null);
      expect(num(row.vs_aws_percent)).toBe(v.vsAwsPercent);
      expect(row.contributing_networks).toBe(v.contributingNetworks.join(' '));
      expect(row.as_of_utc || null).toBe(v.asOf);
      expect(row.unpublished_reason || null).toBe(v.reason);
    });
  });

  it('agrees with the index embed value for value, live and pinned at now', async () => {
    const now = apiNow();
    const live = await loadIndexEmbed(handle.db, parseEmbedParams('index', new URLSearchParams(`model=${MODEL}&range=24h`), currentTime()), now);
    const pinned = await loadIndexEmbed(handle.db, parseEmbedParams('index', new URLSearchParams(`model=${MODEL}&range=24h&at=${seededAt.toISOString()}`), currentTime()), now);
    for (const body of [live, pinned]) {
      const chart = indexChart(body.models[0]!);
      const byAt = new Map(chart.rows.map((r) => [r.at, r]));
      for (const v of h100().values) {
        const row = byAt.get(v.at);
        // Leading buckets before any line has a value are not drawn at all.
        if (!row) {
          expect(v.usdPerGpuHour).toBeNull();
          continue;
        }
        expect(row[INDEX_LINE_KEY] ?? null).toBe(v.usdPerGpuHour);
        expect(row.aws ?? null).toBe(v.aws?.usdPerGpuHour ?? null);
        expect(row.vastai ?? null).toBe(v.vastai?.usdPerGpuHour ?? null);
      }
    }
    const pinnedByAt = new Map(pinned.models[0]!.values.map((v) => [v.at, v.usdPerGpuHour]));
    for (const v of h100().values) if (pinnedByAt.has(v.at)) expect(pinnedByAt.get(v.at)).toBe(v.usdPerGpuHour);
  });

  it('opens every quote behind a value: network, source, price, GPUs, listings, run and raw snapshot', async () => {
    const latest = published().at(-1)!;
    const response = await get(getEvidence, `/api/v1/index/evidence?model=${MODEL}&at=${latest.at}&resolution=hour`);
    expect(response.status).toBe(200);
    const evidence = (await response.json()) as IndexEvidenceResponse;
    expect(evidence.value.usdPerGpuHour).toBe(latest.usdPerGpuHour);
    const kept = evidence.quotes.filter((q) => !q.outlier);
    expect([...new Set(kept.map((q) => q.networkSlug))].sort()).toEqual([...latest.contributingNetworks].sort());
    for (const quote of evidence.quotes) {
      expect(quote.rentableGpus).toBeGreaterThan(0);
      expect(quote.runId).toEqual(expect.any(Number));
      expect(quote.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(quote.rawUrl).toBe(`/api/v1/snapshots/${quote.snapshotSha256}`);
      // Akash publishes statistics of bids without their count: null, never a guess.
      if (quote.listings !== null) expect(quote.listings).toBeGreaterThan(0);
    }
    expect(evidence.quotes.some((q) => q.listings !== null)).toBe(true);
    // The value recomputed from the quotes alone: the median of the networks' medians.
    const networks = [...new Set(kept.map((q) => q.networkSlug))].map((n) => median(kept.filter((q) => q.networkSlug === n).map((q) => q.medianUsdPerGpuHour))!);
    expect(median(networks)).toBe(latest.usdPerGpuHour);
  });

  it('lists the moves between consecutive published values for the feeds, beyond a threshold', async () => {
    const values = published();
    const from = new Date(values[0]!.at);
    const to = new Date(Date.parse(values.at(-1)!.at) + HOUR);
    const all = await readIndexMoves(handle.db, { model: MODEL, from, to, resolution: 'hour', thresholdPercent: 0 });
    // Every step between published values is a move at threshold 0; the first value's own step reaches back one bucket.
    const steps = values.slice(1).map((v, i) => [values[i]!.usdPerGpuHour, v.usdPerGpuHour]);
    expect(all.slice(-steps.length).map((m) => [m.fromUsdPerGpuHour, m.toUsdPerGpuHour])).toEqual(steps);
    for (const move of all) expect(move.methodology).toBe(GPU_INDEX_METHODOLOGY);
    const big = await readIndexMoves(handle.db, { model: MODEL, from, to, resolution: 'hour', thresholdPercent: 1_000 });
    expect(big).toEqual([]);
  });

  it('answers a bad parameter with a 400 naming it', async () => {
    const cases: [string, string][] = [
      ['/api/v1/index?model=h100', 'model'],
      ['/api/v1/index?model=h100-sxm-80gb&at=2099-01-01T00:00:00Z', 'at'],
      ['/api/v1/index?range=30d&resolution=hour', 'resolution'],
      ['/api/v1/index?format=xml', 'format'],
      ['/api/v1/index?modle=h100-sxm-80gb', 'modle'],
      ['/api/v1/index/evidence?model=h100-sxm-80gb', 'at'],
    ];
    for (const [path, param] of cases) {
      const response = await get(path.includes('evidence') ? getEvidence : getIndex, path);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { param: string } }).error.param, path).toBe(param);
    }
  });

  // Last: it adds a scrape pass.
  it('pinned, leaves out what was stored after its instant; live, shows it', async () => {
    const before = seededAt.toISOString();
    await runScrapePass(handle.db, { targets: SCRAPE_TARGETS, at: currentTime(), environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
    const thisHour = new Date(Math.floor(currentTime().getTime() / HOUR) * HOUR).toISOString();
    const read = async (query: string) => ((await (await get(getIndex, `/api/v1/index?model=${MODEL}&range=24h${query}`)).json()) as IndexResponse).models[0]!.values;
    const live = await read('');
    const pinned = await read(`&at=${before}`);
    expect(live.find((v) => v.at === thisHour)?.published).toBe(true);
    expect(pinned.find((v) => v.at === thisHour)?.published ?? false).toBe(false);
    const original = new Map(h100().values.map((v) => [v.at, v.usdPerGpuHour]));
    for (const v of pinned) if (original.has(v.at)) expect(v.usdPerGpuHour).toBe(original.get(v.at));
  });
});
