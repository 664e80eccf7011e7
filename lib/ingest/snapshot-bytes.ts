/** Raw snapshot bytes: hashed as fetched, stored gzip-compressed, restored exactly. */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function compressSnapshot(bytes: Uint8Array): { encoding: 'gzip' | 'identity'; stored: Uint8Array } {
  const gzipped = gzipSync(bytes, { level: 6 });
  // Tiny payloads can grow under gzip; keep whichever is smaller.
  return gzipped.byteLength < bytes.byteLength
    ? { encoding: 'gzip', stored: new Uint8Array(gzipped) }
    : { encoding: 'identity', stored: bytes };
}

export function restoreSnapshot(encoding: string, stored: Uint8Array): Uint8Array {
  if (encoding === 'identity') return stored;
  if (encoding === 'gzip') return new Uint8Array(gunzipSync(stored));
  throw new Error(`unknown snapshot encoding ${encoding}`);
}
