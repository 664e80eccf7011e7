import { getDatabase } from '@/lib/db';
import { pricesParams } from '@/lib/api/params';
import { pricesResponse } from '@/lib/api/responses';
import { apiRoute, json } from '@/lib/api/route';

/** GET /api/v1/prices?model=h100-sxm-80gb[&network=akash]&range=30d: USD per GPU-hour, with AWS for the same model. */
export const GET = apiRoute(async (request) => {
  const params = pricesParams(new URL(request.url));
  const { db } = await getDatabase();
  return json(await pricesResponse(db, { ...params, now: new Date() }));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
