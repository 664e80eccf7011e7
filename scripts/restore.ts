/**
 * `npm run restore <files…>`: loads evidence archives (from `npm run archive` or
 * /api/v1/archive/{day}) into an EMPTY database, after checking every member of every file
 * against its manifest; then `npm run rebuild -- --apply` derives the points and rollups.
 * Uses DATABASE_URL, or the embedded data folder (which must not be open in another process).
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { ArchiveRestoreError, restoreArchives } from '../lib/ingest/archive-restore';

const files = process.argv.slice(2);
if (files.length === 0 || files.some((f) => f.startsWith('--'))) {
  console.error('usage: npm run restore <archive.tar> [more.tar …]');
  process.exit(2);
}

const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
let exitCode = 0;
try {
  const started = performance.now();
  const result = await restoreArchives(handle.db, files, {
    description: handle.description,
    onArchive: (a) => console.log(`${a.manifest.day}  ${a.sizeBytes} bytes  sha256 ${a.sha256}  verified and loaded`),
  });
  console.log(
    `restored ${result.days.length} days, ${result.runs} runs, ${result.snapshots} snapshots in ${Math.round(performance.now() - started)} ms (${handle.description})`,
  );
  console.log('next: npm run rebuild -- --apply  (derives every point and rollup from the restored snapshots)');
} catch (error) {
  if (!(error instanceof ArchiveRestoreError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
