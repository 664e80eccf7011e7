import { getDatabase } from '@/lib/db';
import { archiveListResponse } from '@/lib/api/archive';
import { archiveListQuerySchema, noParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { publicOrigin } from '@/lib/public-origin';

/** GET /api/v1/archive: the evidence archive, one file per completed UTC day (see /methodology). */
export const GET = cachedApiRoute(async (request) => {
  noParams(new URL(request.url), archiveListQuerySchema);
  const { db } = await getDatabase();
  return json(request, await archiveListResponse(db, { origin: publicOrigin(), now: apiNow() }));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
