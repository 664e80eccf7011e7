/**
 * History sources are refreshed on their own schedule, not only on a first start: at start,
 * then once a day by the clock (injected here: a day passes by moving it, never by waiting).
 * A refresh stores each dated observation once, a check during a refresh is skipped, and a
 * stop aborts the fetch in flight without recording anything. Through the real fetch → parse →
 * store path against the recorded-payload server, on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { scrapeRuns, sourceLeases } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { HISTORY_SOURCES } from '../sources/registry';
import { HISTORY_REFRESH_EVERY_MS, startHistoryRefresh, type HistoryRefresh } from './history-refresh';
import { currentTimeMs } from '../clock';

const HOUR = 3_600_000;
const historyIds = HISTORY_SOURCES.map((s) => s.id);
const historyRequests = ['GET /ionet/v1/io-explorer/staking/daily-full-stake-device-count', 'GET /akash/v1/gpu-breakdown'];

describe.each(testDatabaseKinds())('history refresh on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let clockMs = currentTimeMs();
  let lines: string[] = [];
  let refresh: HistoryRefresh;

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    refresh = startHistoryRefresh(handle.db, {
      sources: HISTORY_SOURCES,
      nowMs: () => clockMs,
      // The timer never fires during the test: each check is made by hand.
      checkEveryMs: 24 * HOUR,
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 20_000,
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await refresh?.stop();
    await handle?.close();
    await server?.close();
  });
  beforeEach(() => {
    lines = [];
    server.clearOverrides();
  });

  const historyRuns = async () => {
    const [row] = await handle.db.select({ n: count() }).from(scrapeRuns).where(inArray(scrapeRuns.sourceId, historyIds));
    return row?.n ?? 0;
  };
  const fetchesOfHistory = () => server.requests.filter((r) => historyRequests.some((h) => r.startsWith(h))).length;

  it('refreshes at start: every dated observation of both sources stored, and logged', async () => {
    await refresh.idle();
    expect(fetchesOfHistory()).toBe(2);
    const stored = await historyRuns();
    expect(stored).toBeGreaterThan(10);
    const [ionet] = await handle.db
      .select({ n: count() })
      .from(scrapeRuns)
      .where(and(eq(scrapeRuns.sourceId, 'ionet-full-stake-history'), eq(scrapeRuns.outcome, 'ok'), eq(scrapeRuns.origin, 'backfill')));
    expect(ionet?.n).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/^\[history\] ok +akash-gpu-breakdown-history +\d+ dated observations: \d+ new, 0 already stored$/m);
  });

  it('does not fetch again before a day has passed', async () => {
    clockMs += 23 * HOUR;
    expect(await refresh.check()).toBe('not-due');
    expect(fetchesOfHistory()).toBe(2);
  });

  it('fetches again a day later and stores no observation twice', async () => {
    const before = await historyRuns();
    clockMs += HOUR;
    expect(await refresh.check()).toBe('refreshed');
    expect(fetchesOfHistory()).toBe(4);
    expect(await historyRuns()).toBe(before);
    expect(lines.join('\n')).toMatch(/^\[history\] ok +ionet-full-stake-history +(\d+) dated observations: 0 new, \1 already stored$/m);
  });

  it('skips a check that comes while the previous refresh is still going', async () => {
    server.setOverride({ network: 'akash', path: '/v1/gpu-breakdown', file: 'gpu-breakdown.json', delayMs: 1_500 });
    clockMs += HISTORY_REFRESH_EVERY_MS;
    const first = refresh.check();
    clockMs += HISTORY_REFRESH_EVERY_MS;
    expect(await refresh.check()).toBe('still-running');
    expect(lines.join('\n')).toMatch(/previous refresh still going; skipping this check/);
    expect(await first).toBe('refreshed');
    expect(fetchesOfHistory()).toBe(6);
  });

  it('stops at once mid-refresh: the fetch is aborted, nothing recorded, the lease released', async () => {
    server.setOverride({ network: 'ionet', path: '/v1/io-explorer/staking/daily-full-stake-device-count', status: 200, body: '{}', delayMs: 60_000 });
    const before = await handle.db.select({ id: scrapeRuns.id }).from(scrapeRuns);
    clockMs += HISTORY_REFRESH_EVERY_MS;
    void refresh.check();
    const fetchesBefore = fetchesOfHistory();
    while (fetchesOfHistory() === fetchesBefore) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await refresh.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await handle.db.select({ id: scrapeRuns.id }).from(scrapeRuns)).toEqual(before);
    expect(await handle.db.select().from(sourceLeases)).toEqual([]);
    expect(lines.join('\n')).toMatch(/^\[history\] failed +ionet-full-stake-history +aborted by shutdown$/m);
    expect(await refresh.check()).toBe('stopped');
  });
});
