/**
 * How raw snapshot bodies are kept, like version control keeps a file: consecutive snapshots of
 * one source differ in a few figures, so each is stored as zstd compressed with the previous
 * snapshot of the same stream (source and request position) as its dictionary, a delta that is
 * a few hundred bytes where the whole body is tens of kilobytes. Every KEYFRAME_INTERVAL-th
 * snapshot of a stream is compressed alone (a keyframe), so reading any snapshot decompresses
 * at most KEYFRAME_INTERVAL frames. A row's base and depth never change once written, so a chain
 * can only grow, never be rewritten under a reader.
 *
 * Rows written before migration 0009 hold `gzip` or `identity` bodies; they stay readable, and
 * `migrateSnapshotStorage` (run by openDatabase after the SQL migrations) re-encodes them.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Decoder, Encoder } from '@toondepauw/node-zstd';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from './client';
import { rawSnapshots } from './schema';

const gunzipAsync = promisify(gunzip);

/** A read decompresses at most this many frames (measured with npm run bench:snapshots). */
export const KEYFRAME_INTERVAL = 32;
/** zstd level: 9 compresses these JSON deltas ~10% tighter than 3 at a cost that stays under a millisecond. */
export const ZSTD_LEVEL = 9;

/** zstd reads a dictionary starting with this magic number as a trained one, not as raw content. */
const ZSTD_DICTIONARY_MAGIC = 0xec30a437;

export type SnapshotEncoding = 'zstd' | 'gzip' | 'identity';

/** Where a snapshot sits among the snapshots it is compressed against: its source and request position. */
export interface SnapshotStream {
  sourceId: string;
  requestSeq: number;
}

export interface PackedSnapshot {
  encoding: 'zstd';
  storedBytes: Uint8Array;
  baseSha256: string | null;
  chainDepth: number;
}

type Reader = Pick<Database, 'select' | 'execute'>;
type Writer = Pick<Database, 'insert' | 'update'>;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const asBytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

function usableAsDictionary(base: Uint8Array): boolean {
  return base.byteLength >= 8 && !(base.byteLength >= 4 && new DataView(base.buffer, base.byteOffset, 4).getUint32(0, true) === ZSTD_DICTIONARY_MAGIC);
}

/** Compresses on libuv's thread pool (the binding's async encode), never on the event loop. */
async function zstdEncode(bytes: Uint8Array, dictionary: Uint8Array | null): Promise<Uint8Array> {
  const encoder = dictionary ? new Encoder(ZSTD_LEVEL, asBuffer(dictionary)) : new Encoder(ZSTD_LEVEL);
  return asBytes(await encoder.encode(asBuffer(bytes)));
}

/**
 * Below this size a frame is decoded on the event loop: the thread pool's round trip costs
 * ~0.3 ms where decoding a 100 KB body takes ~0.05 ms, and a read decodes up to a chain of them.
 */
const SYNC_DECODE_BYTES = 256 * 1024;

async function zstdDecode(stored: Uint8Array, dictionary: Uint8Array | null): Promise<Uint8Array> {
  const decoder = dictionary ? new Decoder(asBuffer(dictionary)) : new Decoder();
  // The body is about its base's size; a keyframe compresses JSON ~10 times.
  const expected = dictionary ? dictionary.byteLength : stored.byteLength * 10;
  return asBytes(expected < SYNC_DECODE_BYTES ? decoder.decodeSync(asBuffer(stored)) : await decoder.decode(asBuffer(stored)));
}

/** One stored body back to the bytes as fetched; a zstd delta needs its base's bytes. */
export async function decodeStoredBody(encoding: string, stored: Uint8Array, base: Uint8Array | null): Promise<Uint8Array> {
  if (encoding === 'identity') return stored;
  if (encoding === 'gzip') return asBytes(await gunzipAsync(stored));
  if (encoding === 'zstd') return zstdDecode(stored, base);
  throw new Error(`unknown snapshot encoding ${encoding}`);
}

interface ChainRow {
  sha256: string;
  encoding: string;
  baseSha256: string | null;
  storedBytes: Uint8Array;
}

/** The snapshot and its bases up to the keyframe, in one query: at most KEYFRAME_INTERVAL rows, most of them deltas of a few hundred bytes. */
async function chainOf(db: Reader, sha256: string): Promise<ChainRow[]> {
  const result = (await db.execute(sql`
    with recursive chain(sha256, encoding, base_sha256, stored_bytes, hops) as (
      select sha256, encoding, base_sha256, stored_bytes, 0 from raw_snapshots where sha256 = ${sha256}
      union all
      -- LATERAL … LIMIT 1: one primary-key probe a step, whatever the planner's statistics
      -- say (a plain join here gets a hash join over the whole table on a young database).
      select s.sha256, s.encoding, s.base_sha256, s.stored_bytes, c.hops + 1
      from chain c
      cross join lateral (select sha256, encoding, base_sha256, stored_bytes from raw_snapshots where sha256 = c.base_sha256 limit 1) s
      where c.hops < ${KEYFRAME_INTERVAL}
    )
    select sha256, encoding, base_sha256, stored_bytes from chain order by hops`)) as unknown as {
    rows: { sha256: string; encoding: string; base_sha256: string | null; stored_bytes: Uint8Array | string }[];
  };
  return result.rows.map((r) => ({
    sha256: r.sha256,
    encoding: r.encoding,
    baseSha256: r.base_sha256,
    // PGlite returns bytea as Uint8Array, node-postgres as a Buffer (one too); neither as text.
    storedBytes: typeof r.stored_bytes === 'string' ? asBytes(Buffer.from(r.stored_bytes.replace(/^\\x/, ''), 'hex')) : new Uint8Array(r.stored_bytes),
  }));
}

export interface SnapshotBody {
  sha256: string;
  bytes: Uint8Array;
}

/**
 * Reads snapshots back byte for byte, checking each against the sha256 that names it. Keeps the
 * last few it decoded: a reader walking a stream in order (rebuild, archive) then decodes one
 * delta per snapshot instead of the whole chain each time.
 */
export class SnapshotReader {
  private readonly decoded = new Map<string, Uint8Array>();

  constructor(
    private readonly db: Reader,
    private readonly keep = KEYFRAME_INTERVAL,
  ) {}

  async read(sha256: string): Promise<Uint8Array | null> {
    const hit = this.decoded.get(sha256);
    if (hit) return hit;
    // Reading in stream order, the base was the last one read: one primary-key probe, one frame.
    // A reader that holds nothing yet (a single read) goes straight to the chain.
    if (this.decoded.size > 0) return this.readNext(sha256);
    return this.readChain(sha256);
  }

  private async readNext(sha256: string): Promise<Uint8Array | null> {
    const [row] = await this.db
      .select({ encoding: rawSnapshots.encoding, baseSha256: rawSnapshots.baseSha256, storedBytes: rawSnapshots.storedBytes })
      .from(rawSnapshots)
      .where(eq(rawSnapshots.sha256, sha256));
    if (!row) return null;
    const base = row.baseSha256 === null ? null : this.decoded.get(row.baseSha256);
    if (row.baseSha256 === null || base) {
      const bytes = await decodeStoredBody(row.encoding, row.storedBytes, base ?? null);
      if (sha256Hex(bytes) !== sha256) throw new Error(`snapshot ${sha256}: the stored body does not hash to its sha256`);
      this.remember(sha256, bytes);
      return bytes;
    }
    return this.readChain(sha256);
  }

  private async readChain(sha256: string): Promise<Uint8Array | null> {
    const chain = await chainOf(this.db, sha256);
    if (chain.length === 0) return null;
    // From the nearest already decoded ancestor (or the keyframe) down to the snapshot asked for.
    let start = chain.findIndex((row) => this.decoded.has(row.sha256));
    let bytes: Uint8Array | null = start >= 0 ? (this.decoded.get(chain[start]?.sha256 ?? '') ?? null) : null;
    if (start < 0) {
      start = chain.length;
      const keyframe = chain[chain.length - 1];
      if (keyframe?.baseSha256) throw new Error(`snapshot ${sha256}: its chain is longer than ${KEYFRAME_INTERVAL} or its base ${keyframe.baseSha256} is missing`);
    }
    for (let i = start - 1; i >= 0; i--) {
      const row = chain[i];
      if (!row) break;
      bytes = await decodeStoredBody(row.encoding, row.storedBytes, row.baseSha256 ? bytes : null);
      if (sha256Hex(bytes) !== row.sha256) throw new Error(`snapshot ${row.sha256}: the stored body does not hash to its sha256`);
      this.remember(row.sha256, bytes);
    }
    return bytes;
  }

  private remember(sha256: string, bytes: Uint8Array): void {
    this.decoded.delete(sha256);
    this.decoded.set(sha256, bytes);
    while (this.decoded.size > this.keep) {
      const oldest = this.decoded.keys().next();
      if (oldest.done) break;
      this.decoded.delete(oldest.value);
    }
  }
}

/** The bytes of one snapshot exactly as fetched, or null when no snapshot has that sha256. */
export function readSnapshot(db: Reader, sha256: string): Promise<Uint8Array | null> {
  return new SnapshotReader(db, 1).read(sha256);
}

/**
 * The last body stored in each stream, so the next delta needs no decode of the chain. Kept
 * for the process, whatever the database: a body is named by its sha256, so a hit is the right
 * bytes wherever the base was read from.
 */
const lastOfStream = new Map<string, SnapshotBody>();
const STREAMS_KEPT = 256;
const streamKey = (stream: SnapshotStream) => `${stream.sourceId}\u0000${stream.requestSeq}`;

/** The snapshot a new one of `stream` is compressed against: the stream's latest zstd row, if its chain has room. */
async function baseFor(db: Reader, stream: SnapshotStream): Promise<{ sha256: string; chainDepth: number } | null> {
  const [latest] = await db
    .select({ sha256: rawSnapshots.sha256, chainDepth: rawSnapshots.chainDepth })
    .from(rawSnapshots)
    .where(and(eq(rawSnapshots.sourceId, stream.sourceId), eq(rawSnapshots.requestSeq, stream.requestSeq), eq(rawSnapshots.encoding, 'zstd')))
    .orderBy(desc(rawSnapshots.firstFetchedAt), desc(rawSnapshots.sha256))
    .limit(1);
  return latest && latest.chainDepth + 1 < KEYFRAME_INTERVAL ? latest : null;
}

/**
 * Compresses `bytes` for storage in `stream`: a delta against the stream's latest snapshot, or a
 * keyframe when the chain is full, the stream is unknown or the base cannot serve as a dictionary.
 * Reads through `db` (outside a transaction in ingest, its transaction in a migration or restore).
 */
export async function packSnapshot(db: Reader, bytes: Uint8Array, stream: SnapshotStream | null): Promise<PackedSnapshot> {
  const base = stream ? await baseFor(db, stream) : null;
  let baseBytes: Uint8Array | null = null;
  if (base && stream) {
    const cached = lastOfStream.get(streamKey(stream));
    baseBytes = cached?.sha256 === base.sha256 ? cached.bytes : await readSnapshot(db, base.sha256);
  }
  if (base && baseBytes && usableAsDictionary(baseBytes)) {
    return { encoding: 'zstd', storedBytes: await zstdEncode(bytes, baseBytes), baseSha256: base.sha256, chainDepth: base.chainDepth + 1 };
  }
  return { encoding: 'zstd', storedBytes: await zstdEncode(bytes, null), baseSha256: null, chainDepth: 0 };
}

/** Notes the body just stored as its stream's latest, so the next delta needs no decode. */
export function rememberStored(stream: SnapshotStream | null, body: SnapshotBody): void {
  if (!stream) return;
  const key = streamKey(stream);
  lastOfStream.delete(key);
  lastOfStream.set(key, body);
  if (lastOfStream.size > STREAMS_KEPT) {
    const oldest = lastOfStream.keys().next();
    if (!oldest.done) lastOfStream.delete(oldest.value);
  }
}

export interface SnapshotToStore {
  sha256: string;
  bytes: Uint8Array;
  contentType: string | null;
  firstFetchedAt: Date;
  stream: SnapshotStream | null;
}

export async function snapshotExists(db: Reader, sha256: string): Promise<boolean> {
  const [row] = await db.select({ sha256: rawSnapshots.sha256 }).from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256));
  return row !== undefined;
}

/** Inserts a packed snapshot once per sha256 (the same bytes fetched again are already there). */
export async function insertSnapshot(tx: Writer, snapshot: SnapshotToStore, packed: PackedSnapshot): Promise<void> {
  await tx
    .insert(rawSnapshots)
    .values({
      sha256: snapshot.sha256,
      encoding: packed.encoding,
      contentType: snapshot.contentType,
      sizeBytes: snapshot.bytes.byteLength,
      storedBytes: packed.storedBytes,
      firstFetchedAt: snapshot.firstFetchedAt,
      sourceId: snapshot.stream?.sourceId ?? null,
      requestSeq: snapshot.stream?.requestSeq ?? null,
      baseSha256: packed.baseSha256,
      chainDepth: packed.chainDepth,
    })
    .onConflictDoNothing();
}

/** Packs and inserts in one go, inside a transaction: restore and tests (ingest packs before its transaction). */
export async function storeSnapshot(tx: Reader & Writer, snapshot: SnapshotToStore): Promise<void> {
  if (await snapshotExists(tx, snapshot.sha256)) return;
  await insertSnapshot(tx, snapshot, await packSnapshot(tx, snapshot.bytes, snapshot.stream));
  rememberStored(snapshot.stream, snapshot);
}

// ───────────────────────────── migration 0009 ─────────────────────────────

const MIGRATION_BATCH = 500;

/**
 * Re-encodes every snapshot still stored as gzip or identity (the layout before 0009) into zstd
 * chains, oldest first, a batch per transaction. Idempotent and resumable: a row is rewritten
 * only while it is still in the old encoding, and only after its bytes were checked against its
 * sha256; a stop between batches leaves finished rows finished and the rest as they were, both
 * readable. `maxRows` stops early (tests use it to show a resumed run finishes the job).
 */
export async function migrateSnapshotStorage(db: Database, options: { maxRows?: number } = {}): Promise<{ migrated: number; remaining: number }> {
  let migrated = 0;
  for (;;) {
    const room = options.maxRows === undefined ? MIGRATION_BATCH : Math.min(MIGRATION_BATCH, options.maxRows - migrated);
    if (room <= 0) break;
    const done = await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          sha256: rawSnapshots.sha256,
          encoding: rawSnapshots.encoding,
          storedBytes: rawSnapshots.storedBytes,
          sourceId: rawSnapshots.sourceId,
          requestSeq: rawSnapshots.requestSeq,
        })
        .from(rawSnapshots)
        .where(ne(rawSnapshots.encoding, 'zstd'))
        .orderBy(rawSnapshots.firstFetchedAt, rawSnapshots.sha256)
        .limit(room);
      for (const row of rows) {
        const bytes = await decodeStoredBody(row.encoding, row.storedBytes, null);
        if (sha256Hex(bytes) !== row.sha256) throw new Error(`snapshot ${row.sha256}: its ${row.encoding} body does not hash to its sha256; left as it is`);
        const stream = row.sourceId !== null && row.requestSeq !== null ? { sourceId: row.sourceId, requestSeq: row.requestSeq } : null;
        const packed = await packSnapshot(tx, bytes, stream);
        await tx
          .update(rawSnapshots)
          .set({ encoding: packed.encoding, storedBytes: packed.storedBytes, baseSha256: packed.baseSha256, chainDepth: packed.chainDepth })
          .where(and(eq(rawSnapshots.sha256, row.sha256), eq(rawSnapshots.encoding, row.encoding), isNull(rawSnapshots.baseSha256)));
        rememberStored(stream, { sha256: row.sha256, bytes });
      }
      return rows.length;
    });
    migrated += done;
    if (done < room) break;
  }
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(rawSnapshots).where(ne(rawSnapshots.encoding, 'zstd'));
  return { migrated, remaining: Number(left?.n ?? 0) };
}
