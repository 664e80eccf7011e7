/**
 * Start-up of the server process: open (and migrate) the database, write the registry, and
 * in embedded mode or when enabled, run the scheduler in this same process, because PGlite
 * allows one process per data folder.
 */
import { getDatabase } from './db';
import { env } from './env';
import { CLOCK_VARIABLE, clockIsPinned, currentTime } from './clock';
import { startScheduler, type Scheduler } from './ingest/scheduler';
import { syncRegistry } from './ingest/sync-registry';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from './sources/registry';
import { formatHistoryOutcome, runBackfill } from './ingest/backfill';
import { scrapeRuns } from '@/db/schema';

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
    await syncRegistry(handle.db, SCRAPE_TARGETS);
    if (!config.SCRAPE_ENABLED) {
      console.log('[rentable] scraping disabled (SCRAPE_ENABLED=false): serving only');
      return null;
    }
    // The committed ledger and reference table change only with the code: load what is new.
    // On a first start with an empty database, also import the history sources publish.
    const firstStart = (await handle.db.select({ id: scrapeRuns.id }).from(scrapeRuns).limit(1)).length === 0;
    // In the background: a slow history endpoint must not hold up the first live scrape.
    void runBackfill(handle.db, {
      committed: committedSources(),
      history: firstStart ? HISTORY_SOURCES : [],
      timeoutMs: config.SCRAPE_TIMEOUT_MS,
      onOutcome: (o) => console.log(`[backfill] ${formatHistoryOutcome(o)}`),
    }).catch((error: unknown) => console.error(`[backfill] failed: ${(error as Error).message}`));
    console.log(`[rentable] scraping ${SCRAPE_TARGETS.length} sources every ${config.SCRAPE_INTERVAL_MINUTES} min`);
    return startScheduler(handle.db, {
      targets: SCRAPE_TARGETS,
      intervalMs: config.SCRAPE_INTERVAL_MINUTES * 60_000,
      timeoutMs: config.SCRAPE_TIMEOUT_MS,
    });
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
