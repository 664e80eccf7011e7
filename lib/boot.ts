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
import { startArchiveSchedule, type ArchiveSchedule } from './ingest/archive-schedule';
import { startHistoryRefresh, type HistoryRefresh } from './ingest/history-refresh';
import { startHousekeeping, type HousekeepingSchedule } from './ingest/housekeeping';
import { exitOnSignals } from './ingest/shutdown';
import { componentLogger } from './log';
import { thresholds } from './analytics/config';
import { eventsAfterPass, webhookConfigFrom, type EventsAfterPass } from './events/after-pass';
import { analyticsAfterPass } from './queries/analytics-state';

const KEY = Symbol.for('rentable.boot');
type Holder = { [KEY]?: Promise<Scheduler | null> };

export function bootServer(): Promise<Scheduler | null> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const config = env();
    const log = componentLogger('rentable');
    if (clockIsPinned()) log.info({ now: currentTime().toISOString() }, `clock: ${CLOCK_VARIABLE}, for a replaying server`);
    else if (process.env[CLOCK_VARIABLE]) log.warn(`${CLOCK_VARIABLE} is ignored: only replaying servers (RENTABLE_REPLAY or RENTABLE_DEMO) honour it; reading the wall clock`);
    const handle = await getDatabase();
    log.info({ database: handle.description }, 'database open');
    // On SIGTERM / SIGINT: abort the pass and the history refresh, release our leases, close the
    // database (PGlite flushes on close), exit. `npm start` sets NEXT_MANUAL_SIG_HANDLE so that
    // Next.js leaves the signals to this handler instead of exiting before it is done.
    const running: { scheduler?: Scheduler; history?: HistoryRefresh; archive?: ArchiveSchedule; housekeeping?: HousekeepingSchedule; events?: EventsAfterPass } = {};
    exitOnSignals({
      name: 'rentable',
      stopWork: async () => {
        await Promise.all([running.scheduler?.stop(), running.history?.stop(), running.archive?.stop(), running.housekeeping?.stop(), running.events?.stop()]);
      },
      close: () => handle.close(),
    });
    await syncRegistry(handle.db, SCRAPE_TARGETS);
    if (!config.SCRAPE_ENABLED) {
      log.info('scraping disabled (SCRAPE_ENABLED=false): serving only');
      return null;
    }
    // The committed ledger and reference table change only with the code: load what is new.
    // In the background: a slow history endpoint must not hold up the first live scrape.
    void runBackfill(handle.db, {
      committed: committedSources(),
      history: [],
      onOutcome: (o) => componentLogger('backfill').info(formatHistoryOutcome(o)),
    }).catch((error: unknown) => componentLogger('backfill').error({ err: error }, 'backfill failed'));
    // The history sources publish: at start, then daily (lib/ingest/history-refresh.ts).
    running.history = startHistoryRefresh(handle.db, { sources: HISTORY_SOURCES, timeoutMs: config.SCRAPE_TIMEOUT_MS });
    // Each completed UTC day's evidence archive (lib/ingest/archive-schedule.ts): at start, then hourly.
    running.archive = startArchiveSchedule(handle.db);
    // Hourly: prune hourly rollups past retention; on PGlite, vacuum, analyze and checkpoint.
    running.housekeeping = startHousekeeping(handle);
    log.info({ sources: SCRAPE_TARGETS.length, intervalMinutes: config.SCRAPE_INTERVAL_MINUTES }, 'scraping');
    // After each pass: its events into the feeds, and the webhook loop kicked (lib/events/after-pass.ts).
    running.events = eventsAfterPass(handle.db, {
      thresholds: thresholds(),
      webhookUrls: config.WEBHOOK_URLS,
      webhook: webhookConfigFrom(config),
      logger: componentLogger('events'),
    });
    running.scheduler = startScheduler(handle.db, {
      targets: SCRAPE_TARGETS,
      intervalMs: config.SCRAPE_INTERVAL_MINUTES * 60_000,
      timeoutMs: config.SCRAPE_TIMEOUT_MS,
      // The stored analytics first (every page and API answer of a preset range reads them), then events.
      afterPass: analyticsAfterPass(handle.db, thresholds(), running.events.afterPass),
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
    componentLogger('rentable').fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
}
