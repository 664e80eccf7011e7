import { getDatabase } from '@/lib/db';
import { networksResponse } from '@/lib/api/responses';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { networksQuerySchema, noParams } from '@/lib/api/params';

export const GET = cachedApiRoute(async (request) => {
  noParams(new URL(request.url), networksQuerySchema);
  const { db } = await getDatabase();
  return json(request, await networksResponse(db, apiNow()));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
