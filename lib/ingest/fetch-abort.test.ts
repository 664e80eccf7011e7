/**
 * A shutdown's abort reaches the fetch: the attempt in flight stops at once, no retry follows,
 * a backoff wait is cut short, and the reason says "aborted by shutdown" (the scrape pass then
 * stores nothing for it). Against a real local HTTP server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akashNetworkCapacity } from '../sources/akash';
import { ABORTED_BY_SHUTDOWN, fetchSnapshot } from './fetch-snapshot';
import { noRateLimit } from './rate-limiter';

let answer: { status: number; delayMs: number } = { status: 200, delayMs: 0 };
let hits = 0;
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits += 1;
    const { status, delayMs } = answer;
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetchWith = (signal: AbortSignal, backoffMs: number) =>
  fetchSnapshot(akashNetworkCapacity, { baseUrl, apiKey: undefined, timeoutMs: 30_000, attempts: 3, backoffMs, maxRetryAfterMs: 60_000, rateLimiter: noRateLimit, signal });

describe('fetchSnapshot under a shutdown', () => {
  it('stops the attempt in flight at once and does not retry', async () => {
    answer = { status: 200, delayMs: 20_000 };
    hits = 0;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const fetched = await fetchWith(controller.signal, 10);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fetched).toMatchObject({ fetchError: ABORTED_BY_SHUTDOWN, httpStatus: null, bytes: null });
    expect(hits).toBe(1);
  });

  it('cuts a backoff wait short and reports the shutdown, not the last error status', async () => {
    answer = { status: 503, delayMs: 0 };
    hits = 0;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    // The backoff after the 503 would be 15 to 45 s.
    const fetched = await fetchWith(controller.signal, 30_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fetched.fetchError).toBe(ABORTED_BY_SHUTDOWN);
    expect(hits).toBe(1);
  });
});
