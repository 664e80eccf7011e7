/**
 * `npm run bench:http [-- --quick] [-- --db pglite|postgres|both] [-- --only latency]`: the
 * production server (`next start` on the build `npm run build` made; this script never builds)
 * on a history of the real shape (scripts/bench-history.ts: a year, or 30 days with --quick),
 * timed over HTTP:
 *   - every API endpoint at each range, every page, every embed: status, bytes, p50/p95 cold
 *     (the first answer after the data version or the minute changed, when the server computes
 *     it: one sample a round, a round a minute) and warm (the cached answer), and requests per
 *     second at 16 connections (autocannon);
 *   - a file of the build's static folder, the same way: the floor no page can go under;
 *   - the latency of cheap requests, idle and while heavy ones (uncached downloads) run in a
 *     loop: what PGlite in the web server's thread used to cost everyone (issue 10);
 *   - bytes of HTML and of JavaScript each page and embed sends.
 * Figures, not assertions; not part of CI.
 *
 *   npm run build && npm run bench:http -- --quick
 *   BENCH_DATA_DIR=./data/bench-http npm run bench:http     (kept PGlite folder: loaded once)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:http -- --db postgres
 *     (an admin URL: the bench creates a database of its own next to it and drops it)
 * Ports: BENCH_PORT (default 3291).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { currentTime, currentTimeMs } from '../lib/clock';
import { createPostgresDatabase } from '../db/test-databases';
import { DAY, startBenchHistory } from './bench-history';
import { thresholds } from '../lib/analytics/config';
import { refreshAnalyticsStates } from '../lib/queries/analytics-state';
import { buildState, nextServerEnvironment, nextStartArguments } from './next-server';
import { startReplayServer } from './replay-server';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    db: { type: 'string', default: 'pglite' },
    only: { type: 'string' },
    days: { type: 'string' },
  },
});
const quick = args.quick;
const days = Number(args.days ?? (quick ? 30 : 365));
if (!Number.isInteger(days) || days < 2) throw new Error('--days: a whole number of days, at least 2');
const kinds = args.db === 'both' ? ['pglite', 'postgres'] : [args.db];
if (!kinds.every((k) => k === 'pglite' || k === 'postgres')) throw new Error('--db: pglite, postgres or both');
if (args.only !== undefined && args.only !== 'latency') throw new Error('--only: latency (the cheap-under-load figures alone)');
const latencyOnly = args.only === 'latency';

const port = process.env.BENCH_PORT ?? '3291';
const origin = `http://127.0.0.1:${port}`;
const COLD_ROUNDS = quick ? 2 : 4;
const WARM_REPEATS = quick ? 10 : 30;
const CANNON_SECONDS = quick ? 2 : 5;
const CHEAP_SAMPLES = quick ? 40 : 100;
const CHEAP_SECONDS = quick ? 15 : 30;
const REQUEST_TIMEOUT_MS = 120_000;

const state = buildState();
if (state === 'missing') {
  console.error('bench:http serves the production build and never builds: run `npm run build` first.');
  process.exit(2);
}
if (state === 'stale') console.warn('[bench:http] the code changed since the last `npm run build`: these figures are the older build’s.');

// ---------------------------------------------------------------- what is requested

const RANGES = quick ? ['24h', '30d', 'all'] : ['24h', '7d', '30d', '1y', 'all'];
const MODEL = 'h100-sxm-80gb';
const NETWORK = 'ionet';
const RANGED_API = [
  `/api/v1/supply?network=${NETWORK}&range=`,
  `/api/v1/prices?model=${MODEL}&range=`,
  `/api/v1/model-supply?model=${MODEL}&status=rentable&range=`,
  `/api/v1/reality?range=`,
  `/api/v1/flags?range=`,
  `/api/v1/index?range=`,
  `/api/v1/download?network=${NETWORK}&range=`,
].filter((_, i) => !quick || i % 2 === 0 || i === 3);
const OTHER_API = ['/api/health', '/api/v1/networks', '/api/v1/sources', '/api/v1/archive', '/api/v1/openapi.json', '/feeds/events.atom', `/api/oembed?url=${encodeURIComponent(`http://localhost:${port}/networks/${NETWORK}`)}`];
const PAGES = ['/', `/networks/${NETWORK}`, `/compare?model=${MODEL}`, '/flags', '/index', '/status', '/methodology', '/docs/api'];
const EMBEDS = [`/embed/supply?network=${NETWORK}`, `/embed/prices?model=${MODEL}`, `/embed/index?model=${MODEL}`];

function staticFile(): string {
  const chunks = path.join(process.cwd(), '.next', 'static', 'chunks');
  const file = fs
    .readdirSync(chunks)
    .filter((name) => name.endsWith('.js'))
    .sort()[0];
  if (!file) throw new Error('.next/static/chunks holds no script: is the build complete?');
  return `/_next/static/chunks/${file}`;
}

// ---------------------------------------------------------------- measuring

interface Answer {
  status: number | string;
  ms: number;
  body: Buffer;
  location?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One GET, as a browser navigation sends it (the proxy treats navigations and fetches apart), body uncompressed. */
function get(url: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get(`${origin}${url}`, { agent, headers: { 'accept-encoding': 'identity', 'sec-fetch-mode': 'navigate' }, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 'none', ms: performance.now() - started, body: Buffer.concat(chunks), location: response.headers.location }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ status: error.message, ms: performance.now() - started, body: Buffer.alloc(0) }));
  });
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value >= 100 ? `${value.toFixed(0)}` : value.toFixed(1));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function requestsPerSecond(url: string): Promise<{ rps: number; non2xx: number; errors: number }> {
  const result = await autocannon({ url: `${origin}${url}`, connections: 16, duration: CANNON_SECONDS, headers: { 'accept-encoding': 'identity' } });
  return { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

/** Waits until the clock is a second into the next minute: answers are cached per (data version, minute). */
async function nextMinute(): Promise<void> {
  const wait = 61_000 - (currentTimeMs() % 60_000);
  await new Promise((resolve) => setTimeout(resolve, wait));
}

interface UrlFigures {
  url: string;
  status: string;
  bytes: number;
  cold: number[];
  warm: number[];
  rps?: { rps: number; non2xx: number; errors: number };
}

/** A page that redirects (a network page without a model goes to its default one) is timed where it lands. */
async function landed(urls: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const url of urls) {
    const answer = await get(url);
    const redirected = typeof answer.status === 'number' && answer.status >= 300 && answer.status < 400 && answer.location;
    out.push(redirected ? ((target) => `${target.pathname}${target.search}`)(new URL(answer.location ?? url, origin)) : url);
  }
  return out;
}

async function timeUrls(urls: string[]): Promise<UrlFigures[]> {
  const figures = urls.map((url): UrlFigures => ({ url, status: '', bytes: 0, cold: [], warm: [] }));
  for (let round = 0; round < COLD_ROUNDS; round++) {
    if (round > 0) await nextMinute();
    for (const entry of figures) {
      const answer = await get(entry.url);
      entry.cold.push(answer.ms);
      entry.status = String(answer.status);
      entry.bytes = answer.body.byteLength;
    }
    process.stdout.write(`  cold round ${round + 1}/${COLD_ROUNDS} done\n`);
  }
  for (const entry of figures) {
    for (let i = 0; i < WARM_REPEATS; i++) entry.warm.push((await get(entry.url)).ms);
    entry.rps = await requestsPerSecond(entry.url);
  }
  return figures;
}

function printUrlTable(title: string, figures: UrlFigures[]): void {
  console.log(`\n${title} (ms; cold: ${COLD_ROUNDS} rounds, a minute apart; warm: ${WARM_REPEATS} in a row; req/s: 16 connections, ${CANNON_SECONDS} s)`);
  console.log(`${'status'.padEnd(7)}${'cold p50'.padStart(9)}${'p95'.padStart(7)}${'warm p50'.padStart(9)}${'p95'.padStart(7)}${'req/s'.padStart(8)}${'bytes'.padStart(12)}  url`);
  for (const f of figures) {
    const rps = f.rps ? `${f.rps.rps.toFixed(0)}${f.rps.errors > 0 || f.rps.non2xx > 0 ? '*' : ''}` : '–';
    console.log(
      `${f.status.padEnd(7)}${ms(percentile(f.cold, 50)).padStart(9)}${ms(percentile(f.cold, 95)).padStart(7)}${ms(percentile(f.warm, 50)).padStart(9)}${ms(percentile(f.warm, 95)).padStart(7)}${rps.padStart(8)}${f.bytes.toLocaleString('en-US').padStart(12)}  ${f.url}`,
    );
  }
  if (figures.some((f) => f.rps && (f.rps.errors > 0 || f.rps.non2xx > 0))) console.log('  * some answers under load were errors or not 2xx');
}

/** HTML, and every script the page loads by src, in bytes as sent (identity) and gzipped. */
async function pageWeights(urls: string[]): Promise<void> {
  console.log(`\nbytes a page sends (HTML, and the scripts it loads; raw / gzip)`);
  console.log(`${'HTML'.padStart(24)}${'JS'.padStart(24)}${'scripts'.padStart(9)}  url`);
  for (const url of urls) {
    const page = await get(url);
    const html = page.body.toString('utf8');
    const scripts = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&')))];
    let js = 0;
    let jsGzip = 0;
    for (const src of scripts) {
      const script = await get(src.startsWith('http') ? new URL(src).pathname : src);
      js += script.body.byteLength;
      jsGzip += gzipSync(script.body).byteLength;
    }
    const htmlCell = `${kb(page.body.byteLength)} / ${kb(gzipSync(page.body).byteLength)}`;
    console.log(`${htmlCell.padStart(24)}${`${kb(js)} / ${kb(jsGzip)}`.padStart(24)}${String(scripts.length).padStart(9)}  ${url}`);
  }
}

/**
 * Cheap requests, idle and then while `HEAVY_LOOPS` loops each request a download nobody asked
 * for before (a custom window that moves a day each time, so never a cached answer).
 */
async function cheapUnderLoad(cheap: string[]): Promise<{ url: string; idle: number[]; loaded: number[] }[]> {
  const HEAVY_LOOPS = 2;
  // At most CHEAP_SAMPLES a URL, and at most CHEAP_SECONDS of them: a server that blocks may take seconds each.
  const sample = async (url: string) => {
    const times: number[] = [];
    const until = performance.now() + CHEAP_SECONDS * 1000;
    for (let i = 0; i < CHEAP_SAMPLES && performance.now() < until; i++) {
      times.push((await get(url)).ms);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return times;
  };
  const idle = new Map<string, number[]>();
  for (const url of cheap) idle.set(url, await sample(url));

  let running = true;
  let heavyCount = 0;
  const heavyTimes: number[] = [];
  const heavyStatuses = new Set<string>();
  const today = Math.floor(currentTimeMs() / DAY) * DAY;
  // A window of its own for each request: the start moves a day each time, the end a day each lap.
  const span = Math.max(1, days - 2);
  const heavyUrl = (n: number) => {
    const from = new Date(today - (days - 1) * DAY + (n % span) * DAY).toISOString().slice(0, 10);
    const to = new Date(today + DAY - Math.floor(n / span) * DAY).toISOString().slice(0, 10);
    return `/api/v1/download?network=${NETWORK}&range=custom&from=${from}&to=${to}&resolution=day`;
  };
  const loops = Array.from({ length: HEAVY_LOOPS }, async (_, loop) => {
    for (let n = loop; running; n += HEAVY_LOOPS) {
      const answer = await get(heavyUrl(n));
      heavyCount++;
      heavyTimes.push(answer.ms);
      heavyStatuses.add(String(answer.status));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const loaded = new Map<string, number[]>();
  for (const url of cheap) loaded.set(url, await sample(url));
  running = false;
  await Promise.all(loops);

  console.log(`\ncheap requests, idle and while ${HEAVY_LOOPS} loops request uncached downloads (${heavyUrl(0)} and later windows)`);
  console.log(`heavy: ${heavyCount} answered (status ${[...heavyStatuses].join(', ')}), p50 ${ms(percentile(heavyTimes, 50))} ms, p95 ${ms(percentile(heavyTimes, 95))} ms`);
  console.log(`${'idle p50'.padStart(9)}${'p95'.padStart(7)}${'max'.padStart(7)}${'n'.padStart(5)}${'loaded p50'.padStart(11)}${'p95'.padStart(7)}${'max'.padStart(7)}${'n'.padStart(5)}  url (up to ${CHEAP_SAMPLES} samples or ${CHEAP_SECONDS} s each)`);
  for (const url of cheap) {
    const a = idle.get(url) ?? [];
    const b = loaded.get(url) ?? [];
    console.log(
      `${ms(percentile(a, 50)).padStart(9)}${ms(percentile(a, 95)).padStart(7)}${ms(Math.max(...a)).padStart(7)}${String(a.length).padStart(5)}` +
        `${ms(percentile(b, 50)).padStart(11)}${ms(percentile(b, 95)).padStart(7)}${ms(Math.max(...b)).padStart(7)}${String(b.length).padStart(5)}  ${url}`,
    );
  }
  return cheap.map((url) => ({ url, idle: idle.get(url) ?? [], loaded: loaded.get(url) ?? [] }));
}

/**
 * Issue 10's targets on this machine, each met or named with the figures short of it: warm p95
 * ≤ 20 ms for API and embed requests and ≤ 50 ms for pages; a warm API or embed request at ≥ 25 %
 * of the static file's requests per second; nothing over 1 s cold (p95); a cheap request under
 * load within 2× its idle latency (p50).
 */
function printTargets(figures: { floor?: UrlFigures; api: UrlFigures[]; documents: UrlFigures[]; cheap: { url: string; idle: number[]; loaded: number[] }[] }): void {
  const { floor, api, documents, cheap } = figures;
  const isEmbed = (f: UrlFigures) => f.url.startsWith('/embed/');
  const floorRps = floor?.rps?.rps ?? Number.NaN;
  const checks: { target: string; short: string[] }[] = [];
  const check = (target: string, items: UrlFigures[], shortOf: (f: UrlFigures) => string | null) => {
    checks.push({ target, short: items.flatMap((f) => ((figure) => (figure ? [`${figure}  ${f.url}`] : []))(shortOf(f))) });
  };
  const warmAbove = (limit: number) => (f: UrlFigures) => (percentile(f.warm, 95) > limit ? `${ms(percentile(f.warm, 95))} ms` : null);
  if (api.length > 0 || documents.length > 0) {
    check('warm p95 ≤ 20 ms (API and embeds)', [...api, ...documents.filter(isEmbed)], warmAbove(20));
    check('warm p95 ≤ 50 ms (pages)', documents.filter((f) => !isEmbed(f)), warmAbove(50));
    check(`≥ 25 % of the static file's ${floorRps.toFixed(0)} req/s (API and embeds)`, [...api, ...documents.filter(isEmbed)], (f) =>
      (f.rps?.rps ?? 0) < floorRps / 4 ? `${(f.rps?.rps ?? 0).toFixed(0)} req/s (${((100 * (f.rps?.rps ?? 0)) / floorRps).toFixed(0)} %)` : null,
    );
    check('cold p95 ≤ 1 s (everything)', [...api, ...documents], (f) => (percentile(f.cold, 95) > 1000 ? `${ms(percentile(f.cold, 95))} ms` : null));
  }
  checks.push({
    target: 'a cheap request under load within 2× its idle latency (p50)',
    short: cheap.flatMap((c) =>
      percentile(c.loaded, 50) > 2 * percentile(c.idle, 50) ? [`${ms(percentile(c.loaded, 50))} ms loaded vs ${ms(percentile(c.idle, 50))} ms idle  ${c.url}`] : [],
    ),
  });
  console.log('\ntargets (issue 10)');
  for (const { target, short } of checks) {
    console.log(`  ${short.length === 0 ? 'met  ' : 'SHORT'}  ${target}${short.length ? `: ${short.length} short` : ''}`);
    for (const line of short) console.log(`           ${line}`);
  }
}

// ---------------------------------------------------------------- the server and its data

async function loadHistory(handle: DatabaseHandle): Promise<void> {
  const replay = await startReplayServer();
  try {
    const today = Math.floor(currentTimeMs() / DAY) * DAY;
    const from = today - (days - 1) * DAY;
    const history = await startBenchHistory(handle.db, replay, from);
    // Whole UTC days up to the end of today, so the 24-hour range has data up to now.
    await history.loadDays(from, today + DAY, `history of ${days} days`);
  } finally {
    await replay.close();
  }
}

/**
 * What the scraping process does right after a pass commits (lib/queries/analytics-state.ts):
 * the preset ranges' analytics stored for this data version. The bench's server does not
 * scrape, so without this its first readers would compute them, which production's never do.
 */
async function refreshAsAfterAPass(handle: DatabaseHandle): Promise<void> {
  const result = await refreshAnalyticsStates(handle.db, { now: currentTime(), thresholds: thresholds() });
  console.log(`analytics stored as after a pass: ${result.states} states in ${(result.ms / 1000).toFixed(1)} s`);
}

/** A PGlite folder holding the history (kept between runs when BENCH_DATA_DIR names one), or a PostgreSQL database. */
async function prepare(kind: 'pglite' | 'postgres'): Promise<{ environment: Record<string, string>; cleanUp(): Promise<void> }> {
  if (kind === 'pglite') {
    const kept = process.env.BENCH_DATA_DIR;
    const folder = kept ? path.resolve(kept) : fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-bench-http-'));
    const marker = path.join(folder, 'bench-http.json');
    const reused = fs.existsSync(marker);
    if (reused) console.log(`PGlite: reusing ${folder} (${fs.readFileSync(marker, 'utf8').trim()})`);
    const handle = await openDatabase({ driver: 'pglite', dataDir: folder });
    try {
      if (!reused) await loadHistory(handle);
      await refreshAsAfterAPass(handle);
    } finally {
      await handle.close();
    }
    if (!reused) fs.writeFileSync(marker, JSON.stringify({ days, loadedAt: currentTime().toISOString() }));
    return {
      // An empty DATABASE_URL is unset (lib/env.ts): the server opens the folder.
      environment: { RENTABLE_DATA_DIR: folder, DATABASE_URL: '' },
      cleanUp: async () => {
        if (!kept) fs.rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const database = await createPostgresDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const handle = await openDatabase({ driver: 'postgres', url: database.url });
  try {
    await loadHistory(handle);
    await refreshAsAfterAPass(handle);
  } finally {
    await handle.close();
  }
  return { environment: { DATABASE_URL: database.url }, cleanUp: database.drop };
}

async function startServer(environment: Record<string, string>): Promise<ChildProcess> {
  const server = spawn(process.execPath, nextStartArguments(port, '127.0.0.1'), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: nextServerEnvironment({ ...environment, PORT: port, SCRAPE_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
  });
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode})`);
    const answer = await get('/api/v1/openapi.json');
    if (answer.status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server did not answer on ${origin} in two minutes`);
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

let exitCode = 0;
for (const kind of kinds.filter((k): k is 'pglite' | 'postgres' => k === 'pglite' || k === 'postgres')) {
  console.log(`\n=== ${kind}: ${days} days of history${quick ? ' (--quick)' : ''}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} ===`);
  const prepared = await prepare(kind);
  let server: ChildProcess | null = null;
  try {
    server = await startServer(prepared.environment);
    const floor = staticFile();
    const timed: { floor?: UrlFigures; api: UrlFigures[]; documents: UrlFigures[] } = { api: [], documents: [] };
    if (!latencyOnly) {
      const api = [...RANGED_API.flatMap((base) => RANGES.map((range) => `${base}${range}`)), ...OTHER_API];
      [timed.floor] = await timeUrls([floor]);
      printUrlTable('static file (the floor)', timed.floor ? [timed.floor] : []);
      timed.api = await timeUrls(api);
      printUrlTable('API', timed.api);
      const pages = await landed([...PAGES, ...EMBEDS]);
      timed.documents = await timeUrls(pages);
      printUrlTable('pages and embeds', timed.documents);
      await pageWeights(pages);
    }
    const cheap = await cheapUnderLoad([floor, '/api/v1/openapi.json', '/api/v1/networks', '/api/health']);
    printTargets({ ...timed, cheap });
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    await prepared.cleanUp();
  }
}
agent.destroy();
process.exit(exitCode);
