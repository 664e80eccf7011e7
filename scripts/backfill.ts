/**
 * `npm run backfill`: imports published and committed history with its real dates, marked as
 * backfilled (see lib/ingest/backfill.ts). Safe to run again: only new observations are added.
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { env } from '../lib/env';
import { formatHistoryOutcome, runBackfill } from '../lib/ingest/backfill';
import { committedSources, HISTORY_SOURCES } from '../lib/sources/registry';

const config = env();
const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
const started = performance.now();
try {
  const outcomes = await runBackfill(handle.db, {
    history: HISTORY_SOURCES,
    committed: committedSources(),
    timeoutMs: config.SCRAPE_TIMEOUT_MS,
    onOutcome: (o) => console.log(formatHistoryOutcome(o)),
  });
  const failed = outcomes.filter((o) => o.error).length;
  const written = outcomes.reduce((n, o) => n + o.runsWritten, 0);
  console.log(`${written} dated observations stored, ${failed} sources failed, in ${Math.round(performance.now() - started)} ms (${handle.description})`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  await handle.close();
}
