/**
 * One scrape pass, one line per source: `npm run scrape [-- --at 2026-11-20T10:00:00Z]`.
 * Uses DATABASE_URL, or the embedded data folder (which must not be open in another process).
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { env } from '../lib/env';
import { formatOutcome, runScrapePass } from '../lib/ingest/scrape-pass';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { SCRAPE_TARGETS } from '../lib/sources/registry';

const args = process.argv.slice(2);
const atIndex = args.indexOf('--at');
const atText = atIndex >= 0 ? args[atIndex + 1] : undefined;
const at = atText ? new Date(atText) : undefined;
if (at && Number.isNaN(at.getTime())) {
  console.error(`--at: not an ISO 8601 time: ${atText}`);
  process.exit(2);
}

const config = env();
const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
const started = performance.now();
try {
  await syncRegistry(handle.db, SCRAPE_TARGETS);
  const outcomes = await runScrapePass(handle.db, {
    targets: SCRAPE_TARGETS,
    at,
    origin: at ? 'replay' : 'live',
    force: true,
    timeoutMs: config.SCRAPE_TIMEOUT_MS,
    onOutcome: (o) => console.log(formatOutcome(o)),
  });
  const ok = outcomes.filter((o) => o.outcome === 'ok').length;
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  console.log(`${ok} ok, ${failed} failed, ${outcomes.length - ok - failed} other, in ${Math.round(performance.now() - started)} ms (${handle.description})`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  await handle.close();
}
