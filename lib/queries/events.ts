/** Reads of the event log (lib/events): the newest events for a feed, and the webhook delivery log for /status. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { eventCursor, events, webhookDeliveries } from '@/db/schema';

export type EventRow = typeof events.$inferSelect;

/** A feed never holds more than this many entries: readers poll, and only the newest matter. */
export const MAX_FEED_ENTRIES = 200;
export const DEFAULT_FEED_ENTRIES = 50;

/** The newest events (of one network, when given), newest first; at most `limit` (≤ MAX_FEED_ENTRIES). */
export async function readEvents(db: Database, options: { network?: string; limit?: number } = {}): Promise<EventRow[]> {
  const limit = Math.min(options.limit ?? DEFAULT_FEED_ENTRIES, MAX_FEED_ENTRIES);
  const query = db.select().from(events);
  const filtered = options.network ? query.where(eq(events.networkSlug, options.network)) : query;
  return filtered.orderBy(desc(events.occurredAt), desc(events.id)).limit(limit);
}

/** How far detection has run: the feed's "updated" when it has no entries yet. */
export async function readDetectedThrough(db: Database): Promise<Date | null> {
  const [row] = await db.select({ at: eventCursor.detectedThrough }).from(eventCursor).limit(1);
  return row?.at ?? null;
}

export interface DeliveryLogRow {
  id: number;
  url: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
  eventId: string;
  eventKind: string;
  eventTitle: string;
}

/** The newest webhook deliveries with their event, for the log on /status (bounded by `limit`). */
export async function readDeliveryLog(db: Database, limit = 20): Promise<DeliveryLogRow[]> {
  return db
    .select({
      id: webhookDeliveries.id,
      url: webhookDeliveries.url,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      responseCode: webhookDeliveries.responseCode,
      error: webhookDeliveries.error,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      eventId: events.id,
      eventKind: events.kind,
      eventTitle: events.title,
    })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .orderBy(sql`${webhookDeliveries.createdAt} desc, ${webhookDeliveries.id} desc`)
    .limit(Math.min(limit, 100));
}
