import { getDatabase } from '@/lib/db';
import { modelSupplyParams } from '@/lib/api/params';
import { modelSupplyResponse } from '@/lib/api/responses';
import { apiNow, apiRoute, json } from '@/lib/api/route';

/** GET /api/v1/model-supply?model=h100-sxm-80gb&status=rentable&range=7d: one GPU model, every network's sources. */
export const GET = apiRoute(async (request) => {
  const params = modelSupplyParams(new URL(request.url));
  const { db } = await getDatabase();
  return json(request, await modelSupplyResponse(db, { ...params, now: apiNow() }));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
