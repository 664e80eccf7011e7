/**
 * Runs a scrape pass now and then every interval. A tick that comes while the previous pass
 * is still going is skipped, not queued, so a slow upstream cannot pile passes up.
 */
import type { Database } from '@/db/client';
import { runScrapePass, type ScrapePassOptions, type SourceOutcome } from './scrape-pass';
import { logRun } from './run-telemetry';
import { logger, type Logger } from '../log';
import { currentTime } from '../clock';

export interface Scheduler {
  /** Stops ticking and aborts the pass in progress: sources in flight stop and store nothing. */
  stop(): Promise<void>;
  /** Resolves when the pass in progress (if any) ends. */
  idle(): Promise<void>;
}

export interface SchedulerOptions extends Omit<ScrapePassOptions, 'at' | 'signal'> {
  intervalMs: number;
  /** Where the per-run and per-pass lines go (component `scrape`); the process logger by default. */
  logger?: Logger;
  /**
   * Runs after each pass has committed, before the next tick may start one (event detection,
   * lib/events/after-pass.ts). It must not wait for anything slow outside the database:
   * webhook delivery is kicked from it, never awaited. A failure is logged, never fatal.
   */
  afterPass?: (outcomes: readonly SourceOutcome[], now: Date) => Promise<void>;
}

export function startScheduler(db: Database, options: SchedulerOptions): Scheduler {
  const log = (options.logger ?? logger()).child({ component: 'scrape' });
  let running: Promise<SourceOutcome[]> | null = null;
  let stopped = false;
  const controller = new AbortController();

  const tick = () => {
    if (stopped) return;
    if (running) {
      log.warn('previous pass still running; skipping this tick');
      return;
    }
    const started = performance.now();
    running = runScrapePass(db, {
      ...options,
      signal: controller.signal,
      onOutcome: (o) => {
        logRun(log, o);
        options.onOutcome?.(o);
      },
    })
      .then(async (outcomes) => {
        const count = (outcome: SourceOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
        const durationMs = Math.round(performance.now() - started);
        log.info({ durationMs, sources: outcomes.length, ok: count('ok'), failed: count('failed') }, 'scrape pass done');
        if (options.afterPass && !controller.signal.aborted) {
          await options.afterPass(outcomes, currentTime()).catch((error: unknown) => log.error({ err: error }, 'after-pass work failed'));
        }
        return outcomes;
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'scrape pass failed');
        return [];
      })
      .finally(() => {
        running = null;
      });
  };

  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref?.();
  return {
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
