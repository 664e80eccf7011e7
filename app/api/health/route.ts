import { getDatabase } from '@/lib/db';
import { healthQuerySchema, noParams } from '@/lib/api/params';
import { apiRoute } from '@/lib/api/route';
import { OPEN_DATA_HEADERS } from '@/lib/api/cors';
import { env } from '@/lib/env';
import { jsonText } from '@/lib/http/json-text';
import { readHealth, type Health } from '@/lib/queries/health';
import { currentTime } from '@/lib/clock';

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...OPEN_DATA_HEADERS };

/**
 * GET /api/health: 200 when ready, 503 when not (database unreachable, a migration pending, or
 * the last scrape pass older than HEALTH_MAX_PASS_AGE_MINUTES), with the same body either way.
 * Never cached: a load balancer must see the state now.
 */
export const GET = apiRoute(async (request) => {
  noParams(new URL(request.url), healthQuerySchema);
  const now = currentTime();
  let health: Health;
  try {
    const handle = await getDatabase();
    health = await readHealth(handle.db, { driver: handle.target.driver, now, maxPassAgeMinutes: env().HEALTH_MAX_PASS_AGE_MINUTES });
  } catch (error) {
    health = {
      status: 'not_ready',
      live: true,
      checkedAt: now.toISOString(),
      reasons: [`database unreachable: ${(error as Error).message}`],
      database: { reachable: false, driver: env().DATABASE_URL ? 'postgres' : 'pglite' },
      migrations: null,
      dataVersion: null,
      lastPass: null,
      sources: [],
    };
  }
  return new Response(jsonText(health), { status: health.status === 'ready' ? 200 : 503, headers: HEADERS });
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
