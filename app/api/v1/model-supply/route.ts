import { getDatabase } from '@/lib/db';
import { modelSupplyParams } from '@/lib/api/params';
import { modelSupplyResponse } from '@/lib/api/responses';
import { apiNow, cachedApiRoute, csv, json } from '@/lib/api/route';
import { csvFilename, seriesCsv } from '@/lib/api/series-csv';

/** GET /api/v1/model-supply?model=h100-sxm-80gb&status=rentable&range=7d[&format=csv]: one GPU model, every network's sources. */
export const GET = cachedApiRoute(async (request) => {
  const { format, ...params } = modelSupplyParams(new URL(request.url));
  const { db } = await getDatabase();
  const body = await modelSupplyResponse(db, { ...params, now: apiNow() });
  if (format === 'csv') {
    return csv(request, await seriesCsv(db, body.series, body.sources), csvFilename('model-supply', body.model, body.window));
  }
  return json(request, body);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
