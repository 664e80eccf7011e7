/**
 * `npx tsx scripts/bench-cold.ts <PGlite folder> [--statements]`: the cold cost of each page's
 * and endpoint's reads, called as the route calls them, on a kept history (scripts/bench-http.ts
 * leaves one in its BENCH_DATA_DIR). Each read runs 3 times in a row; the first is cold (PGlite's
 * buffers aside, nothing in this process caches), the median of the rest warm. With
 * --statements, the slowest SQL statements of each read are printed too. Figures, not assertions.
 */
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/client';
import { currentTime } from '../lib/clock';
import { INDEX_MODELS } from '../lib/analytics/gpu-index';
import { indexHeadlineBody, indexResponse, indexWindow } from '../lib/api/gpu-index';
import { buildDownload } from '../lib/api/download';
import { networksResponse, pricesResponse, supplyResponse } from '../lib/api/responses';
import { readFlags } from '../lib/queries/analytics';
import { thresholds } from '../lib/analytics/config';
import { readRejections, readUnknownGpuNames } from '../lib/queries/data-quality';
import { readSourceLeases, readSourceStatuses } from '../lib/queries/source-status';
import { readDeliveryLog } from '../lib/queries/events';
import { readLatestFigures } from '../lib/queries/latest';
import { readSeries } from '../lib/queries/series';
import { readNetworkLatestFigures, readNetworkModelSeries, readPriceModels } from '../lib/queries/network-page';
import { readNetworkSummaries } from '../lib/queries/network-summary';
import { modelIsKnown } from '../lib/queries/known-models';
import { readWindow } from '../lib/queries/window';
import { readLatestArchiveDay } from '../lib/queries/archives';
import { parseViewState, resolveWindow } from '../lib/view-state';
import { ALL_MODELS } from '../lib/vocabulary';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { statements: { type: 'boolean', default: false }, only: { type: 'string' } } });
const folder = positionals[0];
if (!folder) throw new Error('usage: tsx scripts/bench-cold.ts <PGlite folder> [--statements] [--only name]');

const handle = await openDatabase({ driver: 'pglite', dataDir: folder, thread: 'main' });
const db = handle.db;
// Times every statement the reads send, to name the slow ones.
const client = (db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
const statements: { ms: number; text: string }[] = [];
const query = client.query.bind(client);
// PGlite runs one statement at a time anyway: queued here, each is timed from its own start.
let queue: Promise<unknown> = Promise.resolve();
client.query = (...a: unknown[]) => {
  const run = queue.then(async () => {
    const t0 = performance.now();
    try {
      return await query(...a);
    } finally {
      statements.push({ ms: performance.now() - t0, text: String(a[0]).replace(/\s+/g, " ").slice(0, process.env.FULL ? 3000 : 240) + (process.env.FULL ? " " + JSON.stringify(a[1]) : "") });
    }
  });
  queue = run.catch(() => undefined);
  return run;
};

const now = currentTime();
const view = (params: Record<string, string>) => parseViewState(new URLSearchParams(params));

const reads: Record<string, (db: Database) => Promise<unknown>> = {
  'page /': async (db) => {
    const from = new Date(now.getTime() - 7 * 86_400_000);
    return Promise.all([
      networksResponse(db, now),
      readSeries(db, { sourceIds: ['akash-gpu-prices'], gpuModel: ALL_MODELS, metrics: ['claimed', 'free', 'rentable'], from, to: new Date(now.getTime() + 1), resolution: 'hour' }),
      readLatestFigures(db, 'akash-gpu-prices'),
      readSourceStatuses(db),
    ]);
  },
  'page /index': async (db) => {
    const v = view({});
    return Promise.all([
      indexResponse(db, { models: ['h100-sxm-80gb'], window: indexWindow(resolveWindow(v, now)), at: null, now }),
      Promise.all(INDEX_MODELS.map((m) => indexHeadlineBody(db, m, now))),
    ]);
  },
  'page /networks/ionet?model=h100-sxm-80gb': async (db) => {
    const v = view({ model: 'h100-sxm-80gb' });
    await readPriceModels(db, 'ionet');
    await modelIsKnown(db, v.model);
    const window = await readWindow(db, v, now);
    const totals = { ...v, model: ALL_MODELS };
    return Promise.all([
      supplyResponse(db, { network: 'ionet', statuses: ['claimed'], view: totals, now }),
      supplyResponse(db, { network: 'ionet', statuses: ['free', 'rentable'], view: totals, now }),
      pricesResponse(db, { network: 'ionet', view: v, now }),
      readNetworkModelSeries(db, { networkSlug: 'ionet', status: 'rentable', from: window.from, to: window.to, resolution: window.resolution }),
      readNetworkLatestFigures(db, 'ionet'),
      readNetworkLatestFigures(db, 'aws'),
      readNetworkSummaries(db, now),
      readFlags(db, window, thresholds(), 'ionet'),
    ]);
  },
  'page /status': async (db) =>
    Promise.all([readSourceStatuses(db, now), readUnknownGpuNames(db), readRejections(db, new Date(now.getTime() - 7 * 86_400_000)), readSourceLeases(db, now), readDeliveryLog(db, 50)]),
  'page /docs/api': async (db) => Promise.all([networksResponse(db), readLatestArchiveDay(db)]),
  'api /api/v1/networks': async (db) => networksResponse(db, now),
  'download ionet 30d': async (db) => buildDownload(db, { network: 'ionet', model: null, view: view({ range: '30d' }) } as never, { origin: 'http://x', now }),
  'download ionet all': async (db) => buildDownload(db, { network: 'ionet', model: null, view: view({ range: 'all' }) } as never, { origin: 'http://x', now }),
  'flags alone ionet all (the download reads them)': async (db) => readFlags(db, await readWindow(db, view({ range: 'all' }), now), thresholds(), 'ionet'),
  'flags alone all networks 1y': async (db) => readFlags(db, await readWindow(db, view({ range: '1y' }), now), thresholds(), undefined),
  // The largest a zip gets: the most series (a model across every network) at the most buckets (1,000 hours).
  'download h100 all networks, 1,000 hours': async (db) => {
    const from = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 999 * 3_600_000);
    return buildDownload(db, { network: null, model: 'h100-sxm-80gb', view: view({ range: 'custom', from: from.toISOString(), to: now.toISOString(), resolution: 'hour', model: 'h100-sxm-80gb' }) } as never, { origin: 'http://x', now });
  },
  'flags alone all networks, 1,000 hours': async (db) => {
    const from = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 999 * 3_600_000);
    return readFlags(db, await readWindow(db, view({ range: 'custom', from: from.toISOString(), to: now.toISOString(), resolution: 'hour' }), now), thresholds(), undefined);
  },
  'download h100 all networks 1y': async (db) => buildDownload(db, { network: null, model: 'h100-sxm-80gb', view: view({ range: '1y', model: 'h100-sxm-80gb' }) } as never, { origin: 'http://x', now }),
};

for (const [name, read] of Object.entries(reads)) {
  if (args.only && !name.includes(args.only)) continue;
  const times: number[] = [];
  let slow: { ms: number; text: string }[] = [];
  let peak = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    statements.length = 0;
    // Peak heap (and buffers) over what was live before: sampled, so a lower bound of what the read holds at once.
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage();
    const baseline = base.heapUsed + base.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - baseline);
    }, 5);
    const t0 = performance.now();
    const result = await read(db);
    times.push(performance.now() - t0);
    clearInterval(sampler);
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers - baseline);
    if (result && typeof result === 'object' && 'bytes' in result) bytes = (result as { bytes: Uint8Array }).bytes.byteLength;
    if (i === 0) slow = [...statements].sort((a, b) => b.ms - a.ms).slice(0, 6);
  }
  const warm = [...times.slice(1)].sort((a, b) => a - b)[0] ?? 0;
  console.log(`${name.padEnd(46)} cold ${times[0]!.toFixed(0).padStart(6)} ms   warm ${warm.toFixed(0).padStart(6)} ms   statements ${statements.length}   peak +${(peak / 1e6).toFixed(0)} MB${bytes ? `   zip ${(bytes / 1e6).toFixed(2)} MB` : ''}`);
  if (args.statements) for (const s of slow) console.log(`      ${s.ms.toFixed(0).padStart(6)} ms  ${s.text}`);
}
await handle.close();
