/**
 * The one pipeline every route handler follows: parse params (zod) → query → respond, with one
 * error envelope `{ error: { code, message, param? } }`. Invalid input is a 400 naming the
 * parameter, an unknown thing a 404, a locked embedded database a 503; never a 500 for input.
 */
import { DataFolderLockedError } from '@/db/lock';
import { InvalidParameterError } from '../view-state';
import { createHash } from 'node:crypto';
import { env } from '../env';
import { NotFoundError } from './errors';
import { currentTimeMs } from '../clock';
import { OPEN_DATA_HEADERS } from './cors';
import { jsonText } from '../http/json-text';

export { OPEN_DATA_HEADERS } from './cors';

export function errorResponse(status: number, code: string, message: string, param?: string): Response {
  return new Response(jsonText({ error: { code, message, ...(param ? { param } : {}) } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...OPEN_DATA_HEADERS },
  });
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof InvalidParameterError) return errorResponse(400, 'invalid_parameter', error.message, error.param);
      if (error instanceof NotFoundError) return errorResponse(404, 'not_found', error.message);
      if (error instanceof DataFolderLockedError) return errorResponse(503, 'database_unavailable', 'The database is busy; try again shortly.');
      console.error(`[api] ${request.method} ${new URL(request.url).pathname}: ${(error as Error).stack ?? String(error)}`);
      return errorResponse(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
    }
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
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return new Response(null, { status: 304, headers });
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

/**
 * "Now" for API responses, to the minute: two requests in the same minute get the same body and
 * so the same ETag, and a matching If-None-Match gets a 304.
 */
export function apiNow(): Date {
  return new Date(Math.floor(currentTimeMs() / 60_000) * 60_000);
}
