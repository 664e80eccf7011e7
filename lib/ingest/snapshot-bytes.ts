/**
 * Raw snapshot bytes outside the database: hashed as fetched, and gzipped one by one as the
 * evidence archive carries them (anyone can gunzip a member; the database keeps zstd chains,
 * see db/snapshot-store.ts). gzip at level 6 is what the database stored before migration 0009,
 * so a day archived before and after it is the same file.
 */
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

export { sha256Hex } from '@/db/snapshot-store';

const gzipAsync = promisify(gzip);

/** An archive member: gzip on libuv's thread pool, or the bytes as fetched when gzip would not make them smaller. */
export async function gzipSnapshot(bytes: Uint8Array): Promise<{ encoding: 'gzip' | 'identity'; stored: Uint8Array }> {
  const gzipped = await gzipAsync(bytes, { level: 6 });
  return gzipped.byteLength < bytes.byteLength
    ? { encoding: 'gzip', stored: new Uint8Array(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength) }
    : { encoding: 'identity', stored: bytes };
}

/** An archive member back to the bytes as fetched. */
export function gunzipSnapshot(encoding: string, stored: Uint8Array): Uint8Array {
  if (encoding === 'identity') return stored;
  if (encoding === 'gzip') return new Uint8Array(gunzipSync(stored));
  throw new Error(`unknown snapshot encoding ${encoding}`);
}
