/**
 * The snapshot store's chains on PGlite and (with TEST_DATABASE_URL) PostgreSQL: deltas against
 * the stream's previous snapshot, a keyframe every KEYFRAME_INTERVAL, one row per sha256, and
 * every body read back byte for byte, whether read alone, in order or in the old encodings.
 */
import { gzipSync } from 'node:zlib';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client';
import { rawSnapshots } from './schema';
import { KEYFRAME_INTERVAL, migrateSnapshotStorage, readSnapshot, sha256Hex, SnapshotReader, storeSnapshot, type SnapshotStream } from './snapshot-store';
import { testDatabaseKinds } from './test-databases';

const encoder = new TextEncoder();
/** A listing of 200 offers of which a few change from one version to the next, as an upstream's do between scrapes. */
function payload(version: number): Uint8Array {
  const offers = Array.from({ length: 200 }, (_, i) => ({
    id: `offer-${i}`,
    gpu: i % 3 ? 'H100 SXM5' : 'A100 80GB',
    available: (i * 7 + (i % 10 === version % 10 ? version : 0)) % 13,
    usdPerHour: Number((1.5 + ((i * 13) % 40) / 100 + (i % 25 === version % 25 ? 0.01 : 0)).toFixed(2)),
  }));
  return encoder.encode(JSON.stringify({ fetched: version, offers }));
}
/** Byte equality as one comparison (a deep toEqual walks a Uint8Array byte by byte, seconds for these). */
const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.compare(a, b) === 0;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));

describe.each(testDatabaseKinds())('snapshot store on $name', (kind) => {
  let handle: DatabaseHandle;
  const stream: SnapshotStream = { sourceId: 'test-offers', requestSeq: 0 };
  const versions = Array.from({ length: KEYFRAME_INTERVAL + 5 }, (_, v) => payload(v));

  beforeAll(async () => {
    handle = await kind.open();
    for (const [v, bytes] of versions.entries()) {
      await handle.db.transaction((tx) => storeSnapshot(tx, { sha256: sha256Hex(bytes), bytes, contentType: 'application/json', firstFetchedAt: at(v * 10), stream }));
    }
  }, 60_000);
  afterAll(() => handle?.close());

  it('chains each snapshot to the previous one of its stream, with a keyframe every KEYFRAME_INTERVAL', async () => {
    const rows = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sourceId, stream.sourceId)).orderBy(asc(rawSnapshots.firstFetchedAt));
    expect(rows.map((r) => r.chainDepth)).toEqual(versions.map((_, v) => v % KEYFRAME_INTERVAL));
    for (const [v, row] of rows.entries()) {
      expect(row.encoding).toBe('zstd');
      expect(row.baseSha256).toBe(v % KEYFRAME_INTERVAL === 0 ? null : rows[v - 1]?.sha256);
    }
    const raw = versions.reduce((sum, b) => sum + b.byteLength, 0);
    const stored = rows.reduce((sum, r) => sum + r.storedBytes.byteLength, 0);
    const gzipped = versions.reduce((sum, b) => sum + gzipSync(b, { level: 6 }).byteLength, 0);
    // A delta of a few changed figures is far smaller than the snapshot gzipped alone.
    expect(stored * 3).toBeLessThan(gzipped);
    expect(stored).toBeLessThan(raw / 10);
  });

  it('reads every snapshot back byte for byte, alone or walking the chain in order', async () => {
    const reader = new SnapshotReader(handle.db);
    for (const bytes of versions) expect(same(await reader.read(sha256Hex(bytes)), bytes)).toBe(true);
    // Alone (the whole chain decoded), and backwards through a reader that kept later bodies:
    // a kept body must never stand in for another snapshot.
    for (const bytes of versions.filter((_, v) => v % 8 === 7 || v === KEYFRAME_INTERVAL - 1)) expect(same(await readSnapshot(handle.db, sha256Hex(bytes)), bytes)).toBe(true);
    for (const bytes of [...versions].reverse().filter((_, v) => v % 3 === 0)) expect(same(await reader.read(sha256Hex(bytes)), bytes)).toBe(true);
    expect(await readSnapshot(handle.db, '0'.repeat(64))).toBeNull();
  });

  it('stores a payload fetched again once, and compresses a new one against the latest', async () => {
    const again = versions[3] ?? new Uint8Array();
    await handle.db.transaction((tx) => storeSnapshot(tx, { sha256: sha256Hex(again), bytes: again, contentType: 'application/json', firstFetchedAt: at(10_000), stream }));
    const [{ n } = { n: 0 }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(rawSnapshots).where(eq(rawSnapshots.sourceId, stream.sourceId));
    expect(Number(n)).toBe(versions.length);
  });

  it('stores bytes that look like a zstd dictionary as keyframes, and a stream of its own apart', async () => {
    const magic = new Uint8Array([0x37, 0xa4, 0x30, 0xec, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const next = new Uint8Array([0x37, 0xa4, 0x30, 0xec, 1, 2, 3, 4, 5, 6, 7, 8, 10]);
    const own: SnapshotStream = { sourceId: 'test-offers', requestSeq: 1 };
    for (const [i, bytes] of [magic, next].entries()) {
      await handle.db.transaction((tx) => storeSnapshot(tx, { sha256: sha256Hex(bytes), bytes, contentType: null, firstFetchedAt: at(i), stream: own }));
    }
    const [row] = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256Hex(next)));
    expect(row).toMatchObject({ baseSha256: null, chainDepth: 0, requestSeq: 1 });
    expect(same(await readSnapshot(handle.db, sha256Hex(next)), next)).toBe(true);
  });

  it('reads rows in the layout before 0007 and moves them into chains', async () => {
    const old = [encoder.encode('{"legacy":1,"offers":[1,2,3]}'.repeat(20)), encoder.encode('{"legacy":2,"offers":[1,2,4]}'.repeat(20)), encoder.encode('{}')];
    for (const [i, bytes] of old.entries()) {
      const gzip = i < 2;
      await handle.db.insert(rawSnapshots).values({
        sha256: sha256Hex(bytes),
        encoding: gzip ? 'gzip' : 'identity',
        contentType: 'application/json',
        sizeBytes: bytes.byteLength,
        storedBytes: gzip ? new Uint8Array(gzipSync(bytes)) : bytes,
        firstFetchedAt: at(20_000 + i),
        sourceId: 'test-legacy',
        requestSeq: 0,
      });
      expect(same(await readSnapshot(handle.db, sha256Hex(bytes)), bytes)).toBe(true);
    }
    expect(await migrateSnapshotStorage(handle.db)).toEqual({ migrated: 3, remaining: 0 });
    const rows = await handle.db.select().from(rawSnapshots).where(eq(rawSnapshots.sourceId, 'test-legacy')).orderBy(asc(rawSnapshots.firstFetchedAt));
    expect(rows.map((r) => [r.encoding, r.chainDepth])).toEqual([
      ['zstd', 0],
      ['zstd', 1],
      ['zstd', 2],
    ]);
    for (const bytes of old) expect(same(await readSnapshot(handle.db, sha256Hex(bytes)), bytes)).toBe(true);
    expect(await migrateSnapshotStorage(handle.db)).toEqual({ migrated: 0, remaining: 0 });
  });
});
