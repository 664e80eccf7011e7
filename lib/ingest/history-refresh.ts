/**
 * Refreshes the history sources publish (io.net's daily staking, Akash's daily GPU breakdown)
 * on their own schedule: at start, then once a day, in the dashboard process and in the worker
 * alike. Re-fetching is safe: every dated observation is keyed by (source, observation time),
 * so a day already stored is counted as such, never written twice. A check that comes while the
 * previous refresh is still going is skipped, not queued; each source is leased like a scrape,
 * so two processes never fetch the same history at once.
 */
import type { Database } from '@/db/client';
import type { HistoryAdapter } from '../sources/types';
import { formatHistoryOutcome, runBackfill } from './backfill';
import { describeLease, LEASE_MARGIN_MS, newLeaseHolder, withLease } from './leases';
import { currentTimeMs } from '../clock';
import { lineLogger } from '../log';

export const HISTORY_REFRESH_EVERY_MS = 24 * 3_600_000;
/** A refresh in which a source failed is tried again sooner than a day. */
export const HISTORY_RETRY_AFTER_FAILURE_MS = 3_600_000;

export interface HistoryRefreshOptions {
  sources: readonly HistoryAdapter[];
  everyMs?: number;
  retryAfterFailureMs?: number;
  /** How often to look whether a refresh is due (the timer; the clock decides). */
  checkEveryMs?: number;
  /** The clock (milliseconds); tests inject one instead of waiting a day. */
  nowMs?: () => number;
  environment?: Record<string, string | undefined>;
  timeoutMs?: number;
  attempts?: number;
  leaseMarginMs?: number;
  log?: (line: string) => void;
}

export type HistoryCheck = 'refreshed' | 'not-due' | 'still-running' | 'stopped';

export interface HistoryRefresh {
  /** Refreshes when due; resolves when that refresh ends (at once when not due or still running). */
  check(): Promise<HistoryCheck>;
  /** Resolves when the refresh in progress (if any) ends. */
  idle(): Promise<void>;
  /** Stops the timer and aborts the refresh in progress (its fetch records nothing). */
  stop(): Promise<void>;
}

export function startHistoryRefresh(db: Database, options: HistoryRefreshOptions): HistoryRefresh {
  const log = options.log ?? lineLogger('history');
  const nowMs = options.nowMs ?? currentTimeMs;
  const everyMs = options.everyMs ?? HISTORY_REFRESH_EVERY_MS;
  const retryMs = options.retryAfterFailureMs ?? HISTORY_RETRY_AFTER_FAILURE_MS;
  const controller = new AbortController();
  const holder = newLeaseHolder();
  let running: Promise<void> | null = null;
  let lastStartedMs: number | null = null;
  let lastFailed = false;
  let stopped = false;

  const refresh = async () => {
    let failed = false;
    for (const source of options.sources) {
      if (controller.signal.aborted) return;
      const ttlMs = (options.timeoutMs ?? 30_000) + (options.leaseMarginMs ?? LEASE_MARGIN_MS);
      const leased = await withLease(db, { sourceId: source.id, holder, ttlMs }, () =>
        runBackfill(db, {
          history: [source],
          committed: [],
          environment: options.environment,
          timeoutMs: options.timeoutMs,
          attempts: options.attempts,
          signal: controller.signal,
          onOutcome: (o) => log(`[history] ${formatHistoryOutcome(o)}`),
        }),
      );
      if (!leased.acquired) {
        log(`[history] busy    ${source.id}: ${leased.lease ? describeLease(leased.lease) : 'another refresh is going'}`);
      } else if (leased.value.some((o) => o.error)) {
        failed = true;
      }
    }
    lastFailed = failed;
  };

  const check = async (): Promise<HistoryCheck> => {
    if (stopped) return 'stopped';
    if (running) {
      log(`[history] ${new Date(nowMs()).toISOString()} previous refresh still going; skipping this check`);
      return 'still-running';
    }
    const now = nowMs();
    if (lastStartedMs !== null && now - lastStartedMs < (lastFailed ? retryMs : everyMs)) return 'not-due';
    lastStartedMs = now;
    log(`[history] ${new Date(now).toISOString()} refreshing ${options.sources.length} history sources`);
    running = refresh()
      .catch((error: unknown) => {
        lastFailed = true;
        log(`[history] refresh failed: ${(error as Error).message}`);
      })
      .finally(() => {
        running = null;
      });
    await running;
    return 'refreshed';
  };

  void check();
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 10 * 60_000);
  timer.unref?.();
  return {
    check,
    idle: async () => {
      await running;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
