import { getDatabase } from '@/lib/db';
import { supplyParams } from '@/lib/api/params';
import { supplyResponse } from '@/lib/api/responses';
import { apiRoute, json } from '@/lib/api/route';

/** GET /api/v1/supply?network=ionet&status=claimed,free,rentable&model=all&range=7d */
export const GET = apiRoute(async (request) => {
  const params = supplyParams(new URL(request.url));
  const { db } = await getDatabase();
  return json(await supplyResponse(db, { ...params, now: new Date() }));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
