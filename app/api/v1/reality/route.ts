import { thresholds } from '@/lib/analytics/config';
import { getDatabase } from '@/lib/db';
import { realityParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { readCostClaims, readDependability, readReality } from '@/lib/queries/analytics';
import { resolveWindow } from '@/lib/view-state';

/** GET /api/v1/reality?range=30d: reality ratio league with trends, dependability, and cost claims against measurement. */
export const GET = cachedApiRoute(async (request) => {
  const window = resolveWindow(realityParams(new URL(request.url)).view, apiNow());
  const { db } = await getDatabase();
  const [reality, dependability, costClaims] = await Promise.all([
    readReality(db, window, thresholds()),
    readDependability(db, window, thresholds()),
    readCostClaims(db, thresholds()),
  ]);
  return json(request, {
    window: { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution },
    league: reality.league,
    series: reality.series,
    dependability,
    costClaims,
  });
});

export const dynamic = 'force-dynamic';
