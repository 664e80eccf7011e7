/**
 * Fetches a source's bytes: per-attempt timeout, retries with jittered exponential backoff on
 * timeouts, network errors, 5xx and 429 (honouring Retry-After), never on other 4xx, which a
 * retry cannot fix. The last attempt's bytes are returned even on an error status, because a
 * failed run keeps what the server said.
 */
import type { FetchedSnapshot } from './record-run';
import { RECORDED_AT_HEADER, type ScrapeTarget } from './target';
import { sharedRateLimiter, type RateLimiter } from './rate-limiter';
import { DEFAULT_MAX_RESPONSE_BYTES, readBody } from './read-body';
import { currentTime } from '../clock';

export interface FetchOptions {
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  /** Attempts in all, including the first. */
  attempts: number;
  /** Base backoff; attempt n waits base × 2^(n-1) × (0.5..1.5). */
  backoffMs: number;
  /** Upper bound on a Retry-After wait, so one source cannot hold a pass for long. */
  maxRetryAfterMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Spaces attempts to the source's documented rate limit; defaults to the process-wide one. */
  rateLimiter?: RateLimiter;
  /** Aborted on shutdown: the attempt in flight stops, no retry follows. */
  signal?: AbortSignal;
}

/** The fetch error of an attempt cut short by a shutdown; callers record no run for it. */
export const ABORTED_BY_SHUTDOWN = 'aborted by shutdown';

export const USER_AGENT = 'Rentable/0.1 (+https://github.com/rentable; DePIN GPU supply tracker)';

export function requestUrl(source: ScrapeTarget, baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '') + source.request.path;
}

function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Waits `ms`, or less when `signal` aborts first (a shutdown does not wait out a backoff). */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function fetchSnapshot(source: ScrapeTarget, options: FetchOptions): Promise<FetchedSnapshot> {
  const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms, options.signal));
  const now = options.now ?? currentTime;
  const url = requestUrl(source, options.baseUrl);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': USER_AGENT,
    ...source.request.headers,
  };
  if (source.request.body !== undefined) headers['content-type'] ??= 'application/json';
  if (source.apiKey && options.apiKey) {
    headers[source.apiKey.header] = source.apiKey.format ? source.apiKey.format(options.apiKey) : options.apiKey;
  }

  const startedAt = now();
  const t0 = performance.now();
  let last: FetchedSnapshot | null = null;
  let attemptsMade = 0;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    attemptsMade = attempt;
    let waitMs: number | null = null;
    // Keyed by the production host: the limit belongs to the upstream, whatever URL we use.
    await (options.rateLimiter ?? sharedRateLimiter).take(source.defaultBaseUrl, source.rateLimitPerMinute, undefined, options.signal);
    try {
      const response = await fetch(url, {
        method: source.request.method,
        headers,
        body: source.request.body,
        signal: options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs),
        redirect: 'follow',
      });
      const { bytes, overCap } = await readBody(response, source.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      const ok = response.status >= 200 && response.status < 300;
      last = {
        requestUrl: url,
        startedAt,
        durationMs: performance.now() - t0,
        httpStatus: response.status,
        bytes,
        contentType: response.headers.get('content-type'),
        fetchError: overCap ?? (ok ? null : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`),
        recordedPayloadDate: response.headers.get(RECORDED_AT_HEADER),
      };
      if (ok || !isRetryableStatus(response.status)) break;
      waitMs = retryAfterMs(response.headers.get('retry-after'), now());
    } catch (error) {
      const reason = options.signal?.aborted
        ? ABORTED_BY_SHUTDOWN
        : error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
          ? `timed out after ${options.timeoutMs} ms`
          : `network error: ${describeFetchError(error)}`;
      last = {
        requestUrl: url,
        startedAt,
        durationMs: performance.now() - t0,
        httpStatus: null,
        bytes: null,
        contentType: null,
        fetchError: reason,
      };
    }
    if (attempt < options.attempts && !options.signal?.aborted) {
      const backoff = options.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await sleep(Math.min(waitMs ?? backoff, options.maxRetryAfterMs));
    }
    if (options.signal?.aborted) break;
  }
  if (!last) throw new Error('fetchSnapshot made no attempt');
  // Retries a shutdown cut short: the failure is the shutdown's, not the source's.
  if (options.signal?.aborted && last.fetchError) last.fetchError = ABORTED_BY_SHUTDOWN;
  if (last.fetchError && last.fetchError !== ABORTED_BY_SHUTDOWN && attemptsMade > 1) last.fetchError += ` (after ${attemptsMade} attempts)`;
  return last;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error && 'code' in cause) return `${String(cause.code)} ${cause.message}`;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
