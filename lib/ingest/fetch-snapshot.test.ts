/**
 * Retry policy against a real local HTTP server whose answers we script: timeouts, 5xx and
 * 429 are retried (429 after Retry-After), other 4xx never are.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akashNetworkCapacity } from '../sources/akash';
import { fetchSnapshot, type FetchOptions } from './fetch-snapshot';
import { HostRateLimiter } from './rate-limiter';

type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };
let script: Answer[] = [];
let hits = 0;
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    const answer = script[Math.min(hits, script.length - 1)] ?? { status: 500 };
    hits += 1;
    const reply = () => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    };
    if (answer.delayMs) setTimeout(reply, answer.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function run(answers: Answer[], overrides: Partial<FetchOptions> = {}) {
  script = answers;
  hits = 0;
  const sleeps: number[] = [];
  const options: FetchOptions = {
    baseUrl,
    apiKey: undefined,
    timeoutMs: 2_000,
    attempts: 3,
    backoffMs: 100,
    maxRetryAfterMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    rateLimiter: new HostRateLimiter(async () => undefined),
    ...overrides,
  };
  return fetchSnapshot(akashNetworkCapacity, options).then((result) => ({ result, sleeps, hits }));
}

describe('fetchSnapshot', () => {
  it('retries a 503 with jittered exponential backoff and returns the success', async () => {
    const { result, sleeps, hits: calls } = await run([{ status: 503 }, { status: 502 }, { status: 200, body: '{"ok":1}' }]);
    expect(calls).toBe(3);
    expect(result).toMatchObject({ httpStatus: 200, fetchError: null });
    expect(new TextDecoder().decode(result.bytes ?? new Uint8Array())).toBe('{"ok":1}');
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(150);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(300);
  });

  it('never retries a 404 or 401', async () => {
    for (const status of [404, 401]) {
      const { result, hits: calls } = await run([{ status, body: '{"error":"no"}' }]);
      expect(calls).toBe(1);
      expect(result.httpStatus).toBe(status);
      expect(result.fetchError).toMatch(new RegExp(`^HTTP ${status}`));
      // The error body is kept: a failed run stores what the server said.
      expect(new TextDecoder().decode(result.bytes ?? new Uint8Array())).toBe('{"error":"no"}');
    }
  });

  it('honours Retry-After on 429', async () => {
    const { result, sleeps } = await run([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200 }]);
    expect(sleeps).toEqual([7000]);
    expect(result.httpStatus).toBe(200);
  });

  it('caps a long Retry-After so one source cannot hold the pass', async () => {
    const { sleeps } = await run([{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }], { maxRetryAfterMs: 5_000 });
    expect(sleeps).toEqual([5000]);
  });

  it('times out a slow answer and says so after the last attempt', async () => {
    const { result, hits: calls } = await run([{ status: 200, delayMs: 1_000 }], { timeoutMs: 100, attempts: 2 });
    expect(calls).toBe(2);
    expect(result).toMatchObject({ httpStatus: null, bytes: null });
    expect(result.fetchError).toBe('timed out after 100 ms (after 2 attempts)');
  });
});
