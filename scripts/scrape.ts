/**
 * One scrape pass, one line per source: `npm run scrape [-- --at 2026-11-20T10:00:00Z]`.
 * Uses DATABASE_URL, or the embedded data folder (which must not be open in another process).
 *
 * Exit code: 0 when every source that ran succeeded; 1 when a source failed, or when the pass
 * stored no run at all (every source busy, skipped or already stored), with a one-line reason;
 * 2 when the database cannot be opened; 130 / 143 when interrupted by SIGINT / SIGTERM, which
 * abort the sources in flight (nothing stored for them) and release their leases.
 *
 * Its report is stdout, one human line per source. Structured logs (one JSON line per run, and
 * any warning) go to stderr, at LOG_LEVEL, by default warn: set LOG_LEVEL=info to get the run
 * lines too, as a cron job collecting logs would.
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { env } from '../lib/env';
import { formatOutcome, runScrapePass, type SourceOutcome } from '../lib/ingest/scrape-pass';
import { exitOnSignals } from '../lib/ingest/shutdown';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { logRun } from '../lib/ingest/run-telemetry';
import { componentLogger, createLogger, setProcessLogger } from '../lib/log';
import { SCRAPE_TARGETS } from '../lib/sources/registry';

const args = process.argv.slice(2);
const atIndex = args.indexOf('--at');
const atText = atIndex >= 0 ? args[atIndex + 1] : undefined;
const at = atText ? new Date(atText) : undefined;
if (at && Number.isNaN(at.getTime())) {
  console.error(`--at: not an ISO 8601 time: ${atText}`);
  process.exit(2);
}

/** Why a pass that stored nothing stored nothing: its outcomes counted, and the first busy lease. */
function nothingRecordedReason(outcomes: readonly SourceOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  const tally = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'no sources';
  const busy = outcomes.find((o) => o.outcome === 'busy');
  return `nothing recorded: ${tally}${busy?.detail ? ` (${busy.sourceId}: ${busy.detail})` : ''}`;
}

const config = env();
setProcessLogger(createLogger({ destination: 2, level: config.LOG_LEVEL ?? 'warn' }));
const log = componentLogger('scrape');
const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
const controller = new AbortController();
let pass: Promise<SourceOutcome[]> | null = null;
const outcomes: SourceOutcome[] = [];
exitOnSignals({
  name: 'scrape',
  stopWork: async () => {
    controller.abort();
    await pass?.catch(() => undefined);
  },
  close: () => handle.close(),
  log: (line) => console.error(line),
  report: (signal) => {
    const stored = outcomes.filter((o) => o.runId !== null).length;
    const aborted = outcomes.filter((o) => o.outcome === 'aborted').length;
    console.error(`interrupted by ${signal}: ${stored} runs stored before it, ${aborted} ${aborted === 1 ? 'source' : 'sources'} aborted`);
  },
});

const started = performance.now();
try {
  await syncRegistry(handle.db, SCRAPE_TARGETS);
  pass = runScrapePass(handle.db, {
    targets: SCRAPE_TARGETS,
    at,
    origin: at ? 'replay' : 'live',
    force: true,
    timeoutMs: config.SCRAPE_TIMEOUT_MS,
    signal: controller.signal,
    onOutcome: (o) => {
      outcomes.push(o);
      console.log(formatOutcome(o));
      logRun(log, o);
    },
  });
  await pass;
} catch (error) {
  if (!controller.signal.aborted) {
    console.error(`scrape pass failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
// Interrupted: the signal handler releases the leases, closes the database and exits.
if (!controller.signal.aborted) {
  const ok = outcomes.filter((o) => o.outcome === 'ok').length;
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  console.log(`${ok} ok, ${failed} failed, ${outcomes.length - ok - failed} other, in ${Math.round(performance.now() - started)} ms (${handle.description})`);
  const stored = outcomes.filter((o) => o.runId !== null).length;
  if (stored === 0) console.error(nothingRecordedReason(outcomes));
  if (failed > 0 || stored === 0) process.exitCode = 1;
  await handle.close();
}
