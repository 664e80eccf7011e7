/**
 * Sources read in several requests, through the real path: fetch each page from the
 * recorded-payload server → parse them together → store every response linked to its run,
 * then rebuild, on PGlite and (with TEST_DATABASE_URL) PostgreSQL. Spheron's catalogue is
 * recorded as two pages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { rawSnapshots, runSnapshots, scrapeRuns, supplyPoints } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { readRecording } from '../sources/recordings';
import { spheronGpuOffers } from '../sources/spheron';
import { MAX_REQUESTS_PER_RUN } from '../sources/types';
import { readResponses } from './read-responses';
import { planRebuild } from './rebuild';
import { noRateLimit } from './rate-limiter';
import { runScrapePass } from './scrape-pass';
import { readSnapshot } from '@/db/snapshot-store';
import { sha256Hex } from './snapshot-bytes';
import { syncRegistry } from './sync-registry';

const pagePath = (page: number) => `/gpu-offers?page=${page}&limit=100&sortBy=popularity&sortOrder=asc`;
const targets = [spheronGpuOffers];

describe('reading the responses of a run', () => {
  const context = { observedAt: new Date('2026-11-20T10:00:00Z') };
  const page1 = () => readRecording('spheron', 'gpu-offers.page-1.json');

  it('does not parse a read the source says is unfinished (a run stored before every page was read)', () => {
    expect(readResponses(spheronGpuOffers, [page1()], context)).toEqual({
      ok: false,
      error: `incomplete read: 1 request made and the source asks for more (next GET ${pagePath(2)})`,
    });
  });

  it('parses a complete read, and turns a crashing adapter or no response into a failure', () => {
    const result = readResponses(spheronGpuOffers, [page1(), readRecording('spheron', 'gpu-offers.page-2.json')], context);
    expect(result.ok).toBe(true);
    const crashing = { ...spheronGpuOffers, nextRequest: () => { throw new Error('boom'); } };
    expect(readResponses(crashing, [page1()], context)).toEqual({ ok: false, error: 'next request crashed: boom' });
    expect(readResponses(spheronGpuOffers, [], context)).toEqual({ ok: false, error: 'no response to parse' });
  });
});

describe.each(testDatabaseKinds())('several requests a run on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, targets);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });
  beforeEach(() => server.clearOverrides());

  const scrape = async (at: string) => {
    const outcomes = await runScrapePass(handle.db, {
      targets,
      at: new Date(at),
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 5_000,
      rateLimiter: noRateLimit,
    });
    const [outcome] = outcomes;
    if (!outcome) throw new Error('no outcome');
    return outcome;
  };
  const linksOf = (runId: number | null) =>
    handle.db
      .select({ seq: runSnapshots.seq, sha256: runSnapshots.snapshotSha256, requestUrl: runSnapshots.requestUrl, httpStatus: runSnapshots.httpStatus })
      .from(runSnapshots)
      .where(eq(runSnapshots.scrapeRunId, runId ?? -1))
      .orderBy(asc(runSnapshots.seq));
  const storedBytes = async (sha256: string | null) => {
    const [row] = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256 ?? ''));
    return row ? readSnapshot(handle.db, row.sha256) : null;
  };
  const spheronRequests = () => server.requests.filter((r) => r.startsWith('GET /spheron/')).length;

  it('reads every page, stores each response linked to the run in order, and writes points from all pages', async () => {
    const before = spheronRequests();
    const outcome = await scrape('2026-11-20T10:00:00Z');
    expect(outcome).toMatchObject({ outcome: 'ok', httpStatus: 200 });
    expect(spheronRequests() - before).toBe(2);

    const page1 = readRecording('spheron', 'gpu-offers.page-1.json');
    const page2 = readRecording('spheron', 'gpu-offers.page-2.json');
    const links = await linksOf(outcome.runId);
    expect(links).toEqual([
      { seq: 0, sha256: sha256Hex(page1), requestUrl: `${server.url}/spheron${pagePath(1)}`, httpStatus: 200 },
      { seq: 1, sha256: sha256Hex(page2), requestUrl: `${server.url}/spheron${pagePath(2)}`, httpStatus: 200 },
    ]);
    expect(await storedBytes(links[0]?.sha256 ?? null)).toEqual(page1);
    expect(await storedBytes(links[1]?.sha256 ?? null)).toEqual(page2);
    // The run itself still names its first request and snapshot, as every page and API reads it.
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, outcome.runId ?? -1));
    expect(run).toMatchObject({ snapshotSha256: sha256Hex(page1), requestUrl: `${server.url}/spheron${pagePath(1)}`, adapterVersion: 2 });

    const free = await handle.db
      .select({ gpuModel: supplyPoints.gpuModel, quantity: supplyPoints.quantity })
      .from(supplyPoints)
      .where(and(eq(supplyPoints.scrapeRunId, outcome.runId ?? -1), eq(supplyPoints.status, 'free')));
    const byModel = Object.fromEntries(free.map((p) => [p.gpuModel, p.quantity]));
    // H100 is on page 1, RTX 4090 and H200 on page 2; the total spans both.
    expect(byModel).toMatchObject({ 'h100-sxm-80gb': 15, 'rtx-4090': 4, 'h200-sxm-141gb': 5, all: 118 });
  });

  it('fails the run when page 2 fails, naming it, keeping page 1 and the error body, and writing no points', async () => {
    server.setOverride({ network: 'spheron', path: pagePath(2), status: 503, body: '{"error":"maintenance"}' });
    const outcome = await scrape('2026-11-20T11:00:00Z');
    expect(outcome.outcome).toBe('failed');
    expect(outcome.detail).toBe(`request 2 (GET ${server.url}/spheron${pagePath(2)}) failed: HTTP 503 Service Unavailable`);
    const [run] = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, outcome.runId ?? -1));
    expect(run).toMatchObject({ outcome: 'failed', error: outcome.detail, pointsWritten: 0 });
    const links = await linksOf(outcome.runId);
    expect(links.map((l) => [l.seq, l.httpStatus])).toEqual([
      [0, 200],
      [1, 503],
    ]);
    expect(await storedBytes(links[0]?.sha256 ?? null)).toEqual(readRecording('spheron', 'gpu-offers.page-1.json'));
    expect(new TextDecoder().decode((await storedBytes(links[1]?.sha256 ?? null)) ?? new Uint8Array())).toBe('{"error":"maintenance"}');
    const [points] = await handle.db.select({ n: count() }).from(supplyPoints).where(eq(supplyPoints.scrapeRunId, outcome.runId ?? -1));
    expect(points?.n).toBe(0);
  });

  it('keeps a page that timed out on the record as a request without bytes', async () => {
    server.setOverride({ network: 'spheron', path: pagePath(2), delayMs: 3_000, file: 'gpu-offers.page-2.json' });
    const outcomes = await runScrapePass(handle.db, {
      targets: [spheronGpuOffers],
      at: new Date('2026-11-20T11:30:00Z'),
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 500,
      rateLimiter: noRateLimit,
    });
    const [outcome] = outcomes;
    expect(outcome?.detail).toBe(`request 2 (GET ${server.url}/spheron${pagePath(2)}) failed: timed out after 500 ms`);
    const links = await linksOf(outcome?.runId ?? null);
    expect(links.map((l) => [l.seq, l.httpStatus, l.sha256 === null])).toEqual([
      [0, 200, false],
      [1, null, true],
    ]);
  });

  it(`stops at ${MAX_REQUESTS_PER_RUN} requests and fails the run with that reason, never a truncated read`, async () => {
    const group = (page: number) => ({
      gpuType: `H100_SXM5_${page}`,
      displayName: 'H100 SXM5',
      totalAvailable: 1,
      offers: [{ gpuCount: 1, price: 2, available: true, maintenance: false, gpu_memory: 80, interconnectType: 'SXM5' }],
    });
    // A catalogue that claims more pages than a run may read.
    for (let page = 1; page <= MAX_REQUESTS_PER_RUN + 1; page++) {
      const body = JSON.stringify({ data: [group(page)], total: 60, page, limit: 100, totalPages: 60 });
      server.setOverride({ network: 'spheron', path: pagePath(page), body });
    }
    const before = spheronRequests();
    const outcome = await scrape('2026-11-20T12:00:00Z');
    expect(spheronRequests() - before).toBe(MAX_REQUESTS_PER_RUN);
    expect(outcome.outcome).toBe('failed');
    expect(outcome.detail).toBe(
      `request cap reached: ${MAX_REQUESTS_PER_RUN} requests made (at most ${MAX_REQUESTS_PER_RUN} a run) and the source asks for more (next GET ${pagePath(MAX_REQUESTS_PER_RUN + 1)})`,
    );
    const links = await linksOf(outcome.runId);
    expect(links).toHaveLength(MAX_REQUESTS_PER_RUN);
    expect(links.every((l) => l.httpStatus === 200 && l.sha256 !== null)).toBe(true);
    const [points] = await handle.db.select({ n: count() }).from(supplyPoints).where(eq(supplyPoints.scrapeRunId, outcome.runId ?? -1));
    expect(points?.n).toBe(0);
  });

  it('rebuild re-reads every page of each run in order and reproduces the stored points and outcomes', async () => {
    const plan = await planRebuild(handle.db, [spheronGpuOffers]);
    const [spheron] = plan.sources;
    // The two-page run re-parses to exactly its points (reading page 1 alone would remove the
    // page-2 models); the capped run fails again for the same reason; the failed fetches are skipped.
    expect(spheron).toMatchObject({ sourceId: 'spheron-gpu-offers', runsExamined: 2, fetchFailuresSkipped: 2, added: 0, changed: 0, removed: 0, runsToWrite: 0 });
    expect(spheron?.flips).toEqual([]);

    // An adapter that reads only the first page shows what a rebuild would lose.
    const firstPageOnly = { ...spheronGpuOffers, nextRequest: undefined, parseResponses: undefined };
    const [truncated] = (await planRebuild(handle.db, [firstPageOnly])).sources;
    expect(truncated?.removed).toBeGreaterThan(0);
    // And one that reads every page but no longer caps the read would flip the capped run to ok.
    const uncapped = { ...spheronGpuOffers, nextRequest: undefined };
    const [flipped] = (await planRebuild(handle.db, [uncapped])).sources;
    expect(flipped?.flips.map((f) => [f.from, f.to])).toEqual([['failed', 'ok']]);
  });
});
