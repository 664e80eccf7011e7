/**
 * Builds history the way production does: scrape passes at successive observation times,
 * each against the recorded-payload server with its clock set so dated sequences advance.
 * Used by the demo, the e2e server and tests.
 */
import type { Database } from '../db/client';
import { runScrapePass, type SourceOutcome } from '../lib/ingest/scrape-pass';
import type { ScrapeTarget } from '../lib/ingest/target';
import { noRateLimit } from '../lib/ingest/rate-limiter';
import type { ReplayServer } from './replay-server';

export interface ReplayHistoryOptions {
  targets: readonly ScrapeTarget[];
  /** Observation times: from (inclusive) to (exclusive), every stepMs. */
  from: Date;
  to: Date;
  stepMs: number;
  /** Recording time that `from` maps to; the clock advances with the observations. */
  recordingsFrom: Date;
  /**
   * Scrape each source only when its own schedule is due (its minimum interval), as the
   * scheduler does, instead of every source at every step.
   */
  followSchedules?: boolean;
  onPass?: (at: Date, outcomes: SourceOutcome[]) => void;
  /** Before each pass (tests set the recorded-payload server's overrides here). */
  beforePass?: (at: Date, index: number) => void;
  /** After each pass has committed, awaited before the next, as the scheduler's afterPass is (event detection). */
  afterPass?: (at: Date, outcomes: SourceOutcome[]) => Promise<void>;
}

export async function replayHistory(db: Database, server: ReplayServer, options: ReplayHistoryOptions): Promise<number> {
  let passes = 0;
  for (let t = options.from.getTime(); t < options.to.getTime(); t += options.stepMs) {
    const at = new Date(t);
    server.setClock(new Date(options.recordingsFrom.getTime() + (t - options.from.getTime())));
    options.beforePass?.(at, passes);
    const outcomes = await runScrapePass(db, {
      targets: options.targets,
      at,
      origin: 'replay',
      environment: server.environment(),
      attempts: 1,
      timeoutMs: 10_000,
      force: !options.followSchedules,
      rateLimiter: noRateLimit,
    });
    options.onPass?.(at, outcomes);
    await options.afterPass?.(at, outcomes);
    passes += 1;
  }
  return passes;
}
