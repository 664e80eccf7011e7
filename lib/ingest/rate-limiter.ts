/**
 * Spaces requests to one host to its documented rate limit, across concurrent sources and
 * retries in this process (io.net's five sources share one limit, Nosana allows 20 per 30 s).
 */
export class HostRateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep) {}

  /**
   * Resolves when a request to `upstream` (its production URL) may start under `perMinute` a
   * minute, or as soon as `signal` aborts (a shutdown does not wait out a rate-limit slot).
   */
  async take(upstream: string, perMinute: number | undefined, now: () => number = Date.now, signal?: AbortSignal): Promise<void> {
    if (!perMinute || perMinute <= 0 || signal?.aborted) return;
    const host = new URL(upstream).host;
    const spacingMs = 60_000 / perMinute;
    const at = now();
    const slot = Math.max(at, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + spacingMs);
    if (slot > at) await this.sleep(slot - at, signal);
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** One limiter per process, so every pass and every source shares the budget. */
export const sharedRateLimiter = new HostRateLimiter();

/** For replays of recorded payloads: the upstream is not being asked, so its limits do not apply. */
export const noRateLimit = { take: async () => undefined } satisfies Pick<HostRateLimiter, 'take'>;

export type RateLimiter = Pick<HostRateLimiter, 'take'>;
