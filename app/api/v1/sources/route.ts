import { getDatabase } from '@/lib/db';
import { noParams, sourcesQuerySchema } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { readSourceStatuses } from '@/lib/queries/source-status';

/** GET /api/v1/sources: every source with its status, success rates and evidence grade. */
export const GET = cachedApiRoute(async (request) => {
  noParams(new URL(request.url), sourcesQuerySchema);
  const { db } = await getDatabase();
  return json(request, { sources: await readSourceStatuses(db, apiNow()) });
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
