/**
 * Bounded work (issue 10, item 1), through the real handlers over three weeks of replayed
 * scrapes: no series has more than MAX_BUCKETS buckets, an explicit resolution past the cap is a
 * 400 naming `resolution` with the longest span it allows, auto steps to coarser buckets on long
 * spans, and every window starts no earlier than the first stored observation. The stall URLs of
 * the issue (range=all or a 2024 custom range at resolution=hour) are among them.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { GET as getDownload } from '@/app/api/v1/download/route';
import { GET as getFlags } from '@/app/api/v1/flags/route';
import { GET as getModelSupply } from '@/app/api/v1/model-supply/route';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getReality } from '@/app/api/v1/reality/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { pageParamError } from '@/app/page-params';
import { MAX_BUCKETS } from '../buckets';
import { currentTimeMs } from '../clock';
import { readSeries, type Series } from '../queries/series';
import { readFirstObservation, totalsScope } from '../queries/window';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu } from '../sources/aws';
import { ionetMarketSnapshot } from '../sources/ionet';
import { InvalidParameterError } from '../view-state';
import { MAX_DOWNLOAD_ROWS } from './download';
import type { WindowInfo } from './responses';
import { checkRowCap, MAX_CSV_ROWS, seriesCsv } from './series-csv';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const noContext = { params: Promise.resolve({}) };
const targets = [akashGpuPrices, akashNetworkCapacity, awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu, ionetMarketSnapshot];
// Three weeks of passes, every 12 hours, ending an hour ago: data starts well after 2024.
const to = new Date(Math.floor(currentTimeMs() / HOUR) * HOUR - HOUR);
const from = new Date(to.getTime() - 20 * DAY);
const dayOf = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY).toISOString();
/** A custom range from 2024 to a date every clock the suite runs under accepts. */
const SINCE_2024 = 'range=custom&from=2024-01-01&to=2026-11-01';

function call(handler: (request: Request, context: typeof noContext) => Promise<Response>, path: string) {
  return handler(new Request(`http://localhost${path}`), noContext);
}

async function refusal(response: Response): Promise<{ code: string; message: string; param?: string }> {
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { code: string; message: string; param?: string } }).error;
}

const longest = (series: readonly Series[]) => Math.max(0, ...series.map((s) => s.points.length));

describe.each(testDatabaseKinds())('bounded work on $name', (kind) => {
  let seeded: SeededDatabase | undefined;
  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, {
      useAsProcessDatabase: true,
      targets,
      history: [],
      replay: { from, to, stepMs: 12 * HOUR, recordingsFrom: from },
    });
  }, 180_000);
  afterAll(() => seeded?.close());

  it('refuses the stall URLs at resolution=hour with a 400 naming resolution and the longest span allowed', async () => {
    for (const [handler, path] of [
      [getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&range=all&resolution=hour'],
      [getSupply, `/api/v1/supply?network=ionet&${SINCE_2024}&resolution=hour`],
      [getPrices, `/api/v1/prices?model=h100-sxm-80gb&${SINCE_2024}&resolution=hour`],
      [getDownload, `/api/v1/download?network=ionet&${SINCE_2024}&resolution=hour`],
      [getReality, '/api/v1/reality?range=all&resolution=hour'],
      [getFlags, '/api/v1/flags?range=all&resolution=hour'],
    ] as const) {
      const error = await refusal(await call(handler, path));
      expect(error.param, path).toBe('resolution');
      expect(error.message, path).toBe('resolution: hour allows at most 41 days (1,000 buckets a series); use day, or a shorter range');
    }
    expect((await refusal(await call(getSupply, '/api/v1/supply?network=akash&range=all&resolution=day'))).message).toContain('day allows at most 999 days');
    // Pages answer the same links with a 400 page (proxy.ts), naming the same parameter.
    for (const page of ['/compare', '/networks/ionet', '/flags']) {
      const error = pageParamError(page, new URLSearchParams(`model=h100-sxm-80gb&${SINCE_2024}&resolution=hour`));
      expect(error, page).toBeInstanceOf(InvalidParameterError);
      expect(error?.param).toBe('resolution');
    }
    expect(pageParamError('/compare', new URLSearchParams('model=h100-sxm-80gb&range=all&resolution=week'))).toBeNull();
  });

  it('clips range=all and a 2024 custom range to the day of the scope\'s first observation, and says so', async () => {
    // The committed claims ledger dates some network totals back to 2024; a GPU model's figures start with the replay.
    const scope = { networks: ['akash'], metrics: ['rentable'] as const, gpuModel: 'h100-sxm-80gb' };
    expect((await readFirstObservation(seeded!.handle.db, scope))?.toISOString()).toBe(dayOf(from));
    expect(await readFirstObservation(seeded!.handle.db, { ...scope, gpuModel: 'no-such-model' })).toBeNull();
    for (const [handler, path] of [
      [getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&range=all'],
      [getModelSupply, `/api/v1/model-supply?model=h100-sxm-80gb&${SINCE_2024.replace('2026-11-01', to.toISOString())}`],
      [getSupply, '/api/v1/supply?network=akash&model=h100-sxm-80gb&range=all'],
    ] as const) {
      const response = await call(handler, path);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { window: WindowInfo; series: Series[] };
      expect(body.window.from).toBe(dayOf(from));
      expect(body.window.requestedFrom).toBe('2024-01-01T00:00:00.000Z');
      // Auto keeps the resolution of the span asked for (weeks): three weeks of data are at most four buckets.
      expect(body.window.resolution).toBe('week');
      expect(longest(body.series)).toBeLessThanOrEqual(4);
      expect(body.series.length).toBeGreaterThan(0);
    }
    // Prices bring the AWS line along, and the committed AWS reference table is dated from 2025: the window starts there, weekly.
    const prices = (await (await call(getPrices, '/api/v1/prices?model=h100-sxm-80gb&network=akash&range=all')).json()) as { window: WindowInfo; series: Series[] };
    const awsFirst = await readFirstObservation(seeded!.handle.db, { networks: ['akash', 'aws'], metrics: ['price_min', 'price_median'], gpuModel: 'h100-sxm-80gb' });
    expect(awsFirst!.getTime()).toBeLessThan(from.getTime());
    expect(prices.window).toMatchObject({ from: awsFirst!.toISOString(), requestedFrom: '2024-01-01T00:00:00.000Z', resolution: 'week' });
    expect(longest(prices.series)).toBeLessThanOrEqual(100);
    // A window inside the data is served as asked.
    const week = (await (await call(getModelSupply, '/api/v1/model-supply?model=h100-sxm-80gb&range=7d')).json()) as { window: WindowInfo };
    expect(week.window.requestedFrom).toBeUndefined();
    expect(week.window.resolution).toBe('hour');
  });

  it('serves long spans at week and month, each bucket the last daily observation in it', async () => {
    for (const resolution of ['week', 'month'] as const) {
      const response = await call(getSupply, `/api/v1/supply?network=akash&model=h100-sxm-80gb&range=all&resolution=${resolution}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { window: WindowInfo; series: Series[] };
      expect(body.window.resolution).toBe(resolution);
      expect(longest(body.series)).toBeLessThanOrEqual(resolution === 'week' ? 4 : 2);
      const daily = await readSeries(seeded!.handle.db, {
        networkSlug: 'akash',
        gpuModel: 'h100-sxm-80gb',
        metrics: ['claimed', 'free', 'rentable'],
        from: new Date(body.window.from),
        to: new Date(body.window.to),
        resolution: 'day',
      });
      for (const series of body.series) {
        const days = daily.find((d) => d.sourceId === series.sourceId && d.metric === series.metric && d.unit === series.unit)!;
        for (const bucket of series.points) {
          const end = series.points[series.points.indexOf(bucket) + 1]?.at ?? body.window.to;
          const inBucket = days.points.filter((p) => p.at >= bucket.at && p.at < end && p.value !== null);
          expect(bucket.samples).toBe(inBucket.reduce((sum, p) => sum + p.samples, 0));
          const lastDay = inBucket.at(-1);
          expect(bucket.value).toBe(lastDay?.value ?? null);
          expect(bucket.runId).toBe(lastDay?.runId ?? null);
          expect(bucket.observedAt).toBe(lastDay?.observedAt ?? null);
        }
      }
    }
  });

  it('keeps every series of every endpoint within MAX_BUCKETS, at the finest resolution each span allows', async () => {
    const hourly = `range=custom&from=${new Date(to.getTime() - 41 * DAY).toISOString()}&to=${to.toISOString()}&resolution=hour`;
    for (const [handler, path] of [
      [getSupply, `/api/v1/supply?network=ionet&${hourly}&compare=1`],
      [getModelSupply, `/api/v1/model-supply?model=h100-sxm-80gb&${hourly}`],
      [getPrices, `/api/v1/prices?model=h100-sxm-80gb&${hourly}`],
      [getPrices, '/api/v1/prices?model=h100-sxm-80gb&range=all&resolution=week'],
    ] as const) {
      const response = await call(handler, path);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { series: Series[]; previous: Series[] | null };
      expect(longest([...body.series, ...(body.previous ?? [])]), path).toBeLessThanOrEqual(MAX_BUCKETS);
    }
    // The analytics of range=all: weekly from the ledger's first dated total, a few hundred buckets at most.
    const reality = await call(getReality, '/api/v1/reality?range=all');
    expect(reality.status).toBe(200);
    const body = (await reality.json()) as { window: WindowInfo; series: { points: unknown[] }[] };
    const first = await readFirstObservation(seeded!.handle.db, totalsScope());
    expect(body.window.from).toBe(first && first > new Date('2024-01-01') ? first.toISOString() : '2024-01-01T00:00:00.000Z');
    expect(Math.max(...body.series.map((s) => s.points.length))).toBeLessThanOrEqual(400);
  });

  it('downloads range=all as the clipped window, and caps CSV and zip rows with a 400 naming resolution', async () => {
    const response = await call(getDownload, '/api/v1/download?model=h100-sxm-80gb&range=all');
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as { view: { window: WindowInfo }; files: { name: string; window: WindowInfo }[] };
    expect(metadata.view.window).toMatchObject({ from: dayOf(from), requestedFrom: '2024-01-01T00:00:00.000Z', resolution: 'week' });
    expect(metadata.files.find((f) => f.name === 'prices.csv')?.window.resolution).toBe('week');
    expect(strFromU8(files['README.txt']!)).toMatch(/prices\.csv[^]*Window: [^]*weekly buckets/);
    // A view finer than the data's age: a 2024 custom range at day is refused for its span, at week it is served clipped.
    expect((await call(getDownload, `/api/v1/download?model=h100-sxm-80gb&${SINCE_2024}&resolution=day`)).status).toBe(400);
    expect(strFromU8(files['README.txt']!)).toContain('asked from 2024-01-01T00:00:00.000Z');

    // More series than any recorded source gives: 51 full series of MAX_BUCKETS buckets.
    const points = Array.from({ length: MAX_BUCKETS }, (_, i) => ({ at: new Date(i * HOUR).toISOString(), value: 1, samples: 1, runId: null, observedAt: null }));
    const many: Series[] = Array.from({ length: 51 }, (_, i) => ({ sourceId: `s${i}`, networkSlug: 'akash', gpuModel: 'all', metric: 'claimed', unit: 'gpus', points }));
    await expect(seriesCsv(seeded!.handle.db, many, [])).rejects.toThrow(
      'resolution: this CSV would hold 51,000 rows, more than the 50,000 one response may hold (rows are series × buckets); use a coarser resolution, or a shorter range',
    );
    expect(MAX_CSV_ROWS).toBe(50_000);
    expect(() => checkRowCap(MAX_DOWNLOAD_ROWS + 1, MAX_DOWNLOAD_ROWS, 'this download')).toThrow(/^resolution: this download would hold 100,001 rows/);
    expect(() => checkRowCap(MAX_DOWNLOAD_ROWS, MAX_DOWNLOAD_ROWS, 'this download')).not.toThrow();
  });
});
