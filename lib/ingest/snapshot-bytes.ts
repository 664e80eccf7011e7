/** Raw snapshot bytes: hashed as fetched, stored gzip-compressed, restored exactly. */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Compresses on libuv's thread pool (node:zlib's async gzip), not on the event loop: a large
 * snapshot must not stall the web server or the other sources of a pass while it is gzipped.
 */
export async function compressSnapshot(bytes: Uint8Array): Promise<{ encoding: 'gzip' | 'identity'; stored: Uint8Array }> {
  const gzipped = await gzipAsync(bytes, { level: 6 });
  // Tiny payloads can grow under gzip; keep whichever is smaller.
  return gzipped.byteLength < bytes.byteLength
    ? { encoding: 'gzip', stored: new Uint8Array(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength) }
    : { encoding: 'identity', stored: bytes };
}

export function restoreSnapshot(encoding: string, stored: Uint8Array): Uint8Array {
  if (encoding === 'identity') return stored;
  if (encoding === 'gzip') return new Uint8Array(gunzipSync(stored));
  throw new Error(`unknown snapshot encoding ${encoding}`);
}
