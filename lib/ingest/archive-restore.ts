/**
 * `npm run restore`: loads evidence archives into an empty database. Every file is checked
 * first, all of them before anything is written: each member's sha256 and size against the
 * manifest, every row against its schema, every snapshot's bytes against the sha256 that names
 * it. Then the evidence goes in (networks, sources, snapshots, runs, their requests, the claims
 * ledger), one archive per transaction, days in order. Points, token prices and rollups are
 * derived: `npm run rebuild -- --apply` computes them again from the restored snapshots.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { count, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { storeSnapshot, type SnapshotStream } from '@/db/snapshot-store';
import {
  archives,
  claims,
  networks,
  pricePoints,
  rawSnapshots,
  runSnapshots,
  scrapeRuns,
  seriesRollups,
  sources,
  supplyPoints,
  tokenPrices,
} from '@/db/schema';
import { MANIFEST_MEMBER, manifestSchema, snapshotMemberName, TABLE_MEMBERS, type Manifest, type TableName } from './archive-format';
import { memberPieces, readMember, tarMembers, type TarMember } from './archive-tar';
import { gunzipSnapshot, sha256Hex } from './snapshot-bytes';

export class ArchiveRestoreError extends Error {}

export interface VerifiedArchive {
  file: string;
  /** sha256 of the whole file (what /api/v1/archive lists). */
  sha256: string;
  sizeBytes: number;
  manifest: Manifest;
  members: Map<string, TarMember>;
}

async function fileSha256(file: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const piece of createReadStream(file)) {
    hash.update(piece as Buffer);
    sizeBytes += (piece as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

async function memberSha256(handle: FileHandle, member: TarMember): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of memberPieces(handle, member)) hash.update(piece);
  return hash.digest('hex');
}

/**
 * Checks one archive against its manifest without loading it: every member listed with the
 * size and sha256 it has, nothing unlisted. Reads the file in pieces (bounded memory).
 */
export async function verifyArchive(file: string): Promise<VerifiedArchive> {
  const name = path.basename(file);
  const fail = (message: string) => new ArchiveRestoreError(`${name}: ${message}`);
  const handle = await open(file, 'r').catch((error: Error) => {
    throw fail(`cannot open: ${error.message}`);
  });
  try {
    const members = new Map<string, TarMember>();
    const hashes = new Map<string, string>();
    try {
      for await (const member of tarMembers(handle)) {
        if (members.has(member.name)) throw fail(`member ${member.name} appears twice`);
        members.set(member.name, member);
        if (member.name !== MANIFEST_MEMBER) hashes.set(member.name, await memberSha256(handle, member));
      }
    } catch (error) {
      if (error instanceof ArchiveRestoreError) throw error;
      throw fail((error as Error).message);
    }
    const manifestMember = members.get(MANIFEST_MEMBER);
    if (!manifestMember) throw fail(`no ${MANIFEST_MEMBER}: not a Rentable evidence archive`);
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(await readMember(handle, manifestMember))));
    } catch (error) {
      throw fail(`${MANIFEST_MEMBER} is not a valid manifest: ${(error as Error).message}`);
    }
    const listed = new Set<string>();
    for (const entry of manifest.members) {
      listed.add(entry.name);
      const member = members.get(entry.name);
      if (!member) throw fail(`member ${entry.name} is in the manifest but not in the file`);
      const actual = hashes.get(entry.name);
      if (member.sizeBytes !== entry.sizeBytes || actual !== entry.sha256) {
        throw fail(`member ${entry.name}: sha256 ${actual} (${member.sizeBytes} bytes) does not match the manifest's ${entry.sha256} (${entry.sizeBytes} bytes)`);
      }
    }
    for (const member of members.keys()) {
      if (member !== MANIFEST_MEMBER && !listed.has(member)) throw fail(`member ${member} is not in the manifest`);
    }
    for (const table of Object.values(TABLE_MEMBERS)) {
      if (!members.has(table.name)) throw fail(`member ${table.name} is missing`);
    }
    const whole = await fileSha256(file);
    // `npm run archive --out` writes a sha256sum file beside each archive: when it is there, the file must match it.
    const sidecar = await readFile(`${file}.sha256`, 'utf8').catch(() => null);
    const expected = sidecar?.trim().split(/\s+/)[0];
    if (expected && expected !== whole.sha256) throw fail(`sha256 ${whole.sha256} does not match ${name}.sha256 (${expected})`);
    return { file, ...whole, manifest, members };
  } finally {
    await handle.close();
  }
}

async function readTable<T extends TableName>(
  handle: FileHandle,
  archive: VerifiedArchive,
  table: T,
): Promise<z.output<(typeof TABLE_MEMBERS)[T]['row']>[]> {
  const { name, row } = TABLE_MEMBERS[table];
  const member = archive.members.get(name);
  if (!member) throw new ArchiveRestoreError(`${path.basename(archive.file)}: member ${name} is missing`);
  const text = new TextDecoder().decode(gunzipSync(await readMember(handle, member)));
  const lines = text.split('\n').filter((line) => line.length > 0);
  return lines.map((line, i) => {
    const parsed = row.safeParse(JSON.parse(line));
    if (!parsed.success) {
      throw new ArchiveRestoreError(`${path.basename(archive.file)}: member ${name} line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    return parsed.data as z.output<(typeof TABLE_MEMBERS)[T]['row']>;
  });
}

/** Tables that must be empty: restoring over existing evidence would mix two histories. */
const MUST_BE_EMPTY = [
  ['scrape_runs', scrapeRuns],
  ['raw_snapshots', rawSnapshots],
  ['supply_points', supplyPoints],
  ['price_points', pricePoints],
  ['token_prices', tokenPrices],
  ['series_rollups', seriesRollups],
  ['claims', claims],
  ['archives', archives],
] as const;

/** Refuses a database that holds any evidence, naming what it holds. The registry (networks, sources) may be there. */
export async function assertEmpty(db: Database, description: string): Promise<void> {
  const held: string[] = [];
  for (const [name, table] of MUST_BE_EMPTY) {
    const [row] = await db.select({ n: count() }).from(table);
    if (Number(row?.n ?? 0) > 0) held.push(`${name}: ${row?.n} rows`);
  }
  if (held.length > 0) {
    throw new ArchiveRestoreError(
      `refusing to restore into ${description}: it is not empty (${held.join(', ')}). Restore into a new database (an empty RENTABLE_DATA_DIR, or a new PostgreSQL database in DATABASE_URL).`,
    );
  }
}

export interface RestoreResult {
  days: string[];
  runs: number;
  snapshots: number;
}

const ROWS_PER_INSERT = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) out.push(items.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** Verifies every archive, then loads them in day order into an empty database. */
export async function restoreArchives(
  db: Database,
  files: readonly string[],
  options: { description?: string; onArchive?: (archive: VerifiedArchive) => void } = {},
): Promise<RestoreResult> {
  if (files.length === 0) throw new ArchiveRestoreError('no archive files given');
  await assertEmpty(db, options.description ?? 'this database');
  const verified: VerifiedArchive[] = [];
  for (const file of files) verified.push(await verifyArchive(file));
  verified.sort((a, b) => a.manifest.day.localeCompare(b.manifest.day));
  for (let i = 1; i < verified.length; i++) {
    if (verified[i]?.manifest.day === verified[i - 1]?.manifest.day) {
      throw new ArchiveRestoreError(`${verified[i]?.manifest.day} is given twice (${path.basename(verified[i - 1]?.file ?? '')}, ${path.basename(verified[i]?.file ?? '')})`);
    }
  }
  const result: RestoreResult = { days: [], runs: 0, snapshots: 0 };
  for (const archive of verified) {
    const loaded = await loadArchive(db, archive);
    result.days.push(archive.manifest.day);
    result.runs += loaded.runs;
    result.snapshots += loaded.snapshots;
    options.onArchive?.(archive);
  }
  // Runs kept their ids (points and shared points name them): new runs continue after them.
  await db.execute(
    sql`select setval(pg_get_serial_sequence('scrape_runs', 'id'), coalesce((select max(id) from scrape_runs), 1), (select count(*) > 0 from scrape_runs))`,
  );
  return result;
}

async function loadArchive(db: Database, archive: VerifiedArchive): Promise<{ runs: number; snapshots: number }> {
  const name = path.basename(archive.file);
  const handle = await open(archive.file, 'r');
  try {
    const networkRows = await readTable(handle, archive, 'networks');
    const sourceRows = await readTable(handle, archive, 'sources');
    const snapshotRows = await readTable(handle, archive, 'snapshots');
    const runRows = await readTable(handle, archive, 'runs');
    const requestRows = await readTable(handle, archive, 'requests');
    const claimRows = await readTable(handle, archive, 'claims');
    return await db.transaction(async (tx) => {
      // The registry as the archive knew it fills what this database lacks; a registry already
      // synced from today's code is kept (it is what the rebuild parses with).
      if (networkRows.length) await tx.insert(networks).values(networkRows).onConflictDoNothing();
      for (const part of chunks(sourceRows)) await tx.insert(sources).values(part).onConflictDoNothing();
      // Each snapshot goes into the stream of the first request that fetched it, in fetch order,
      // so the restored chains are the ones ingest built (see db/snapshot-store.ts).
      const sourceOfRun = new Map(runRows.map((run) => [run.id, run.sourceId]));
      const streams = new Map<string, SnapshotStream>();
      for (const request of [...requestRows].sort((a, b) => a.scrapeRunId - b.scrapeRunId || a.seq - b.seq)) {
        const sourceId = sourceOfRun.get(request.scrapeRunId);
        if (request.snapshotSha256 && sourceId && !streams.has(request.snapshotSha256)) streams.set(request.snapshotSha256, { sourceId, requestSeq: request.seq });
      }
      const inFetchOrder = [...snapshotRows].sort((a, b) => a.firstFetchedAt.getTime() - b.firstFetchedAt.getTime() || (a.sha256 < b.sha256 ? -1 : 1));
      for (const snapshot of inFetchOrder) {
        if (snapshot.member !== snapshotMemberName(snapshot.sha256, snapshot.encoding)) {
          throw new ArchiveRestoreError(`${name}: snapshot ${snapshot.sha256} names member ${snapshot.member}`);
        }
        const member = archive.members.get(snapshot.member);
        if (!member) throw new ArchiveRestoreError(`${name}: member ${snapshot.member} is missing`);
        const storedBytes = await readMember(handle, member);
        const bytes = gunzipSnapshot(snapshot.encoding, storedBytes);
        if (sha256Hex(bytes) !== snapshot.sha256 || bytes.byteLength !== snapshot.sizeBytes) {
          throw new ArchiveRestoreError(`${name}: member ${snapshot.member}: its bytes do not hash to the sha256 that names them`);
        }
        // A payload seen on several days is in each day's archive, identical: the first one stays.
        await storeSnapshot(tx, {
          sha256: snapshot.sha256,
          bytes,
          contentType: snapshot.contentType,
          firstFetchedAt: snapshot.firstFetchedAt,
          stream: streams.get(snapshot.sha256) ?? null,
        });
      }
      for (const part of chunks(runRows)) await tx.insert(scrapeRuns).values(part);
      for (const part of chunks(requestRows)) await tx.insert(runSnapshots).values(part);
      // The ledger as of each day, later days replacing earlier ones.
      for (const part of chunks(claimRows)) {
        await tx
          .insert(claims)
          .values(part)
          .onConflictDoUpdate({
            target: claims.id,
            set: {
              networkSlug: sql`excluded.network_slug`,
              kind: sql`excluded.kind`,
              text: sql`excluded.text`,
              figure: sql`excluded.figure`,
              unit: sql`excluded.unit`,
              gpuModel: sql`excluded.gpu_model`,
              counts: sql`excluded.counts`,
              sourceName: sql`excluded.source_name`,
              sourceUrl: sql`excluded.source_url`,
              seenAt: sql`excluded.seen_at`,
              loadedAt: sql`excluded.loaded_at`,
            },
          });
      }
      return { runs: runRows.length, snapshots: snapshotRows.length };
    });
  } finally {
    await handle.close();
  }
}
