/**
 * A test database filled the way production fills it, for tests that read what the scrape path
 * stored: the recorded-payload server, a fresh database of the given kind, the registry synced,
 * the committed sources and fetched histories backfilled, then scrape passes against the server,
 * either replayed over a window (the server's clock advancing with them) or at given times.
 */
import type { DatabaseHandle } from './client';
import type { TestDatabaseKind } from './test-databases';
// Renamed: not a React hook, whatever the lint rule reads into the `use` prefix.
import { useDatabase as makeProcessDatabase } from '../lib/db';
import { runBackfill } from '../lib/ingest/backfill';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import { runScrapePass } from '../lib/ingest/scrape-pass';
import { syncRegistry } from '../lib/ingest/sync-registry';
import type { ScrapeTarget } from '../lib/ingest/target';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';
import type { HistoryAdapter } from '../lib/sources/types';
import { replayHistory, type ReplayHistoryOptions } from '../scripts/replay-history';
import { startReplayServer, type ReplayServer } from '../scripts/replay-server';
import { currentTimeMs } from '../lib/clock';

const HOUR = 3_600_000;

/** Replay passes from `from` (inclusive) to `to` (exclusive), as replayHistory takes them. */
export type ReplayWindow = Pick<ReplayHistoryOptions, 'from' | 'to' | 'stepMs' | 'recordingsFrom'>;

/**
 * One pass an hour, a minute past each of the `lastHours` hours before the current one (the
 * window is fixed when the replay starts), the server's clock starting at `recordingsFrom`.
 */
export interface RecentHours {
  lastHours: number;
  recordingsFrom: Date;
}

export interface SeedOptions {
  /** Sources synced into the registry and scraped (default: every scrape target). */
  targets?: readonly ScrapeTarget[];
  /** Fetched histories to backfill, one attempt each (default: every history source). */
  history?: readonly HistoryAdapter[];
  /** Replay passes over a window, after the backfill. */
  replay?: ReplayWindow | RecentHours;
  /** Plain scrape passes at these times, one attempt per source, after the backfill (and any replay). */
  scrapeAt?: readonly Date[];
  /** Make the database the process's one, for code that opens its own (the route handlers). */
  useAsProcessDatabase?: boolean;
}

export interface SeededDatabase {
  handle: DatabaseHandle;
  server: ReplayServer;
  /** Closes the database (dropping a PostgreSQL one), then the server. */
  close(): Promise<void>;
}

function replayWindow(replay: ReplayWindow | RecentHours): ReplayWindow {
  if (!('lastHours' in replay)) return replay;
  const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;
  return {
    from: new Date(thisHour - replay.lastHours * HOUR + 60_000),
    to: new Date(thisHour),
    stepMs: HOUR,
    recordingsFrom: replay.recordingsFrom,
  };
}

/**
 * Starts the recorded-payload server and fills a fresh database of `kind` through the real
 * scrape path. On a failure part-way, what was opened is closed before the error is thrown.
 */
export async function seedReplayedDatabase(kind: Pick<TestDatabaseKind, 'open'>, options: SeedOptions = {}): Promise<SeededDatabase> {
  const targets = options.targets ?? SCRAPE_TARGETS;
  const server = await startReplayServer();
  let opened: DatabaseHandle | undefined;
  const close = async () => {
    await opened?.close();
    await server.close();
  };
  try {
    const handle = await kind.open();
    opened = handle;
    if (options.useAsProcessDatabase) makeProcessDatabase(handle);
    await syncRegistry(handle.db, targets);
    await runBackfill(handle.db, {
      committed: committedSources(),
      history: options.history ?? HISTORY_SOURCES,
      environment: server.environment(),
      attempts: 1,
    });
    if (options.replay) await replayHistory(handle.db, server, { targets, ...replayWindow(options.replay) });
    for (const at of options.scrapeAt ?? []) {
      await runScrapePass(handle.db, { targets, at, environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
    }
    return { handle, server, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
