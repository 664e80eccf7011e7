/**
 * `npm run bench:stalls`: the URLs that once stalled the server (issue 10), timed against the
 * production server on demo data. It runs `npm run demo` in a data folder of its own (the week
 * of replayed history built through the real scrape path), then requests each URL once, in
 * turn, and prints its status, time and bytes. Not part of CI: a benchmark prints figures, it
 * does not assert them.
 *
 *   npm run bench:stalls                    (ports BENCH_PORT=3290, BENCH_REPLAY_PORT=4290)
 *   BENCH_DATA_DIR=./data/bench npm run bench:stalls    (kept folder: topped up, not rebuilt)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const port = process.env.BENCH_PORT ?? '3290';
const replayPort = process.env.BENCH_REPLAY_PORT ?? '4290';
const keptDir = process.env.BENCH_DATA_DIR;
const dataDir = keptDir ? path.resolve(keptDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-bench-stalls-'));
const origin = `http://127.0.0.1:${port}`;
/** Generous: the point is to print how long a stall takes, not to give up on it. */
const REQUEST_TIMEOUT_MS = 120_000;

/** The stall URLs of issue 10, as the UI offers them, plus their API counterparts. */
const URLS = [
  '/compare?model=h100-sxm-80gb&range=all&resolution=hour',
  '/compare?model=h100-sxm-80gb&range=all',
  '/networks/ionet?model=h100-sxm-80gb&range=custom&from=2024-01-01&to=2026-12-01&resolution=hour',
  '/networks/ionet?model=h100-sxm-80gb&range=custom&from=2024-01-01&to=2026-12-01',
  '/api/v1/download?model=h100-sxm-80gb&range=custom&from=2024-01-01&to=2026-12-01&resolution=hour',
  '/api/v1/download?network=ionet&range=custom&from=2024-01-01&to=2026-12-01',
  '/api/v1/download?model=h100-sxm-80gb&range=all',
  '/api/v1/reality',
  '/api/v1/reality?range=all',
  '/api/v1/supply?network=ionet&range=all&resolution=hour',
  '/api/v1/supply?network=ionet&range=all',
  '/api/v1/prices?model=h100-sxm-80gb&range=all',
];

async function waitForServer(timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      const response = await fetch(`${origin}/api/v1/networks`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the demo server did not answer on ${origin} in time`);
}

/**
 * One GET as a browser opening the link would send it (node:http, so no fetch adds
 * "sec-fetch-mode: cors": the proxy answers a page with an invalid parameter 400 only for a
 * navigation). The body is counted as it streams: a 100 MB page is never held whole.
 */
function measure(url: string): Promise<{ status: number | string; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get(`${origin}${url}`, { headers: { 'accept-encoding': 'identity', 'sec-fetch-mode': 'navigate' }, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      response.on('end', () => resolve({ status: response.statusCode ?? 'none', ms: performance.now() - started, bytes }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve({ status: error.message, ms: performance.now() - started, bytes: 0 }));
  });
}

const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', DEMO_REPLAY_PORT: replayPort, RENTABLE_DEMO_DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
let exitCode = 0;
try {
  await waitForServer(15 * 60_000);
  // One warm-up request, so the first URL is not charged with compiling routes on first use.
  await measure('/api/v1/networks');
  // Each URL twice: the first answer pays for loading its route's code, the second does not.
  console.log(`\n${'status'.padEnd(8)}${'first'.padStart(10)}${'second'.padStart(10)}${'bytes'.padStart(14)}  url`);
  for (const url of URLS) {
    const first = await measure(url);
    const second = await measure(url);
    console.log(`${String(first.status).padEnd(8)}${`${first.ms.toFixed(0)} ms`.padStart(10)}${`${second.ms.toFixed(0)} ms`.padStart(10)}${first.bytes.toLocaleString('en-US').padStart(14)}  ${url}`);
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  demo.kill('SIGTERM');
  await new Promise((resolve) => demo.once('exit', resolve));
  if (!keptDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
