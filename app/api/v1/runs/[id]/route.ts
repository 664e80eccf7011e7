import { getDatabase } from '@/lib/db';
import { runPathParams } from '@/lib/api/params';
import { runProvenance } from '@/lib/api/responses';
import { cachedApiRoute, json } from '@/lib/api/route';

/** GET /api/v1/runs/:id: the scrape run behind a point, its source and its raw snapshot. */
export const GET = cachedApiRoute(async (request, context: { params: Promise<{ id: string }> }) => {
  const id = runPathParams(await context.params);
  const { db } = await getDatabase();
  // A run never changes once written: cache it for a day.
  return json(request, await runProvenance(db, id), 86_400);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
