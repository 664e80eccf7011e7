/**
 * A response body over the cap: read as a stream and cut at the cap, never buffered whole. A
 * source answering with far more than it should becomes a failed run "response over N MB"
 * whose raw snapshot is the first N bytes, with no points, and the rest of the body is never
 * read (the connection is closed, the server stops sending). On PGlite and PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { rawSnapshots, scrapeRuns, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { akashNetworkCapacity } from '../sources/akash';
import { noRateLimit } from './rate-limiter';
import { DEFAULT_MAX_RESPONSE_BYTES, formatCap, readBody } from './read-body';
import { runScrapePass } from './scrape-pass';
import { readSnapshot } from '@/db/snapshot-store';
import { syncRegistry } from './sync-registry';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
/** Byte i of every served body: a fixed pattern, so "the first N bytes" can be checked exactly. */
const patternByte = (i: number) => 32 + (i % 91);
function patternBytes(from: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = patternByte(from + i);
  return out;
}

/** Byte-for-byte equality (toEqual on megabytes walks every element and is far too slow). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

describe('readBody', () => {
  /** A body of `total` bytes made on demand, counting what the reader pulled and whether it cancelled. */
  function countedResponse(total: number) {
    const seen = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        const chunk = patternBytes(seen.pulled, Math.min(CHUNK, total - seen.pulled));
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    return { response: new Response(stream), seen };
  }

  it('stops at the cap of a 1 GB body: reads at most one chunk past it, keeps the first bytes, cancels the stream', async () => {
    const { response, seen } = countedResponse(1024 * MB);
    const read = await readBody(response, 2 * MB);
    expect(read.overCap).toBe('response over 2 MB');
    expect(sameBytes(read.bytes, patternBytes(0, 2 * MB))).toBe(true);
    expect(read.bytesRead).toBeLessThanOrEqual(2 * MB + CHUNK);
    // The stream was asked for little more than the cap (its queue holds one chunk ahead).
    expect(seen.pulled).toBeLessThanOrEqual(2 * MB + 2 * CHUNK);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen.cancelled).toBe(true);
  });

  it('returns a body at or under the cap whole', async () => {
    const { response } = countedResponse(2 * MB);
    const read = await readBody(response, 2 * MB);
    expect(read).toMatchObject({ overCap: null, bytesRead: 2 * MB });
    expect(sameBytes(read.bytes, patternBytes(0, 2 * MB))).toBe(true);
  });

  it('states the cap in the reason as a person reads it; the default is 20 MB', () => {
    expect(formatCap(DEFAULT_MAX_RESPONSE_BYTES)).toBe('20 MB');
    expect(formatCap(1.5 * MB)).toBe('1.5 MB');
    expect(formatCap(512 * 1024)).toBe('512 KB');
  });
});

describe.each(testDatabaseKinds())('a response over the cap, through the scrape pass on $name', (kind) => {
  const BODY_BYTES = 512 * MB;
  const CAP = 1 * MB;
  // The adapter as it is, with a small cap, so the test serves megabytes rather than gigabytes.
  const target = { ...akashNetworkCapacity, maxResponseBytes: CAP };
  let handle: DatabaseHandle;
  let server: http.Server;
  let baseUrl = '';
  let written = 0;
  let requests = 0;

  beforeAll(async () => {
    // Streams a 512 MB body chunk by chunk, honouring backpressure, until the client hangs up.
    server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BODY_BYTES) });
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && written < BODY_BYTES) {
          const chunk = patternBytes(written, CHUNK);
          written += chunk.byteLength;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!closed) res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    handle = await kind.open();
    await syncRegistry(handle.db, [target]);
  });
  afterAll(async () => {
    await handle?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('is a failed run "response over 1 MB" whose snapshot is the first 1 MB, with no points; the rest is never sent', async () => {
    const [outcome] = await runScrapePass(handle.db, {
      targets: [target],
      at: new Date('2026-11-21T00:00:00Z'),
      environment: { [target.baseUrlVariable]: baseUrl },
      attempts: 3,
      timeoutMs: 20_000,
      rateLimiter: noRateLimit,
    });
    expect(outcome).toMatchObject({ outcome: 'failed', detail: 'response over 1 MB', httpStatus: 200, pointsWritten: 0 });
    // Asking again would get the same oversized answer: no retry.
    expect(requests).toBe(1);

    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.sourceId, target.id));
    expect(run).toMatchObject({ outcome: 'failed', error: 'response over 1 MB', httpStatus: 200 });
    const [snapshot] = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sha256, run?.snapshotSha256 ?? ''));
    expect(snapshot?.sizeBytes).toBe(CAP);
    const bytes = snapshot ? await readSnapshot(handle.db, snapshot.sha256) : null;
    expect(bytes && sameBytes(bytes, patternBytes(0, CAP))).toBe(true);
    expect(await handle.db.select().from(supplyPoints).where(eq(supplyPoints.sourceId, target.id))).toEqual([]);

    // Reading stopped at the cap: the server got to send no more than socket buffers hold, a
    // small share of the 512 MB body.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(written).toBeLessThan(64 * MB);
  });
});
