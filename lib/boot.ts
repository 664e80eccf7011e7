/**
 * Start-up of the server process: open (and migrate) the database, write the registry, and
 * in embedded mode or when enabled, run the scheduler in this same process, because PGlite
 * allows one process per data folder. History sources are refreshed at start and then daily.
 */
import { getDatabase } from './db';
import { env } from './env';
import { CLOCK_VARIABLE, clockIsPinned, currentTime } from './clock';
import { startScheduler, type Scheduler } from './ingest/scheduler';
import { syncRegistry } from './ingest/sync-registry';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from './sources/registry';
import { formatHistoryOutcome, runBackfill } from './ingest/backfill';
import { startHistoryRefresh, type HistoryRefresh } from './ingest/history-refresh';
import { exitOnSignals } from './ingest/shutdown';

const KEY = Symbol.for('rentable.boot');
type Holder = { [KEY]?: Promise<Scheduler | null> };

export function bootServer(): Promise<Scheduler | null> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const config = env();
    if (clockIsPinned()) console.log(`[rentable] clock: ${CLOCK_VARIABLE} (now reads ${currentTime().toISOString()}), for a replaying server`);
    else if (process.env[CLOCK_VARIABLE]) console.warn(`[rentable] ${CLOCK_VARIABLE} is ignored: only replaying servers (RENTABLE_REPLAY or RENTABLE_DEMO) honour it; reading the wall clock`);
    const handle = await getDatabase();
    console.log(`[rentable] database: ${handle.description}`);
    // On SIGTERM / SIGINT: abort the pass and the history refresh, release our leases, close the
    // database (PGlite flushes on close), exit. `npm start` sets NEXT_MANUAL_SIG_HANDLE so that
    // Next.js leaves the signals to this handler instead of exiting before it is done.
    const running: { scheduler?: Scheduler; history?: HistoryRefresh } = {};
    exitOnSignals({
      name: 'rentable',
      stopWork: async () => {
        await Promise.all([running.scheduler?.stop(), running.history?.stop()]);
      },
      close: () => handle.close(),
    });
    await syncRegistry(handle.db, SCRAPE_TARGETS);
    if (!config.SCRAPE_ENABLED) {
      console.log('[rentable] scraping disabled (SCRAPE_ENABLED=false): serving only');
      return null;
    }
    // The committed ledger and reference table change only with the code: load what is new.
    // In the background: a slow history endpoint must not hold up the first live scrape.
    void runBackfill(handle.db, {
      committed: committedSources(),
      history: [],
      onOutcome: (o) => console.log(`[backfill] ${formatHistoryOutcome(o)}`),
    }).catch((error: unknown) => console.error(`[backfill] failed: ${(error as Error).message}`));
    // The history sources publish: at start, then daily (lib/ingest/history-refresh.ts).
    running.history = startHistoryRefresh(handle.db, { sources: HISTORY_SOURCES, timeoutMs: config.SCRAPE_TIMEOUT_MS });
    console.log(`[rentable] scraping ${SCRAPE_TARGETS.length} sources every ${config.SCRAPE_INTERVAL_MINUTES} min`);
    running.scheduler = startScheduler(handle.db, {
      targets: SCRAPE_TARGETS,
      intervalMs: config.SCRAPE_INTERVAL_MINUTES * 60_000,
      timeoutMs: config.SCRAPE_TIMEOUT_MS,
    });
    return running.scheduler;
  })();
  return holder[KEY];
}

/** A server that cannot open its database must not serve error pages for ever: say why and stop. */
export async function bootServerOrExit(): Promise<void> {
  try {
    await bootServer();
  } catch (error) {
    console.error(`[rentable] start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
