/**
 * The scheduler alone, for production: `npm run worker` against PostgreSQL (DATABASE_URL), next
 * to web replicas started with SCRAPE_ENABLED=false. Several workers are safe: each source is
 * leased in the database, so only one of them scrapes it at a time. SIGTERM / SIGINT abort the
 * pass in progress, release this worker's leases and close the database (lib/ingest/shutdown.ts).
 * Its metrics are served on METRICS_PORT (default 9464) at /metrics; its logs are JSON lines.
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { env } from '../lib/env';
import { formatHistoryOutcome, runBackfill } from '../lib/ingest/backfill';
import { startArchiveSchedule } from '../lib/ingest/archive-schedule';
import { startHistoryRefresh } from '../lib/ingest/history-refresh';
import { startScheduler } from '../lib/ingest/scheduler';
import { startHousekeeping } from '../lib/ingest/housekeeping';
import { thresholds } from '../lib/analytics/config';
import { eventsAfterPass, webhookConfigFrom } from '../lib/events/after-pass';
import { analyticsAfterPass } from '../lib/queries/analytics-state';
import { exitOnSignals } from '../lib/ingest/shutdown';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { componentLogger } from '../lib/log';
import { startMetricsServer } from '../lib/metrics-server';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';

const log = componentLogger('worker');
const config = env();
if (!config.DATABASE_URL) {
  log.warn(
    'DATABASE_URL is not set: the worker will own the embedded database, so the dashboard cannot run beside it. ' +
      'In embedded mode use `npm start`, which runs the scheduler inside the dashboard process.',
  );
}
const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  log.fatal({ err: error }, 'cannot open the database');
  process.exit(2);
});
log.info({ database: handle.description, sources: SCRAPE_TARGETS.length, intervalMinutes: config.SCRAPE_INTERVAL_MINUTES }, 'worker starting');
const metricsServer = await startMetricsServer(handle, { port: config.METRICS_PORT }).catch((error: Error) => {
  log.fatal({ err: error, port: config.METRICS_PORT }, 'cannot serve /metrics (set METRICS_PORT to a free port)');
  process.exit(2);
});
log.info({ port: metricsServer.port, path: '/metrics' }, 'metrics served');
await syncRegistry(handle.db, SCRAPE_TARGETS);
// As `npm start` does (lib/boot.ts): the committed claims ledger and reference table change only
// with the code, and web replicas with SCRAPE_ENABLED=false never load them, so the worker does.
// In the background: it must not hold up the first live scrape.
void runBackfill(handle.db, {
  committed: committedSources(),
  history: [],
  onOutcome: (o) => log.info({ outcome: formatHistoryOutcome(o) }, 'committed source loaded'),
}).catch((error: unknown) => log.error({ err: error }, 'loading the committed sources failed'));
// After each pass: its events into the feeds, and the webhook loop kicked (lib/events/after-pass.ts).
const events = eventsAfterPass(handle.db, {
  thresholds: thresholds(),
  webhookUrls: config.WEBHOOK_URLS,
  webhook: webhookConfigFrom(config),
  logger: log.child({ component: 'events' }),
});
const scheduler = startScheduler(handle.db, {
  targets: SCRAPE_TARGETS,
  intervalMs: config.SCRAPE_INTERVAL_MINUTES * 60_000,
  timeoutMs: config.SCRAPE_TIMEOUT_MS,
  // The stored analytics first (web replicas read them, one row a request), then events.
  afterPass: analyticsAfterPass(handle.db, thresholds(), events.afterPass),
});
// The history sources publish (io.net staking, Akash GPU breakdown): at start, then daily.
const history = startHistoryRefresh(handle.db, { sources: HISTORY_SOURCES, timeoutMs: config.SCRAPE_TIMEOUT_MS });
// Each completed UTC day's evidence archive, published at /api/v1/archive: at start, then hourly.
const archive = startArchiveSchedule(handle.db);
// Hourly: prune hourly rollups past retention (lib/retention.ts); on PGlite, vacuum and checkpoint.
const housekeeping = startHousekeeping(handle);
// Keep the process alive: the scheduler's timer is unref'd so tests can exit.
const keepAlive = setInterval(() => undefined, 1 << 30);
exitOnSignals({
  name: 'worker',
  stopWork: async () => {
    clearInterval(keepAlive);
    await Promise.all([scheduler.stop(), history.stop(), archive.stop(), housekeeping.stop(), metricsServer.close()]);
    await events.stop();
  },
  close: () => handle.close(),
});
