/**
 * Runs a scrape pass now and then every interval. A tick that comes while the previous pass
 * is still going is skipped, not queued, so a slow upstream cannot pile passes up.
 */
import type { Database } from '@/db/client';
import { formatOutcome, runScrapePass, type ScrapePassOptions, type SourceOutcome } from './scrape-pass';
import { currentTime } from '../clock';

export interface Scheduler {
  /** Stops ticking and aborts the pass in progress: sources in flight stop and store nothing. */
  stop(): Promise<void>;
  /** Resolves when the pass in progress (if any) ends. */
  idle(): Promise<void>;
}

export interface SchedulerOptions extends Omit<ScrapePassOptions, 'at' | 'signal'> {
  intervalMs: number;
  log?: (line: string) => void;
}

export function startScheduler(db: Database, options: SchedulerOptions): Scheduler {
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<SourceOutcome[]> | null = null;
  let stopped = false;
  const controller = new AbortController();

  const tick = () => {
    if (stopped) return;
    if (running) {
      log(`[scrape] ${currentTime().toISOString()} previous pass still running; skipping this tick`);
      return;
    }
    const started = performance.now();
    running = runScrapePass(db, {
      ...options,
      signal: controller.signal,
      onOutcome: (o) => {
        log(`[scrape] ${formatOutcome(o)}`);
        options.onOutcome?.(o);
      },
    })
      .then((outcomes) => {
        const ok = outcomes.filter((o) => o.outcome === 'ok').length;
        log(`[scrape] pass done in ${Math.round(performance.now() - started)} ms: ${ok}/${outcomes.length} ok`);
        return outcomes;
      })
      .catch((error: unknown) => {
        log(`[scrape] pass failed: ${(error as Error).message}`);
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
