/**
 * Writes one UTC day's evidence archive (format: archive-format.ts) as a stream of byte pieces,
 * and stores it in the archives tables. Memory is bounded by one day's run metadata and its
 * gzipped snapshots.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { SnapshotReader } from '@/db/snapshot-store';
import { selectRows } from '@/db/rows';
import { archiveChunks, archives, claims, networks, rawSnapshots, runSnapshots, scrapeRuns, sources, tokenPrices } from '@/db/schema';
import { currentTime } from '../clock';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  dayBounds,
  dayOf,
  daysBetween,
  isComplete,
  lastCompleteDay,
  MANIFEST_MEMBER,
  README_MEMBER,
  readmeText,
  RUN_DAY_RULE,
  snapshotMemberName,
  TABLE_MEMBERS,
  type Manifest,
  type TableName,
} from './archive-format';
import { TAR_END, tarHeader, tarPadding } from './archive-tar';
import { gzipSnapshot, sha256Hex } from './snapshot-bytes';

/** The day a run belongs to, as SQL (see RUN_DAY_RULE). */
const runDay = sql`(case when ${scrapeRuns.origin} in ('backfill', 'claim') then ${scrapeRuns.startedAt} else ${scrapeRuns.observedAt} end)`;

const IN_LIST = 1_000;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_LIST) out.push(items.slice(i, i + IN_LIST));
  return out;
}

/** One JSON object per line, dates as ISO 8601, gzipped (deterministic: node's gzip writes no time). */
function ndjsonGz(rows: readonly unknown[]): Uint8Array {
  const text = rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
  const gz = gzipSync(text, { level: 9 });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

/**
 * The archive of `day` as a stream of pieces. Deterministic: the same stored evidence gives the
 * same bytes (members in a fixed order, every mtime the end of the day). `counts` is filled with
 * the rows of each table as they are written.
 */
export async function* archivePieces(db: Database, day: string, counts: Record<string, number> = {}): AsyncGenerator<Uint8Array> {
  const { start, end } = dayBounds(day);
  const mtime = Math.floor(end.getTime() / 1000);
  const members: Manifest['members'] = [];
  function* member(name: string, bytes: Uint8Array): Generator<Uint8Array> {
    members.push({ name, sizeBytes: bytes.byteLength, sha256: sha256Hex(bytes) });
    yield tarHeader(name, bytes.byteLength, mtime);
    yield bytes;
    yield tarPadding(bytes.byteLength);
  }
  function* table(name: TableName, rows: readonly unknown[]): Generator<Uint8Array> {
    counts[name] = rows.length;
    yield* member(TABLE_MEMBERS[name].name, ndjsonGz(rows));
  }

  const inDay = and(gte(runDay, start), lt(runDay, end));
  const runs = await db.select().from(scrapeRuns).where(inDay).orderBy(asc(scrapeRuns.id));
  const requests = await db
    .select()
    .from(runSnapshots)
    .where(inArray(runSnapshots.scrapeRunId, db.select({ id: scrapeRuns.id }).from(scrapeRuns).where(inDay)))
    .orderBy(asc(runSnapshots.scrapeRunId), asc(runSnapshots.seq));
  const shas = [...new Set([...runs.map((r) => r.snapshotSha256), ...requests.map((r) => r.snapshotSha256)])]
    .filter((s): s is string => s !== null)
    .sort();
  const snapshotRows = [];
  for (const part of batches(shas)) {
    snapshotRows.push(
      ...(await db
        .select({
          sha256: rawSnapshots.sha256,
          contentType: rawSnapshots.contentType,
          sizeBytes: rawSnapshots.sizeBytes,
          firstFetchedAt: rawSnapshots.firstFetchedAt,
        })
        .from(rawSnapshots)
        .where(inArray(rawSnapshots.sha256, part))),
    );
  }
  // Each member is the snapshot gzipped alone (as the database stored it before migration
  // 0009), so an archive needs no other file to read and the same day archives to the same bytes
  // whatever the storage layout. Decoded in fetch order, so the reader walks each chain once;
  // a day's gzipped snapshots (a few MB) are held until they stream out.
  const gzipped = new Map<string, { encoding: 'gzip' | 'identity'; stored: Uint8Array }>();
  const reader = new SnapshotReader(db, 64);
  for (const s of [...snapshotRows].sort((a, b) => a.firstFetchedAt.getTime() - b.firstFetchedAt.getTime() || (a.sha256 < b.sha256 ? -1 : 1))) {
    const bytes = await reader.read(s.sha256);
    if (!bytes) throw new Error(`snapshot ${s.sha256} vanished while archiving ${day}`);
    gzipped.set(s.sha256, await gzipSnapshot(bytes));
  }
  snapshotRows.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  const snapshotsListed = snapshotRows.map((s) => {
    const encoding = gzipped.get(s.sha256)?.encoding ?? 'identity';
    return { sha256: s.sha256, encoding, contentType: s.contentType, sizeBytes: s.sizeBytes, firstFetchedAt: s.firstFetchedAt, member: snapshotMemberName(s.sha256, encoding) };
  });

  yield* member(README_MEMBER, new TextEncoder().encode(readmeText(day)));
  yield* table('networks', await db.select().from(networks).orderBy(asc(networks.slug)));
  // Every source, with the adapter version it had when the day was archived.
  yield* table('sources', await db.select().from(sources).orderBy(asc(sources.id)));
  yield* table('snapshots', snapshotsListed);
  yield* table('runs', runs);
  yield* table('requests', requests);
  yield* table('tokenRates', await tokenRatesOfDay(db, start, end));
  yield* table('claims', await db.select().from(claims).orderBy(asc(claims.id)));

  for (const snapshot of snapshotsListed) {
    const stored = gzipped.get(snapshot.sha256);
    if (!stored) throw new Error(`snapshot ${snapshot.sha256} vanished while archiving ${day}`);
    yield* member(snapshot.member, stored.stored);
  }

  const manifest: Manifest = { format: ARCHIVE_FORMAT, formatVersion: ARCHIVE_FORMAT_VERSION, day, runDayRule: RUN_DAY_RULE, counts, members };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n');
  yield tarHeader(MANIFEST_MEMBER, manifestBytes.byteLength, mtime);
  yield manifestBytes;
  yield tarPadding(manifestBytes.byteLength);
  yield TAR_END;
}

const tokenRateRow = z.object({
  scrape_run_id: z.coerce.number(),
  source_id: z.string(),
  symbol: z.string(),
  observed_at: z.coerce.date(),
  usd: z.coerce.number(),
});

/** The token rates observed during the day, and the last of each token before it (the rate in force at midnight). */
async function tokenRatesOfDay(db: Database, start: Date, end: Date) {
  const before = await selectRows(
    db,
    sql`select distinct on (symbol, source_id) scrape_run_id, source_id, symbol, observed_at, usd
        from token_prices where observed_at < ${start.toISOString()}::timestamptz
        order by symbol, source_id, observed_at desc`,
    tokenRateRow,
  );
  const during = await db
    .select()
    .from(tokenPrices)
    .where(and(gte(tokenPrices.observedAt, start), lt(tokenPrices.observedAt, end)))
    .orderBy(asc(tokenPrices.observedAt), asc(tokenPrices.symbol), asc(tokenPrices.sourceId));
  const earlier = before
    .map((r) => ({ scrapeRunId: r.scrape_run_id, sourceId: r.source_id, symbol: r.symbol, observedAt: r.observed_at, usd: r.usd }))
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || a.symbol.localeCompare(b.symbol));
  return [...earlier, ...during];
}

// ───────────────────────────── storing ─────────────────────────────

/** Stored chunk size: a download holds one chunk in memory at a time. */
const CHUNK_BYTES = 1 << 20;

export interface StoredArchive {
  day: string;
  sha256: string;
  sizeBytes: number;
  counts: Record<string, number>;
  /** Whether this call wrote it (false: it was already archived, and is immutable). */
  written: boolean;
}

export class ArchiveDayError extends Error {}

/**
 * Writes the archive of a completed day into the archives tables, in one transaction (a
 * half-written archive is never listed). An archived day is never written again.
 */
export async function storeArchive(db: Database, day: string, now = currentTime()): Promise<StoredArchive> {
  if (!isComplete(day, now)) {
    throw new ArchiveDayError(`${day} is not over yet (a day is archived once it ended more than an hour ago; now is ${now.toISOString()})`);
  }
  const [existing] = await db.select().from(archives).where(eq(archives.day, day));
  if (existing) return { day, sha256: existing.sha256, sizeBytes: existing.sizeBytes, counts: existing.counts, written: false };
  return db.transaction(async (tx) => {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let seq = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    // The archive row first: its chunks reference it. Its totals are filled in at the end.
    await tx.insert(archives).values({ day, sha256: '', sizeBytes: 0, chunks: 0, counts: {}, createdAt: now });
    const flush = async () => {
      if (pendingBytes === 0) return;
      await tx.insert(archiveChunks).values({ day, seq, bytes: Buffer.concat(pending) });
      seq += 1;
      pending = [];
      pendingBytes = 0;
    };
    const counts: Record<string, number> = {};
    for await (const piece of archivePieces(tx as unknown as Database, day, counts)) {
      hash.update(piece);
      sizeBytes += piece.byteLength;
      pending.push(piece);
      pendingBytes += piece.byteLength;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    const sha256 = hash.digest('hex');
    await tx.update(archives).set({ sha256, sizeBytes, chunks: seq, counts: counts }).where(eq(archives.day, day));
    return { day, sha256, sizeBytes, counts: counts, written: true };
  });
}

/**
 * Completed days not yet archived: from the first day any run belongs to, up to the last day
 * complete at `now`. A day without runs still gets its (small) archive, so the series of days
 * has no holes a reader must wonder about.
 */
export async function daysToArchive(db: Database, now = currentTime()): Promise<string[]> {
  const [first] = await selectRows(db, sql`select min(${runDay}) as first from ${scrapeRuns}`, z.object({ first: z.coerce.date().nullable() }));
  if (!first?.first) return [];
  const last = lastCompleteDay(now);
  const firstDay = dayOf(first.first);
  if (firstDay > last) return [];
  const done = new Set((await db.select({ day: archives.day }).from(archives)).map((a) => a.day));
  return daysBetween(firstDay, last).filter((d) => !done.has(d));
}
