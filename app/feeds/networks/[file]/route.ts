import { getDatabase } from '@/lib/db';
import { apiRoute } from '@/lib/api/route';
import { feedResponse, networkFromFile } from '@/lib/events/feed-response';
import { publicOrigin } from '@/lib/public-origin';

/** GET /feeds/networks/<slug>.atom: the newest events of one network, Atom 1.0. */
export const GET = apiRoute(async (request, context: { params: Promise<{ file: string }> }) => {
  const network = networkFromFile((await context.params).file);
  const { db } = await getDatabase();
  return feedResponse(db, request, publicOrigin(), network);
});

export const dynamic = 'force-dynamic';
