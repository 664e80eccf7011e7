import { getDatabase } from '@/lib/db';
import { NotFoundError } from '@/lib/api/errors';
import { archivePathParams } from '@/lib/api/params';
import { OPEN_DATA_HEADERS, apiRoute } from '@/lib/api/route';
import { currentTime } from '@/lib/clock';
import { archiveFileName } from '@/lib/ingest/archive-format';
import { archiveFilePieces, findArchive } from '@/lib/queries/archives';
import { dayOf } from '@/lib/utc-day';

/**
 * GET /api/v1/archive/:day: one day's evidence archive (a tar), streamed chunk by chunk from
 * the database. A finished day's archive never changes, so its sha256 is a strong ETag and it
 * may be cached for ever. The current day is never offered: it is still being recorded.
 */
export const GET = apiRoute(async (request, context: { params: Promise<{ day: string }> }) => {
  const day = archivePathParams(await context.params);
  if (day >= dayOf(currentTime())) throw new NotFoundError(`${day} is not over yet: a day is archived once it has ended`);
  const { db } = await getDatabase();
  const archive = await findArchive(db, day);
  if (!archive) throw new NotFoundError(`no archive for ${day}`);
  const etag = `"${archive.sha256}"`;
  const headers = {
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
    ...OPEN_DATA_HEADERS,
  };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return new Response(null, { status: 304, headers });
  const pieces = archiveFilePieces(db, day);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      ...headers,
      'content-type': 'application/x-tar',
      'content-length': String(archive.sizeBytes),
      'content-disposition': `attachment; filename="${archiveFileName(day)}"`,
      'x-content-type-options': 'nosniff',
    },
  });
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
