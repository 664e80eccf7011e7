/**
 * The one pipeline every route handler follows: parse params (zod) → query → respond, with one
 * error envelope `{ error: { code, message, param? } }`. Invalid input is a 400 naming the
 * parameter, an unknown thing a 404, a locked embedded database a 503; never a 500 for input.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { dataVersionTag, readDataVersion } from '@/db/data-version';
import { DataFolderLockedError } from '@/db/lock';
import { InvalidParameterError } from '../view-state';
import { getDatabase } from '../db';
import { matchesEtag, minuteOf, processCache, requestParameters, versionedEtag, type CachedAnswer } from '../http/versioned-cache';
import { env } from '../env';
import { NotFoundError } from './errors';
import { currentTimeMs } from '../clock';
import { OPEN_DATA_HEADERS } from './cors';
import { jsonText } from '../http/json-text';
import { componentLogger } from '../log';
import { countCacheLookup, observeHttpRequest } from '../metrics';

export { OPEN_DATA_HEADERS } from './cors';

export function errorResponse(status: number, code: string, message: string, param?: string): Response {
  return new Response(jsonText({ error: { code, message, ...(param ? { param } : {}) } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...OPEN_DATA_HEADERS },
  });
}

type RouteParams = Record<string, string | string[] | undefined>;
type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * The route's pattern (`/api/v1/runs/[id]`), not its path: a label per run id would grow without
 * bound. Rebuilt from the path and Next's params, matching from the end, where dynamic segments are.
 */
export function routePattern(pathname: string, params: RouteParams): string {
  const segments = pathname.split('/');
  const names = Object.entries(params).reverse();
  let end = segments.length;
  for (const [name, value] of names) {
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    if (parts.length === 0) continue;
    for (let i = end - parts.length; i >= 1; i--) {
      const matches = parts.every((part, k) => {
        const segment = segments[i + k];
        if (segment === undefined) return false;
        try {
          return decodeURIComponent(segment) === part;
        } catch {
          return segment === part;
        }
      });
      if (!matches) continue;
      segments.splice(i, parts.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
      end = i;
      break;
    }
  }
  return segments.join('/');
}

async function handle<C>(handler: Handler<C>, request: Request, context: C): Promise<Response> {
  try {
    return await handler(request, context);
  } catch (error) {
    if (error instanceof InvalidParameterError) return errorResponse(400, 'invalid_parameter', error.message, error.param);
    if (error instanceof NotFoundError) return errorResponse(404, 'not_found', error.message);
    if (error instanceof DataFolderLockedError) return errorResponse(503, 'database_unavailable', 'The database is busy; try again shortly.');
    componentLogger('api').error({ method: request.method, path: new URL(request.url).pathname, err: error }, 'request failed');
    return errorResponse(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
  }
}

/** Wraps a route handler: the error envelope, a log line per unexpected error, and the request's duration in /metrics. */
export function apiRoute<C extends { params?: Promise<RouteParams> }>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const started = performance.now();
    const response = await handle(handler, request, context);
    // Next.js passes no params at all to a route without dynamic segments.
    const params = (await Promise.resolve(context?.params).catch(() => undefined)) ?? {};
    observeHttpRequest({
      route: routePattern(new URL(request.url).pathname, params),
      method: request.method,
      status: response.status,
      seconds: (performance.now() - started) / 1000,
    });
    return response;
  };
}

/** Figures change once per scrape pass: caches may keep a response that long, and revalidate by ETag. */
export function cacheControl(maxAgeSeconds?: number): string {
  const interval = Math.round(env().SCRAPE_INTERVAL_MINUTES * 60);
  const maxAge = maxAgeSeconds ?? Math.min(60, interval);
  return `public, max-age=${maxAge}, s-maxage=${Math.max(maxAge, interval)}, stale-while-revalidate=${interval}`;
}

function etagOf(body: string | Uint8Array<ArrayBuffer>): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** A body with its ETag; 304 without a body when the client already has it. */
export function cached(request: Request, body: string | Uint8Array<ArrayBuffer>, contentType: string, extra: Record<string, string> = {}, maxAgeSeconds?: number): Response {
  const etag = etagOf(body);
  const headers = { 'cache-control': cacheControl(maxAgeSeconds), etag, vary: 'accept-encoding', ...OPEN_DATA_HEADERS, ...extra };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    countCacheLookup('api-etag', 'hit');
    return new Response(null, { status: 304, headers });
  }
  countCacheLookup('api-etag', 'miss');
  return new Response(body, { headers: { ...headers, 'content-type': contentType } });
}

export function json(request: Request, body: unknown, maxAgeSeconds?: number): Response {
  return cached(request, jsonText(body), 'application/json; charset=utf-8', {}, maxAgeSeconds);
}

export function csv(request: Request, text: string, filename: string): Response {
  return cached(request, text, 'text/csv; charset=utf-8; header=present', { 'content-disposition': `attachment; filename="${filename}"` });
}

/** A zip download: binary, revalidated by ETag like the rest, so its bytes must be deterministic. */
export function zip(request: Request, bytes: Uint8Array<ArrayBuffer>, filename: string): Response {
  return cached(request, bytes, 'application/zip', { 'content-disposition': `attachment; filename="${filename}"` });
}

/** The minute a versioned request was keyed under: its handler computes with that "now", never a later one. */
const requestMinute = new AsyncLocalStorage<number>();

/**
 * "Now" for API responses, to the minute: two requests in the same minute get the same body and
 * so the same ETag, and a matching If-None-Match gets a 304. Inside a versioned route it is the
 * minute the request was keyed under, so an answer crossing a minute's end is still the one its
 * key names.
 */
export function apiNow(): Date {
  return new Date(requestMinute.getStore() ?? minuteOf(currentTimeMs()));
}

/** Headers that describe a body, and so have no place on a 304. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-disposition', 'content-encoding']);

async function answerOf(response: Response): Promise<CachedAnswer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'etag') headers[name] = value;
  });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()), headers };
}

/**
 * Serves a read from the answer computed for (data version, parameters, minute of now), and
 * answers If-None-Match with a 304 after reading only the version: one primary-key lookup,
 * so a new pass is seen by every replica the moment it commits. Errors are never kept.
 */
/** The key of a versioned read: (data version, minute of now, canonical parameters), and its ETag. */
async function versionedKey(url: URL): Promise<{ version: string; minute: number; parameters: string; key: string; etag: string }> {
  const parameters = requestParameters(url);
  const minute = minuteOf(currentTimeMs());
  const { db } = await getDatabase();
  const version = dataVersionTag(await readDataVersion(db));
  return { version, minute, parameters, key: `${version}|${minute}|${parameters}`, etag: versionedEtag(version, parameters, minute) };
}

const withoutBodyHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.has(name)));

/**
 * A versioned read answered from this process's memory before Next routes it (proxy.ts): this
 * minute's kept answer, or a 304 for it. Null when nothing is kept: the route computes it. Next's
 * routing to a handler costs more than the answer itself, so a kept answer skips it (pages and
 * embeds, served by the proxy, answered twice the requests per second the API did).
 */
export async function keptApiAnswer(request: Request): Promise<Response | null> {
  const started = performance.now();
  const url = new URL(request.url);
  const { key, etag } = await versionedKey(url);
  const kept = processCache().peek(key);
  if (!kept || kept.status !== 200) return null;
  let response: Response;
  if (matchesEtag(request.headers.get('if-none-match'), etag)) {
    countCacheLookup('api-etag', 'hit');
    response = new Response(null, { status: 304, headers: { ...withoutBodyHeaders(kept.headers), etag } });
  } else {
    countCacheLookup('api-answers', 'hit');
    countCacheLookup('api-etag', 'miss');
    response = new Response(kept.body, { status: 200, headers: { ...kept.headers, etag } });
  }
  observeHttpRequest({ route: kept.route ?? url.pathname, method: request.method, status: response.status, seconds: (performance.now() - started) / 1000 });
  return response;
}

function versioned<C extends { params?: Promise<RouteParams> }>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const url = new URL(request.url);
    const { version, minute, parameters, key, etag } = await versionedKey(url);
    const cache = processCache();
    if (matchesEtag(request.headers.get('if-none-match'), etag)) {
      countCacheLookup('api-etag', 'hit');
      // The headers the body went out with when this process kept it; otherwise (another
      // replica sent it, or it aged out) the defaults. Either way nothing but the version is read.
      const kept = cache.peek(key)?.headers;
      const headers = kept ? withoutBodyHeaders(kept) : { 'cache-control': cacheControl(), vary: 'accept-encoding', ...OPEN_DATA_HEADERS };
      return new Response(null, { status: 304, headers: { ...headers, etag } });
    }
    // The handler computes a full body: its own conditional check must not answer 304.
    async function compute(): Promise<CachedAnswer> {
      const headers = new Headers(request.headers);
      headers.delete('if-none-match');
      const fresh = new Request(request.url, { method: request.method, headers });
      const answer = await answerOf(await requestMinute.run(minute, () => handle(handler, fresh, context)));
      // Kept with the answer, for /metrics when proxy.ts serves it without routing.
      const params = (await Promise.resolve(context?.params).catch(() => undefined)) ?? {};
      return { ...answer, route: routePattern(url.pathname, params) };
    }
    // The minute turned and this minute's answer is not made yet: the last minute's (same data)
    // is served, with its own ETag, while this one is computed.
    const previousMinute = minute - 60_000;
    const { answer, result } = await cache.getOrRefresh(key, `${version}|${previousMinute}|${parameters}`, compute);
    const served = result === 'stale' ? versionedEtag(version, parameters, previousMinute) : etag;
    countCacheLookup('api-answers', result);
    if (result === 'stale' && matchesEtag(request.headers.get('if-none-match'), served)) {
      countCacheLookup('api-etag', 'hit');
      return new Response(null, { status: 304, headers: { ...withoutBodyHeaders(answer.headers), etag: served } });
    }
    // A computed answer's miss was counted by json()/csv(); one from memory is counted here.
    if (result !== 'miss') countCacheLookup('api-etag', 'miss');
    if (answer.status !== 200) return new Response(answer.body, { status: answer.status, headers: answer.headers });
    return new Response(answer.body, { status: 200, headers: { ...answer.headers, etag: served } });
  };
}

/** apiRoute for a read of stored data: answers cached per data version (see `versioned`). */
export function cachedApiRoute<C extends { params?: Promise<RouteParams> }>(handler: Handler<C>): Handler<C> {
  return apiRoute(versioned(handler));
}
