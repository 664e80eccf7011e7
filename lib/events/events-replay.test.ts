/**
 * A week of io.net replayed through the real fetch → parse → store path, the event pipeline
 * after every pass as the scheduler runs it: IO Cloud's rentable pool empties for two passes,
 * the explorer's market snapshot fails for 12 hours, the devices total never moves and the
 * totals disagree. The feeds hold the expected entries, valid Atom; a local receiver gets each
 * webhook exactly once, signed, including one retried after it first answered 500; running the
 * pipeline again adds nothing; and a pass through the scheduler detects and kicks delivery
 * without waiting for it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { events, webhookAttempts, webhookDeliveries } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { replayHistory } from '@/scripts/replay-history';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { currentTimeMs } from '../clock';
import { startScheduler } from '../ingest/scheduler';
import { syncRegistry } from '../ingest/sync-registry';
import { noRateLimit } from '../ingest/rate-limiter';
import { readEvents, readDetectedThrough } from '../queries/events';
import { ionetCloudCaasAvailability, IONET_SOURCES } from '../sources/ionet';
import { atomFeed, eventTagUri, GLOBAL_FEED, networkFeed } from './atom';
import { eventsAfterPass } from './after-pass';
import { EVENT_KINDS, eventId } from './kinds';
import { detectWindow, runEventPipeline } from './pipeline';
import { startWebhookDispatcher, verifyWebhookSignature, type WebhookBody } from './webhooks';

const HOUR = 3_600_000;
const STEP = 6 * HOUR;
const ORIGIN = 'https://rentable.example';
const SECRET = 'test-secret-0123456789abcdef';
// Laid relative to the test clock, so the scheduler's pass "now" falls right after the week.
const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;
const from = new Date(thisHour - 7 * 24 * HOUR);
const to = new Date(thisHour - 2 * HOUR);
const passAt = (index: number) => new Date(from.getTime() + index * STEP);
const ZERO_PASSES = [8, 9];
const FAILING_PASSES = [14, 15, 16];
/** IO Cloud stops listing its first GPU model (H100 SXM) for two passes. */
const MODEL_GONE_PASSES = [20, 21];
/** The explorer's GPU total triples for one pass: a jump up, then one down. */
const JUMP_PASS = 24;
/** The devices total finally moves: the frozen-claim flag clears. */
const THAW_FROM_PASS = 26;

interface Received {
  eventId: string;
  deliveryId: string;
  status: number;
  signed: boolean;
  body: WebhookBody;
}

/** The webhook receiver: verifies each signature, answers the first request 500, and can be told to answer slowly. */
async function startReceiver() {
  const received: Received[] = [];
  let slowMs = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString('utf8')) as WebhookBody;
      const signed =
        verifyWebhookSignature(SECRET, raw, request.headers['rentable-signature'] as string | undefined) &&
        request.headers['rentable-timestamp'] === String(Math.floor(Date.parse(body.delivery.sentAt) / 1000));
      const status = received.length === 0 ? 500 : 204;
      received.push({ eventId: String(request.headers['rentable-event-id']), deliveryId: String(request.headers['rentable-delivery-id']), status, signed, body });
      setTimeout(() => response.writeHead(status).end(), slowMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/rentable`,
    received,
    setSlow: (ms: number) => {
      slowMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const LAST_RECORDED_DAY = '2026-11-23';

/** A dated io.net recording, changed. */
function recordingWith<T>(name: string, day: string, change: (json: T) => void): string {
  // The dated sequence ends on 2026-11-23; later passes change its last day.
  const recorded = day > LAST_RECORDED_DAY ? LAST_RECORDED_DAY : day;
  const file = path.join(process.cwd(), 'lib', 'sources', 'recordings', 'ionet', 'sequence', `${name}-${recorded}.json`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  change(json);
  return JSON.stringify(json);
}

type Caas = { data: { hardware: { available: number }[] } };
const caasBody = (day: string, available: (n: number) => number) =>
  recordingWith<Caas>('caas-max-gpus-per-container', day, (json) => {
    json.data.hardware = json.data.hardware.map((h) => ({ ...h, available: available(h.available) }));
  });

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) });

/** Per kind counts of the replay, the same on every database (printed for the closing note). */
const countsByDatabase = new Map<string, Record<string, number>>();

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testDatabaseKinds())('event replay on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    server = await startReplayServer();
    receiver = await startReceiver();
    handle = await kind.open();
    await syncRegistry(handle.db, IONET_SOURCES);
    const recordingsFrom = new Date('2026-11-17T06:00:00Z');
    await replayHistory(handle.db, server, {
      targets: IONET_SOURCES,
      from,
      to,
      stepMs: STEP,
      recordingsFrom,
      beforePass: (_at, index) => {
        server.clearOverrides();
        const day = new Date(recordingsFrom.getTime() + index * STEP).toISOString().slice(0, 10);
        if (ZERO_PASSES.includes(index)) {
          server.setOverride({ network: 'ionet', path: ionetCloudCaasAvailability.request.path, body: caasBody(day, () => 0) });
        }
        if (FAILING_PASSES.includes(index)) server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network/market-snapshot', status: 503, body: 'unavailable' });
        if (MODEL_GONE_PASSES.includes(index)) {
          server.setOverride({ network: 'ionet', path: ionetCloudCaasAvailability.request.path, body: recordingWith<Caas>('caas-max-gpus-per-container', day, (json) => void json.data.hardware.shift()) });
        }
        if (index === JUMP_PASS) {
          server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network', body: recordingWith<{ total_gpu: number }>('network', day, (json) => void (json.total_gpu *= 3)) });
        }
        if (index >= THAW_FROM_PASS) {
          server.setOverride({ network: 'ionet', path: '/v1/io-explorer/devices/hardware', body: recordingWith<{ data: { total_gpu: number } }>('devices-hardware', day, (json) => void (json.data.total_gpu += 1_000)) });
        }
      },
      afterPass: async (at) => {
        await runEventPipeline(handle.db, { now: at, thresholds: DEFAULT_THRESHOLDS, webhookUrls: [receiver.url] });
      },
    });
    server.clearOverrides();
  }, 240_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
    await receiver?.close();
  });

  const stored = () => handle.db.select().from(events).orderBy(asc(events.occurredAt), asc(events.id));

  it('stores the expected events, each dated by its evidence and linked to its run', async () => {
    const rows = await stored();
    const find = (kindName: string, subject: string) => rows.filter((e) => e.kind === kindName && e.subject === subject);
    const caas = 'rentable:ionet:ionet-cloud-caas-availability';
    expect(find('rentable-zero', caas).map((e) => e.occurredAt.toISOString())).toEqual([passAt(ZERO_PASSES[0] as number).toISOString()]);
    expect(find('rentable-recovered', caas).map((e) => e.occurredAt.toISOString())).toEqual([passAt(10).toISOString()]);
    const failing = find('source-failing', 'source:ionet-market-snapshot');
    // Failing since its first failed run; more than 6 h at the third (12 h later).
    expect(failing.map((e) => [e.details.keyAt, e.occurredAt.toISOString()])).toEqual([[passAt(14).toISOString(), passAt(16).toISOString()]]);
    expect(find('source-recovered', 'source:ionet-market-snapshot').map((e) => e.occurredAt.toISOString())).toEqual([passAt(17).toISOString()]);
    // The devices total sits at 69,415 all week, and io.net's totals disagree by far more than 3×.
    expect(find('flag-raised', 'frozen-claim:ionet:ionet-devices-hardware')).toHaveLength(1);
    expect(rows.some((e) => e.kind === 'flag-raised' && e.subject.startsWith('claim-spread:ionet:'))).toBe(true);
    const h100 = 'model:ionet-cloud-caas-availability:h100-sxm-80gb';
    expect(find('model-vanished', h100).map((e) => e.occurredAt.toISOString())).toEqual([passAt(MODEL_GONE_PASSES[0] as number).toISOString()]);
    expect(find('model-appeared', h100).map((e) => e.occurredAt.toISOString())).toEqual([passAt(22).toISOString()]);
    expect(find('claim-jump', 'claim-jump:ionet:ionet-explorer-network').map((e) => e.occurredAt.toISOString())).toEqual([passAt(JUMP_PASS).toISOString(), passAt(JUMP_PASS + 1).toISOString()]);
    expect(find('flag-cleared', 'frozen-claim:ionet:ionet-devices-hardware').map((e) => e.occurredAt.toISOString())).toEqual([passAt(THAW_FROM_PASS).toISOString()]);
    // Every event but those with no single run behind them links to a run of its source.
    for (const e of rows.filter((r) => ['rentable-zero', 'rentable-recovered', 'source-failing', 'source-recovered'].includes(r.kind))) {
      expect(e.runId, e.title).not.toBeNull();
    }
    const counts = Object.fromEntries(EVENT_KINDS.map((k) => [k, rows.filter((e) => e.kind === k).length]));
    countsByDatabase.set(kind.name, counts);
    console.log(`events per kind on ${kind.name}: ${JSON.stringify(counts)}`);
    if (countsByDatabase.size === 2) expect(countsByDatabase.get('pglite')).toEqual(countsByDatabase.get('postgres'));
  });

  it('finds the same events detecting the whole week at once as pass by pass, and running again adds nothing', async () => {
    const before = await stored();
    const last = passAt(Math.ceil((to.getTime() - from.getTime()) / STEP) - 1);
    const { detected } = await detectWindow(handle.db, { now: last, thresholds: DEFAULT_THRESHOLDS });
    expect(new Set(detected.map((e) => eventId(e)))).toEqual(new Set(before.map((e) => e.id)));
    const again = await runEventPipeline(handle.db, { now: last, thresholds: DEFAULT_THRESHOLDS, webhookUrls: [receiver.url] });
    expect(again.inserted).toEqual([]);
    expect(await stored()).toEqual(before);
    expect((await readDetectedThrough(handle.db))?.toISOString()).toBe(last.toISOString());
  });

  it('serves valid Atom: required elements, stable tag: ids, evidence links, per network', async () => {
    const rows = await readEvents(handle.db, { limit: 50 });
    for (const [feed, entries] of [
      [GLOBAL_FEED, rows],
      [networkFeed('ionet', 'io.net'), await readEvents(handle.db, { network: 'ionet', limit: 50 })],
    ] as const) {
      const xml = atomFeed(ORIGIN, feed, entries, null);
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = parser.parse(xml) as { feed: Record<string, unknown> & { entry: Record<string, unknown>[]; link: Record<string, string>[] } };
      expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      for (const field of ['id', 'title', 'updated', 'author']) expect(doc.feed[field], field).toBeDefined();
      expect(doc.feed.link.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${ORIGIN}${feed.path}`);
      expect(doc.feed.updated).toBe(entries[0]?.occurredAt.toISOString());
      expect(doc.feed.entry).toHaveLength(entries.length);
      doc.feed.entry.forEach((entry, i) => {
        const event = entries[i];
        if (!event) throw new Error('missing event');
        expect(entry.id).toBe(eventTagUri(ORIGIN, event.id));
        expect(entry.id).toMatch(/^tag:rentable\.example,2026:event:[0-9a-f]{32}$/);
        for (const field of ['title', 'updated', 'summary']) expect(entry[field], field).toBeDefined();
        const links = entry.link as Record<string, string>[];
        if (event.runId !== null) expect(links.find((l) => l['@rel'] === 'alternate')?.['@href']).toBe(`${ORIGIN}/api/v1/runs/${event.runId}`);
        else expect(links.find((l) => l['@rel'] === 'alternate')?.['@href']).toMatch(new RegExp(`^${ORIGIN}/`));
      });
    }
  });

  it('delivers every event to the receiver exactly once, signed, retrying the one that got a 500', async () => {
    const rows = await stored();
    const dispatcher = startWebhookDispatcher(handle.db, { secret: SECRET, timeoutMs: 5_000, backoffMs: 100, origin: ORIGIN });
    dispatcher.kick();
    const pending = async () => (await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending'))).length;
    await waitFor(async () => (await pending()) === 0);
    await dispatcher.stop();
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    const accepted = receiver.received.filter((r) => r.status === 204).map((r) => r.eventId);
    expect(accepted.sort()).toEqual(rows.map((e) => e.id).sort());
    const [first] = receiver.received;
    expect(first?.status).toBe(500);
    // The retry is the same delivery of the same event, attempt 2.
    const retry = receiver.received.filter((r) => r.deliveryId === first?.deliveryId);
    expect(retry.map((r) => [r.status, r.body.delivery.attempt])).toEqual([
      [500, 1],
      [204, 2],
    ]);
    expect(retry[1]?.body.event.evidenceUrl).toMatch(/^https:\/\/rentable\.example\/api\/v1\/runs\/\d+$/);
    const attempts = await handle.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, Number(first?.deliveryId))).orderBy(asc(webhookAttempts.attempt));
    expect(attempts.map((a) => a.responseCode)).toEqual([500, 204]);
    expect((await handle.db.select().from(webhookDeliveries)).every((d) => d.status === 'delivered')).toBe(true);
  });

  it('runs detection after a pass through the scheduler and kicks delivery without waiting for it', async () => {
    const before = new Set((await stored()).map((e) => e.id));
    const seen = receiver.received.length;
    receiver.setSlow(1_500);
    // The caas pool empties in the scheduler's own pass (at the test clock's now).
    server.setOverride({ network: 'ionet', path: ionetCloudCaasAvailability.request.path, body: caasBody('2026-11-23', () => 0) });
    const wiring = eventsAfterPass(handle.db, {
      thresholds: DEFAULT_THRESHOLDS,
      webhookUrls: [receiver.url],
      webhook: { secret: SECRET, timeoutMs: 5_000, backoffMs: 100, origin: ORIGIN },
    });
    const scheduler = startScheduler(handle.db, {
      targets: [ionetCloudCaasAvailability],
      intervalMs: 3_600_000,
      environment: server.environment(),
      attempts: 1,
      rateLimiter: noRateLimit,
      afterPass: wiring.afterPass,
    });
    await scheduler.idle();
    await scheduler.stop();
    const fresh = (await stored()).filter((e) => !before.has(e.id));
    expect(fresh.map((e) => [e.kind, e.subject])).toEqual([['rentable-zero', 'rentable:ionet:ionet-cloud-caas-availability']]);
    // The pass is over while its webhook is still on its way to the slow receiver.
    const [delivery] = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, fresh[0]?.id ?? ''));
    expect(delivery?.status).toBe('pending');
    await waitFor(async () => (await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, fresh[0]?.id ?? '')))[0]?.status === 'delivered');
    await wiring.stop();
    expect(receiver.received.slice(seen).map((r) => [r.eventId, r.status, r.signed])).toEqual([[fresh[0]?.id, 204, true]]);
  });

  it('hands a delivery cut short by a shutdown back, due at once and not counted as an attempt', async () => {
    const [event] = await stored();
    if (!event) throw new Error('no event');
    receiver.setSlow(20_000);
    const url = `${receiver.url}?shutdown`;
    await handle.db.insert(webhookDeliveries).values({ eventId: event.id, url, status: 'pending', attempts: 0, nextAttemptAt: new Date(0), createdAt: new Date(0) });
    const seen = receiver.received.length;
    const dispatcher = startWebhookDispatcher(handle.db, { secret: SECRET, timeoutMs: 30_000, backoffMs: 100, origin: ORIGIN });
    dispatcher.kick();
    await waitFor(async () => receiver.received.length > seen);
    await dispatcher.stop();
    const [delivery] = await handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.url, url));
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await handle.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery?.id ?? 0))).toEqual([]);
    receiver.setSlow(0);
  });
});
