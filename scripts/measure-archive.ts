/**
 * Measures the evidence archive at the real cadence (not part of CI): one UTC day of scrape
 * passes every 10 minutes (144) over every source, through the recorded-payload server, on an
 * in-memory PGlite (or fresh PostgreSQL databases next to MEASURE_DATABASE_URL); then archives
 * the day, restores the file into a second database and rebuilds it, timing each step.
 *
 *   node --import tsx scripts/measure-archive.ts [--passes 144]
 *
 * Recordings repeat, so most passes fetch bytes already stored (deduplicated by sha256): the
 * archive measured is the floor. The ceiling (every payload new on every pass, as a busy
 * marketplace's can be) is printed beside it: the stored bytes of one pass times the passes.
 */
import { open, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { selectRows } from '../db/rows';
import { createPostgresDatabase } from '../db/test-databases';
import { SnapshotReader } from '../db/snapshot-store';
import { currentTime } from '../lib/clock';
import { archiveFileName, dayBounds } from '../lib/ingest/archive-format';
import { restoreArchives } from '../lib/ingest/archive-restore';
import { storeArchive } from '../lib/ingest/archive-write';
import { gzipSnapshot } from '../lib/ingest/snapshot-bytes';
import { applyRebuild, planRebuild } from '../lib/ingest/rebuild';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { archiveFilePieces } from '../lib/queries/archives';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';
import { addDays, dayOf } from '../lib/utc-day';
import { replayHistory } from './replay-history';
import { startReplayServer } from './replay-server';

const args = process.argv.slice(2);
const passesArg = args.indexOf('--passes');
const passes = passesArg >= 0 ? Number(args[passesArg + 1]) : 144;
if (!Number.isInteger(passes) || passes < 1 || passes > 144) {
  console.error('--passes: a whole number from 1 to 144');
  process.exit(2);
}

const adminUrl = process.env.MEASURE_DATABASE_URL;
const drops: (() => Promise<void>)[] = [];
async function freshDatabase(): Promise<DatabaseHandle> {
  if (!adminUrl) return openDatabase({ driver: 'pglite', dataDir: null });
  const created = await createPostgresDatabase(adminUrl);
  drops.push(created.drop);
  return openDatabase({ driver: 'postgres', url: created.url });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

const day = addDays(dayOf(currentTime()), -1);
const { start, end } = dayBounds(day);
const server = await startReplayServer();
const original = await freshDatabase();
const dir = await mkdtemp(path.join(os.tmpdir(), 'rentable-measure-'));
try {
  await syncRegistry(original.db, SCRAPE_TARGETS);
  let t = performance.now();
  await replayHistory(original.db, server, {
    targets: SCRAPE_TARGETS,
    from: start,
    to: new Date(start.getTime() + passes * 600_000),
    stepMs: 600_000,
    recordingsFrom: new Date('2026-11-17T06:00:00Z'),
    onPass: (at) => process.stdout.write(`\rpass ${at.toISOString()} `),
  });
  const scrapeMs = performance.now() - t;
  process.stdout.write('\n');

  t = performance.now();
  const stored = await storeArchive(original.db, day, new Date(end.getTime() + 2 * 3_600_000));
  const archiveMs = performance.now() - t;
  const file = path.join(dir, archiveFileName(day));
  const handle = await open(file, 'w');
  for await (const piece of archiveFilePieces(original.db, day)) await handle.write(piece);
  await handle.close();

  // Every request's snapshot as the archive carries it (gzipped alone), as if no payload ever repeated.
  const requested = await selectRows(
    original.db,
    sql`select r.snapshot_sha256 as sha256 from run_snapshots r where r.snapshot_sha256 is not null order by r.scrape_run_id, r.seq`,
    z.object({ sha256: z.string() }),
  );
  const reader = new SnapshotReader(original.db, 256);
  const gzippedSize = new Map<string, number>();
  for (const { sha256 } of requested) {
    if (gzippedSize.has(sha256)) continue;
    const bytes = await reader.read(sha256);
    gzippedSize.set(sha256, bytes ? (await gzipSnapshot(bytes)).stored.byteLength : 0);
  }
  const perPass = { bytes: requested.reduce((sum, r) => sum + (gzippedSize.get(r.sha256) ?? 0), 0), requests: requested.length };

  const restored = await freshDatabase();
  try {
    t = performance.now();
    const result = await restoreArchives(restored.db, [file]);
    const restoreMs = performance.now() - t;
    const targets = [...SCRAPE_TARGETS, ...HISTORY_SOURCES, ...committedSources()];
    t = performance.now();
    await applyRebuild(restored.db, targets, await planRebuild(restored.db, targets));
    const rebuildMs = performance.now() - t;

    const ceiling = ((perPass?.bytes ?? 0) / passes) * 144;
    console.log(`database: ${original.description}`);
    console.log(`${passes} passes of ${SCRAPE_TARGETS.length} sources (one day at 10 minutes is 144): scraped in ${seconds(scrapeMs)}`);
    console.log(`archive of ${day}: ${stored.sizeBytes} bytes (${mib(stored.sizeBytes)}), ${JSON.stringify(stored.counts)}, written in ${seconds(archiveMs)}`);
    console.log(`  ceiling if every payload were new on every pass: ${mib(ceiling)} of snapshots a day (${perPass?.requests} requests stored)`);
    console.log(`restore: ${result.runs} runs, ${result.snapshots} snapshots in ${seconds(restoreMs)}; rebuild --apply in ${seconds(rebuildMs)}`);
  } finally {
    await restored.close();
  }
} finally {
  await original.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
  for (const drop of drops) await drop();
}
