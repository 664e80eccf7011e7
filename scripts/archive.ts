/**
 * `npm run archive [-- --day YYYY-MM-DD] [--out dir]`: writes the evidence archive of each
 * completed UTC day not yet archived (or of one day), stores it in the database, where
 * /api/v1/archive publishes it, and with --out also writes rentable-archive-<day>.tar and a
 * `sha256sum -c` file beside it. An archived day is never rewritten. Uses DATABASE_URL, or the
 * embedded data folder (which must not be open in another process).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { currentTime } from '../lib/clock';
import { configuredTarget } from '../lib/db';
import { archiveFileName, parseDay } from '../lib/ingest/archive-format';
import { ArchiveDayError, daysToArchive, storeArchive } from '../lib/ingest/archive-write';
import { archiveFilePieces } from '../lib/queries/archives';

const USAGE = 'usage: npm run archive [-- --day YYYY-MM-DD] [--out dir]';
const args = process.argv.slice(2);
let day: string | undefined;
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = args[i + 1];
  if ((arg === '--day' || arg === '--out') && value !== undefined) {
    if (arg === '--day') day = value;
    else out = value;
    i += 1;
  } else {
    console.error(`unknown argument ${arg}; ${USAGE}`);
    process.exit(2);
  }
}
if (day !== undefined && !parseDay(day)) {
  console.error(`--day: must be a real day as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  process.exit(2);
}

const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
let exitCode = 0;
try {
  const now = currentTime();
  const days = day ? [day] : await daysToArchive(handle.db, now);
  if (days.length === 0) console.log(`nothing to archive: every completed day is archived (${handle.description})`);
  if (out) await mkdir(out, { recursive: true });
  for (const d of days) {
    const started = performance.now();
    const stored = await storeArchive(handle.db, d, now);
    const ms = Math.round(performance.now() - started);
    const counts = Object.entries(stored.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`${d}  ${stored.written ? 'archived' : 'already archived'}  ${stored.sizeBytes} bytes  sha256 ${stored.sha256}${stored.written ? `  in ${ms} ms  (${counts})` : ''}`);
    if (out) {
      const file = path.join(out, archiveFileName(d));
      const stream = createWriteStream(file);
      for await (const piece of archiveFilePieces(handle.db, d)) {
        if (!stream.write(piece)) await once(stream, 'drain');
      }
      stream.end();
      await once(stream, 'finish');
      await writeFile(`${file}.sha256`, `${stored.sha256}  ${archiveFileName(d)}\n`);
      console.log(`    wrote ${file}`);
    }
  }
} catch (error) {
  if (!(error instanceof ArchiveDayError)) throw error;
  console.error(error.message);
  exitCode = 2;
} finally {
  await handle.close();
}
process.exit(exitCode);
