import { getDatabase } from '@/lib/db';
import { indexEvidenceResponse } from '@/lib/api/gpu-index';
import { indexEvidenceParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';

/** GET /api/v1/index/evidence?model=h100-sxm-80gb&at=…[&resolution=day]: every quote, run and snapshot behind one index value. */
export const GET = cachedApiRoute(async (request) => {
  const params = indexEvidenceParams(new URL(request.url));
  const { db } = await getDatabase();
  return json(request, await indexEvidenceResponse(db, { ...params, now: apiNow() }));
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
