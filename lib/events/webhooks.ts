/**
 * Webhooks: every event, as JSON, to every URL in WEBHOOK_URLS, signed with HMAC-SHA256 over
 * the raw body with WEBHOOK_SECRET. The pipeline stores a pending delivery per (event, URL) in
 * the transaction that stores the event; this loop sends them after the scrape pass, never
 * inside it, a few at a time, and retries a failure (no 2xx answer, a timeout) with exponential
 * backoff until MAX_ATTEMPTS. A delivery is claimed in the database before it is sent, so
 * several workers on one PostgreSQL never send the same delivery twice.
 *
 * Body: `{ "event": {…}, "delivery": { "id", "attempt", "sentAt" } }`. Headers:
 * `Rentable-Signature: sha256=<hex>`, `Rentable-Timestamp: <unix seconds of sentAt>`,
 * `Rentable-Event-Id`, `Rentable-Event-Kind`, `Rentable-Delivery-Id`. The timestamp is inside
 * the signed body too, so a receiver rejecting old timestamps is not fooled by a replay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq, inArray, min, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { events, webhookAttempts, webhookDeliveries } from '@/db/schema';
import { currentTime } from '../clock';
import type { Logger } from '../log';
import { publicOrigin } from '../public-origin';
import { eventJson, type EventJson } from './event-json';

export const MAX_ATTEMPTS = 8;
/** First retry after 30 s, then 1, 2, 4 … minutes: about an hour of retries in all. */
export const DEFAULT_BACKOFF_MS = 30_000;
export const DEFAULT_CONCURRENCY = 4;
/** A claimed delivery is left alone this long past its timeout, so a crashed sender's claim lapses. */
const CLAIM_MARGIN_MS = 30_000;

export const SIGNATURE_HEADER = 'rentable-signature';
export const TIMESTAMP_HEADER = 'rentable-timestamp';

export interface WebhookConfig {
  secret: string;
  /** Evidence links in the body start with it (lib/public-origin.ts by default). */
  origin?: string;
  timeoutMs: number;
  maxAttempts?: number;
  backoffMs?: number;
  concurrency?: number;
}

export interface WebhookBody {
  event: EventJson;
  delivery: { id: number; attempt: number; sentAt: string };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, raw body). */
export function signWebhookBody(secret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does (README "Webhooks"): recompute the signature over the raw bytes and compare in constant time. */
export function verifyWebhookSignature(secret: string, rawBody: string | Uint8Array, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, rawBody));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The delay before attempt n + 1 after n failed attempts. */
export function backoffDelayMs(failedAttempts: number, backoffMs = DEFAULT_BACKOFF_MS): number {
  return backoffMs * 2 ** Math.max(0, failedAttempts - 1);
}

export interface DeliveryRound {
  attempted: number;
  delivered: number;
  failed: number;
}

interface Sent {
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

const STOPPED = 'stopped by shutdown';

async function send(url: string, rawBody: string, headers: Record<string, string>, timeoutMs: number, stop?: AbortSignal): Promise<Sent> {
  const started = performance.now();
  try {
    const signal = stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { method: 'POST', body: rawBody, headers, signal, redirect: 'manual' });
    // The answer's body means nothing to us; read it so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { responseCode: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const e = error as Error;
    const message = stop?.aborted ? STOPPED : e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message;
    return { responseCode: null, error: message, durationMs: Math.round(performance.now() - started) };
  }
}

/**
 * Sends every delivery due now (claimed first), at most `concurrency` at a time. `stop` (a
 * shutdown) cuts sends short: those are handed back, due at once, not counted as attempts.
 */
export async function deliverDueWebhooks(db: Database, config: WebhookConfig, limit = 100, stop?: AbortSignal): Promise<DeliveryRound> {
  const now = currentTime();
  const claimUntil = new Date(now.getTime() + config.timeoutMs + CLAIM_MARGIN_MS);
  const claimed = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: claimUntil })
    .where(
      inArray(
        webhookDeliveries.id,
        sql`(select id from ${webhookDeliveries} where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
             order by next_attempt_at, id limit ${limit} for update skip locked)`,
      ),
    )
    .returning();
  if (claimed.length === 0) return { attempted: 0, delivered: 0, failed: 0 };
  const eventRows = await db.select().from(events).where(inArray(events.id, [...new Set(claimed.map((d) => d.eventId))]));
  const byId = new Map(eventRows.map((e) => [e.id, e]));
  const round: DeliveryRound = { attempted: 0, delivered: 0, failed: 0 };
  const maxAttempts = config.maxAttempts ?? MAX_ATTEMPTS;
  const queue = claimed.sort((a, b) => a.id - b.id);
  const worker = async () => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
      if (stop?.aborted) {
        await db.update(webhookDeliveries).set({ nextAttemptAt: currentTime() }).where(eq(webhookDeliveries.id, delivery.id));
        continue;
      }
      const event = byId.get(delivery.eventId);
      if (!event) continue;
      const attempt = delivery.attempts + 1;
      const sentAt = currentTime();
      const body: WebhookBody = { event: eventJson(event, config.origin ?? publicOrigin()), delivery: { id: delivery.id, attempt, sentAt: sentAt.toISOString() } };
      const rawBody = JSON.stringify(body);
      const sent = await send(
        delivery.url,
        rawBody,
        {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Rentable-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhookBody(config.secret, rawBody),
          [TIMESTAMP_HEADER]: String(Math.floor(sentAt.getTime() / 1000)),
          'rentable-event-id': event.id,
          'rentable-event-kind': event.kind,
          'rentable-delivery-id': String(delivery.id),
        },
        config.timeoutMs,
        stop,
      );
      const done = currentTime();
      if (sent.error === STOPPED) {
        await db.update(webhookDeliveries).set({ nextAttemptAt: done }).where(eq(webhookDeliveries.id, delivery.id));
        continue;
      }
      const delivered = sent.error === null;
      const exhausted = !delivered && attempt >= maxAttempts;
      await db.insert(webhookAttempts).values({ deliveryId: delivery.id, attempt, attemptedAt: sentAt, responseCode: sent.responseCode, error: sent.error, durationMs: sent.durationMs });
      await db
        .update(webhookDeliveries)
        .set({
          status: delivered ? 'delivered' : exhausted ? 'failed' : 'pending',
          attempts: attempt,
          lastAttemptAt: sentAt,
          responseCode: sent.responseCode,
          error: sent.error,
          deliveredAt: delivered ? done : null,
          nextAttemptAt: delivered || exhausted ? done : new Date(done.getTime() + backoffDelayMs(attempt, config.backoffMs)),
        })
        .where(eq(webhookDeliveries.id, delivery.id));
      round.attempted += 1;
      if (delivered) round.delivered += 1;
      if (exhausted) round.failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency ?? DEFAULT_CONCURRENCY, claimed.length) }, worker));
  return round;
}

/** When the next pending delivery is due, if any. */
export async function nextDeliveryDue(db: Database): Promise<Date | null> {
  const [row] = await db.select({ due: min(webhookDeliveries.nextAttemptAt) }).from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending'));
  return row?.due ?? null;
}

export interface WebhookDispatcher {
  /** Starts a delivery round now (or right after the one running); never waits for it. */
  kick(): void;
  /** Resolves when no round is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The delivery loop: a round when kicked (after each scrape pass), then another when the
 * earliest retry is due. Runs beside the scheduler, so a slow receiver never delays a pass.
 */
export function startWebhookDispatcher(db: Database, config: WebhookConfig, log?: Logger): WebhookDispatcher {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Aborted by stop(): a shutdown does not wait out a slow receiver's timeout.
  const stopping = new AbortController();

  const schedule = async () => {
    const due = await nextDeliveryDue(db);
    if (stopped || !due) return;
    const delayMs = Math.min(Math.max(0, due.getTime() - currentTime().getTime()), 2 ** 31 - 1);
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, delayMs);
    timer.unref?.();
  };

  const round = async () => {
    do {
      again = false;
      for (;;) {
        const result = await deliverDueWebhooks(db, config, 100, stopping.signal);
        if (result.attempted > 0) log?.info({ ...result }, 'webhook deliveries sent');
        if (result.attempted === 0 || stopped) break;
      }
    } while (again && !stopped);
    await schedule();
  };

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((error: unknown) => log?.error({ err: error }, 'webhook delivery failed'))
      .finally(() => {
        running = null;
      });
  }

  return {
    kick,
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      await running;
    },
  };
}
