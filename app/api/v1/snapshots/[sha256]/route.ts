import { eq } from 'drizzle-orm';
import { rawSnapshots } from '@/db/schema';
import { readSnapshot } from '@/db/snapshot-store';
import { getDatabase } from '@/lib/db';
import { NotFoundError } from '@/lib/api/errors';
import { snapshotPathParams } from '@/lib/api/params';
import { OPEN_DATA_HEADERS, apiRoute } from '@/lib/api/route';

/**
 * GET /api/v1/snapshots/:sha256: the raw bytes exactly as fetched. Content-addressed, so
 * cacheable for ever. Anything but JSON is sent as plain text, so a scraped HTML page can never
 * run as a page of ours.
 */
export const GET = apiRoute(async (_request, context: { params: Promise<{ sha256: string }> }) => {
  const sha256 = snapshotPathParams(await context.params);
  const { db } = await getDatabase();
  const [snapshot] = await db.select({ contentType: rawSnapshots.contentType }).from(rawSnapshots).where(eq(rawSnapshots.sha256, sha256));
  // Decoded from its zstd chain (at most KEYFRAME_INTERVAL frames) and checked against its sha256.
  const bytes = snapshot ? await readSnapshot(db, sha256) : null;
  if (!snapshot || !bytes) throw new NotFoundError(`no snapshot ${sha256}`);
  const isJson = /json/i.test(snapshot.contentType ?? '');
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-disposition': `inline; filename="${sha256}.${isJson ? 'json' : 'txt'}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${sha256}"`,
      'x-content-type-options': 'nosniff',
      ...OPEN_DATA_HEADERS,
    },
  });
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
