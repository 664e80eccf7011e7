import { thresholds } from '@/lib/analytics/config';
import { getDatabase } from '@/lib/db';
import { realityParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { readCostClaims } from '@/lib/queries/analytics';
import { readRealityState } from '@/lib/queries/analytics-state';

/** GET /api/v1/reality?range=30d: reality ratio league with trends, dependability, and cost claims against measurement. */
export const GET = cachedApiRoute(async (request) => {
  const { view } = realityParams(new URL(request.url));
  const { db } = await getDatabase();
  // A preset range's league and dependability are stored once per data version (lib/queries/analytics-state.ts);
  // cost claims read the latest prices, one row a series.
  const [{ window, reality, dependability }, costClaims] = await Promise.all([readRealityState(db, view, apiNow(), thresholds()), readCostClaims(db, thresholds())]);
  return json(request, {
    window: { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution },
    league: reality.league,
    series: reality.series,
    dependability,
    costClaims,
  });
});

export const dynamic = 'force-dynamic';
