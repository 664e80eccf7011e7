/**
 * Spaces requests to one host to its documented rate limit, across concurrent sources and
 * retries in this process (io.net's five sources share one limit, Nosana allows 20 per 30 s).
 */
export class HostRateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** Resolves when a request to `upstream` (its production URL) may start under `perMinute` a minute. */
  async take(upstream: string, perMinute: number | undefined, now: () => number = Date.now): Promise<void> {
    if (!perMinute || perMinute <= 0) return;
    const host = new URL(upstream).host;
    const spacingMs = 60_000 / perMinute;
    const at = now();
    const slot = Math.max(at, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + spacingMs);
    if (slot > at) await this.sleep(slot - at);
  }
}

/** One limiter per process, so every pass and every source shares the budget. */
export const sharedRateLimiter = new HostRateLimiter();

/** For replays of recorded payloads: the upstream is not being asked, so its limits do not apply. */
export const noRateLimit = { take: async () => undefined } satisfies Pick<HostRateLimiter, 'take'>;

export type RateLimiter = Pick<HostRateLimiter, 'take'>;
