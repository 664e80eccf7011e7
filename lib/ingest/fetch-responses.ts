/**
 * Fetches every request of one run: the adapter's `request`, then each `nextRequest` its
 * responses call for (pages, slices), one at a time, each through fetchSnapshot (retries,
 * timeout, rate limit). Stops at the first request that fails after its retries, or at
 * MAX_REQUESTS_PER_RUN, with a reason naming the request; the responses already received are
 * returned either way, so a failed run keeps every byte it was sent.
 */
import { MAX_REQUESTS_PER_RUN } from '../sources/types';
import { fetchSnapshot, requestUrl, type FetchOptions } from './fetch-snapshot';
import type { FetchedSnapshot } from './record-run';
import { incompleteReason, safeNextRequest } from './read-responses';
import type { ScrapeTarget } from './target';
import { currentTime } from '../clock';

export interface FetchedResponses {
  /** Every request made, in order; never empty. */
  responses: FetchedSnapshot[];
  /**
   * Why a read of several requests stopped short (a later request failed, the cap was
   * reached); null when it completed, or when its first request failed (that response's own
   * fetchError says why, as for a one-request source).
   */
  failure: string | null;
}

export async function fetchResponses(target: ScrapeTarget, options: FetchOptions): Promise<FetchedResponses> {
  const responses: FetchedSnapshot[] = [];
  let request = target.request;
  for (;;) {
    const fetched = await fetchOne({ ...target, request }, options);
    responses.push(fetched);
    const made = responses.length;
    if (fetched.fetchError || !fetched.bytes) {
      const failure = made > 1 ? `request ${made} (${request.method} ${fetched.requestUrl}) failed: ${fetched.fetchError ?? 'no bytes'}` : null;
      return { responses, failure };
    }
    const next = safeNextRequest(
      target,
      responses.map((r) => r.bytes ?? new Uint8Array()),
    );
    if ('error' in next) return { responses, failure: next.error };
    if (!next.next) return { responses, failure: null };
    if (made >= MAX_REQUESTS_PER_RUN) return { responses, failure: incompleteReason(made, next.next) };
    request = next.next;
  }
}

/** One request; an exception (a bad URL, say) becomes a failed response rather than a thrown error. */
async function fetchOne(target: ScrapeTarget, options: FetchOptions): Promise<FetchedSnapshot> {
  try {
    return await fetchSnapshot(target, options);
  } catch (error) {
    return {
      requestUrl: requestUrl(target, options.baseUrl),
      startedAt: currentTime(),
      durationMs: 0,
      httpStatus: null,
      bytes: null,
      contentType: null,
      fetchError: `fetch failed: ${(error as Error).message}`,
    };
  }
}
