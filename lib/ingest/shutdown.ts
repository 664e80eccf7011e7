/**
 * What SIGTERM and SIGINT do in every process that scrapes (`npm start`'s server, `npm run
 * worker`, `npm run scrape`): stop taking new work, abort what is running (its fetches stop and
 * store nothing; a run is one transaction, so none is stored in part), release the leases this
 * process holds so its sources are free at once, close the database, exit. All within a bound;
 * a second signal exits at once. Without this, a stopped process left its leases for minutes:
 * every source "busy", no run recorded.
 */
import { heldLeaseCount, releaseHeldLeases } from './leases';
import { lineLogger } from '../log';

/** How long the running work gets to stop after the first signal before we release and exit anyway. */
export const SHUTDOWN_BOUND_MS = 10_000;
/** And how long releasing the leases and closing the database get after that. */
const CLOSE_BOUND_MS = 5_000;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type ShutdownSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface ShutdownOptions {
  /** Log prefix: `worker`, `scrape`, `rentable`. */
  name: string;
  /** Stops taking new work and aborts the work in progress; resolves when it has stopped. */
  stopWork: () => Promise<void>;
  /** Closes the database, after the leases are released. */
  close: () => Promise<void>;
  /** Called last, before exiting (a summary line). */
  report?: (signal: ShutdownSignal) => void;
  boundMs?: number;
  log?: (line: string) => void;
  exit?: (code: number) => void;
}

const within = <T>(work: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([work, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms).unref?.())]);

export function exitOnSignals(options: ShutdownOptions): void {
  const log = options.log ?? lineLogger(options.name);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const boundMs = options.boundMs ?? SHUTDOWN_BOUND_MS;
  let stopping = false;

  const onSignal = (signal: ShutdownSignal) => {
    const code = SIGNAL_EXIT_CODES[signal];
    if (stopping) {
      log(`[${options.name}] ${signal} again: exiting now`);
      exit(code);
      return;
    }
    stopping = true;
    log(`[${options.name}] ${signal}: stopping (aborting work in progress, at most ${boundMs / 1000} s; a second signal exits now)`);
    void (async () => {
      const stopped = await within(
        options.stopWork().catch((error: unknown) => log(`[${options.name}] stopping failed: ${(error as Error).message}`)),
        boundMs,
      );
      if (stopped === 'timed out') log(`[${options.name}] work still running after ${boundMs / 1000} s: releasing its leases anyway`);
      const holding = heldLeaseCount();
      const released = await within(releaseHeldLeases(), CLOSE_BOUND_MS);
      if (holding > 0 && released !== 'timed out') log(`[${options.name}] released ${released} leases`);
      const closed = await within(
        options.close().catch((error: unknown) => log(`[${options.name}] closing the database failed: ${(error as Error).message}`)),
        CLOSE_BOUND_MS,
      );
      if (closed === 'timed out') log(`[${options.name}] the database did not close within ${CLOSE_BOUND_MS / 1000} s`);
      options.report?.(signal);
      exit(code);
    })();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
