/**
 * The one pipeline every route handler follows: parse params (zod) → query → respond, with one
 * error envelope `{ error: { code, message, param? } }`. Invalid input is a 400 naming the
 * parameter, an unknown thing a 404, a locked embedded database a 503; never a 500 for input.
 */
import { DataFolderLockedError } from '@/db/lock';
import { InvalidParameterError } from '../view-state';
import { NotFoundError } from './errors';

export function errorResponse(status: number, code: string, message: string, param?: string): Response {
  return Response.json({ error: { code, message, ...(param ? { param } : {}) } }, { status, headers: { 'cache-control': 'no-store' } });
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

export function json(body: unknown, init: { maxAgeSeconds?: number } = {}): Response {
  const maxAge = init.maxAgeSeconds ?? 60;
  return Response.json(body, { headers: { 'cache-control': `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}` } });
}
