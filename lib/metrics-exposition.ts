/**
 * What a /metrics scrape answers, in the web process (app/metrics/route.ts) and the worker
 * (lib/metrics-server.ts) alike: the process's counters, plus what only the database knows,
 * read now: each source's last success (so a web replica that never scrapes, or a worker just
 * restarted, reports it too) and how busy the connection is.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DatabaseHandle } from '@/db/client';
import { metricsQuerySchema, noParams } from './api/params';
import { errorResponse } from './api/route';
import { env } from './env';
import { componentLogger } from './log';
import { metrics, metricsText } from './metrics';
import { readLastSuccesses } from './queries/last-success';

async function readDatabaseGauges(handle: DatabaseHandle): Promise<void> {
  const m = metrics();
  const use = handle.poolUse();
  if (use.driver === 'postgres') {
    m.dbPoolConnections.set({ driver: use.driver }, use.total);
    m.dbPoolIdleConnections.set({ driver: use.driver }, use.idle);
    m.dbPoolWaitingRequests.set({ driver: use.driver }, use.waiting);
  } else {
    m.dbOperationsInFlight.set({ driver: use.driver }, use.operationsInFlight);
  }
  const successes = await readLastSuccesses(handle.db);
  // Reset first: a source taken out of the registry must not report its last value for ever.
  m.sourceLastSuccess.reset();
  for (const s of successes) {
    if (s.lastSuccessAt) m.sourceLastSuccess.set({ source: s.sourceId }, s.lastSuccessAt.getTime() / 1000);
  }
}

/** The Prometheus text; without a database (not open, or failing) the process's own metrics still answer. */
export async function renderMetrics(handle: DatabaseHandle | null): Promise<{ body: string; contentType: string }> {
  if (handle) {
    await readDatabaseGauges(handle).catch((error: unknown) =>
      componentLogger('metrics').warn({ err: error }, 'could not read the database for /metrics'),
    );
  }
  return metricsText();
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * True when no token is configured, or the Authorization header is `Bearer <token>`. Compared in
 * constant time (over hashes, so the lengths match and leak nothing).
 */
export function metricsAuthorised(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * GET /metrics, wherever it is served: no query parameters (a 400 naming one), the bearer token
 * when METRICS_TOKEN is set (401 without it), then the text. Never cached.
 */
export async function metricsResponse(request: Request, handle: () => Promise<DatabaseHandle | null>): Promise<Response> {
  noParams(new URL(request.url), metricsQuerySchema);
  if (!metricsAuthorised(request.headers.get('authorization'), env().METRICS_TOKEN)) {
    const denied = errorResponse(401, 'unauthorised', 'GET /metrics needs the header Authorization: Bearer <METRICS_TOKEN>.');
    denied.headers.set('www-authenticate', 'Bearer realm="metrics"');
    return denied;
  }
  const { body, contentType } = await renderMetrics(await handle());
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
