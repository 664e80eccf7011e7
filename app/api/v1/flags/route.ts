import { thresholds } from '@/lib/analytics/config';
import { getDatabase } from '@/lib/db';
import { flagsCsv } from '@/lib/api/flags-csv';
import { flagsParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, csv, json } from '@/lib/api/route';
import { readFlagsState } from '@/lib/queries/analytics-state';

/** GET /api/v1/flags?range=30d[&network=ionet][&format=csv]: suspicious claims, each with the points that raised it. */
export const GET = cachedApiRoute(async (request) => {
  const { network, format, view } = flagsParams(new URL(request.url));
  const { db } = await getDatabase();
  // A preset range's flags are stored once per data version (lib/queries/analytics-state.ts): one row read.
  const { window, report } = await readFlagsState(db, view, apiNow(), thresholds(), network);
  if (format === 'csv') {
    return csv(request, flagsCsv(report.flags), `rentable-flags-${network ?? 'all-networks'}-${window.from.toISOString().slice(0, 10)}_${window.to.toISOString().slice(0, 10)}.csv`);
  }
  return json(request, { window: { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution }, ...report });
});

export const dynamic = 'force-dynamic';
