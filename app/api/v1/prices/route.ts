import { getDatabase } from '@/lib/db';
import { pricesParams } from '@/lib/api/params';
import { pricesResponse } from '@/lib/api/responses';
import { apiNow, cachedApiRoute, csv, json } from '@/lib/api/route';
import { csvFilename, seriesCsv } from '@/lib/api/series-csv';

/** GET /api/v1/prices?model=h100-sxm-80gb[&network=akash]&range=30d: USD per GPU-hour, with AWS for the same model. */
export const GET = cachedApiRoute(async (request) => {
  const { format, ...params } = pricesParams(new URL(request.url));
  const { db } = await getDatabase();
  const body = await pricesResponse(db, { ...params, now: apiNow() });
  if (format === 'csv') {
    const filename = csvFilename('prices', `${params.network ?? 'all-networks'}-${body.model}`, body.window);
    return csv(request, await seriesCsv(db, body.series, body.sources), filename);
  }
  return json(request, body);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
