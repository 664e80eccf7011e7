import { getDatabase } from '@/lib/db';
import { supplyParams } from '@/lib/api/params';
import { supplyResponse } from '@/lib/api/responses';
import { apiNow, cachedApiRoute, csv, json } from '@/lib/api/route';
import { csvFilename, seriesCsv } from '@/lib/api/series-csv';

/** GET /api/v1/supply?network=ionet&status=claimed,free,rentable&model=all&range=7d[&format=csv] */
export const GET = cachedApiRoute(async (request) => {
  const { format, ...params } = supplyParams(new URL(request.url));
  const { db } = await getDatabase();
  const body = await supplyResponse(db, { ...params, now: apiNow() });
  if (format === 'csv') {
    const filename = csvFilename('supply', `${body.network}-${body.model}`, body.window);
    return csv(request, await seriesCsv(db, body.series, body.sources), filename);
  }
  return json(request, body);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
