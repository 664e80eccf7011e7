import { getDatabase } from '@/lib/db';
import { apiRoute } from '@/lib/api/route';
import { feedResponse } from '@/lib/events/feed-response';
import { publicOrigin } from '@/lib/public-origin';

/** GET /feeds/events.atom: the newest events of every network, Atom 1.0. */
export const GET = apiRoute(async (request) => {
  const { db } = await getDatabase();
  return feedResponse(db, request, publicOrigin());
});

export const dynamic = 'force-dynamic';
