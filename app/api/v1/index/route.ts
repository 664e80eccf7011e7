import { getDatabase } from '@/lib/db';
import { indexCsv, indexResponse } from '@/lib/api/gpu-index';
import { indexParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, csv, json } from '@/lib/api/route';

/** GET /api/v1/index[?model=h100-sxm-80gb][&range=30d][&at=…][&format=csv]: the open GPU index, with AWS and Vast.ai beside it. */
export const GET = cachedApiRoute(async (request) => {
  const now = apiNow();
  const { format, ...params } = indexParams(new URL(request.url), now);
  const { db } = await getDatabase();
  const body = await indexResponse(db, { ...params, now });
  if (format === 'csv') {
    const which = params.models.length === 1 ? params.models[0] : 'all-models';
    const filename = `rentable-gpu-index-${which}-${body.window.from.slice(0, 10)}-${body.window.to.slice(0, 10)}-${body.window.resolution}.csv`;
    return csv(request, indexCsv(body), filename);
  }
  return json(request, body);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
