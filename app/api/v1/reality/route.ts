import { thresholds } from '@/lib/analytics/config';
import { getDatabase } from '@/lib/db';
import { realityParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, json } from '@/lib/api/route';
import { readCostClaims, readDependability, readReality } from '@/lib/queries/analytics';
import { readWindow } from '@/lib/queries/window';

/** GET /api/v1/reality?range=30d: reality ratio league with trends, dependability, and cost claims against measurement. */
export const GET = cachedApiRoute(async (request) => {
  const { view } = realityParams(new URL(request.url));
  const { db } = await getDatabase();
  const window = await readWindow(db, view, apiNow());
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
