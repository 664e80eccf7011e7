/**
 * Reads a run's responses with its adapter, the same way at ingest and in a rebuild: a source
 * read in several requests is parsed only when the read is complete (its adapter asks for no
 * further request), so a run cut short by the request cap fails with that reason, at ingest
 * and again when it is rebuilt.
 */
import { MAX_REQUESTS_PER_RUN, type ParseContext, type ParseResult, type SourceRequest } from '../sources/types';
import type { ScrapeTarget } from './target';

type Reader = Pick<ScrapeTarget, 'parse' | 'nextRequest' | 'parseResponses'>;

/** Why a read that still asks for `next` after `made` requests is not parsed. */
export function incompleteReason(made: number, next: SourceRequest): string {
  return made >= MAX_REQUESTS_PER_RUN
    ? `request cap reached: ${made} requests made (at most ${MAX_REQUESTS_PER_RUN} a run) and the source asks for more (next ${next.method} ${next.path})`
    : `incomplete read: ${made} request${made === 1 ? '' : 's'} made and the source asks for more (next ${next.method} ${next.path})`;
}

/** The request after `bodies`, or null; an adapter bug ends the read rather than the pass. */
export function safeNextRequest(target: Reader, bodies: readonly Uint8Array[]): { next: SourceRequest | null } | { error: string } {
  if (!target.nextRequest) return { next: null };
  try {
    return { next: target.nextRequest(bodies) };
  } catch (error) {
    return { error: `next request crashed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Parses every body of a run, in order. parse() must never throw, but an adapter bug must not take the pass down either. */
export function readResponses(target: Reader, bodies: readonly Uint8Array[], context: ParseContext): ParseResult {
  const [first] = bodies;
  if (!first) return { ok: false, error: 'no response to parse' };
  const next = safeNextRequest(target, bodies);
  if ('error' in next) return { ok: false, error: next.error };
  if (next.next) return { ok: false, error: incompleteReason(bodies.length, next.next) };
  try {
    return target.parseResponses ? target.parseResponses(bodies, context) : target.parse(first, context);
  } catch (error) {
    return { ok: false, error: `parser crashed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
