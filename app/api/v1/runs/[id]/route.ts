import { getDatabase } from '@/lib/db';
import { runProvenance } from '@/lib/api/responses';
import { apiRoute, json } from '@/lib/api/route';
import { InvalidParameterError } from '@/lib/view-state';

/** GET /api/v1/runs/:id: the scrape run behind a point, its source and its raw snapshot. */
export const GET = apiRoute(async (request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  if (!/^\d{1,15}$/.test(id)) throw new InvalidParameterError('id', 'must be a scrape run number');
  const { db } = await getDatabase();
  // A run never changes once written: cache it for a day.
  return json(request, await runProvenance(db, Number(id)), 86_400);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
