import { getDatabase } from '@/lib/db';
import { networksResponse } from '@/lib/api/responses';
import { apiRoute, json } from '@/lib/api/route';
import { networksQuerySchema, noParams } from '@/lib/api/params';

export const GET = apiRoute(async (request) => {
  noParams(new URL(request.url), networksQuerySchema);
  const { db } = await getDatabase();
  return json(request, await networksResponse(db));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
