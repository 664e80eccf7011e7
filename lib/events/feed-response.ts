/**
 * The HTTP side of the feeds: parameters (a bad `limit` is a 400 naming it, an unknown network
 * a 404), the newest entries, and a weak ETag / Last-Modified from what the feed holds, so a
 * poller that already has it gets a 304 for one small query.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { NotFoundError } from '../api/errors';
import { findNetwork } from '../networks';
import { DEFAULT_FEED_ENTRIES, MAX_FEED_ENTRIES, readDetectedThrough, readEvents } from '../queries/events';
import { InvalidParameterError } from '../view-state';
import { ATOM_CONTENT_TYPE, atomFeed, GLOBAL_FEED, networkFeed, type FeedDescription } from './atom';

const FEED_PARAMS = ['limit'] as const;
const limitSchema = z.coerce.number().int().min(1).max(MAX_FEED_ENTRIES);

export function feedLimit(url: URL): number {
  for (const name of url.searchParams.keys()) {
    if (!(FEED_PARAMS as readonly string[]).includes(name)) throw new InvalidParameterError(name, `unknown parameter; a feed takes only ${FEED_PARAMS.join(', ')}`);
  }
  const values = url.searchParams.getAll('limit');
  if (values.length > 1) throw new InvalidParameterError('limit', 'give it once');
  if (values.length === 0) return DEFAULT_FEED_ENTRIES;
  const parsed = limitSchema.safeParse(values[0]);
  if (!parsed.success) throw new InvalidParameterError('limit', `must be a whole number from 1 to ${MAX_FEED_ENTRIES}`);
  return parsed.data;
}

/** `<slug>.atom` of a known network, or a 404. */
export function networkFromFile(file: string): { slug: string; name: string } {
  const match = /^([a-z0-9-]{1,40})\.atom$/.exec(file);
  const network = match ? findNetwork(match[1] as string) : undefined;
  if (!network) throw new NotFoundError(`no feed ${file}: network feeds are /feeds/networks/<network>.atom`);
  return { slug: network.slug, name: network.name };
}

export async function feedResponse(db: Database, request: Request, origin: string, network?: { slug: string; name: string }): Promise<Response> {
  const url = new URL(request.url);
  const limit = feedLimit(url);
  const feed: FeedDescription = network ? networkFeed(network.slug, network.name) : GLOBAL_FEED;
  const [entries, detectedThrough] = await Promise.all([readEvents(db, { network: network?.slug, limit }), readDetectedThrough(db)]);
  const body = atomFeed(origin, feed, entries, detectedThrough);
  const etag = `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
  const lastModified = (entries[0]?.occurredAt ?? detectedThrough ?? new Date(0)).toUTCString();
  const headers = {
    'content-type': ATOM_CONTENT_TYPE,
    etag,
    'last-modified': lastModified,
    // Events appear only when a pass commits (every 10 minutes by default).
    'cache-control': 'public, max-age=60',
    'access-control-allow-origin': '*',
  };
  const given = request.headers.get('if-none-match');
  if (given && given.split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}
