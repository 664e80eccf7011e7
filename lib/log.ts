/**
 * Structured logs: one JSON object a line (pino), at the level LOG_LEVEL names (default info).
 * Read them in a terminal with `npm start | npx pino-pretty`. Each module logs through a child
 * with its `component` (api, scrape, lease, worker, boot, history), so lines filter by it.
 *
 * The process logger lives on globalThis, like the database and the metrics: Next.js bundles
 * instrumentation and route handlers separately, and a script that redirects logs (npm run
 * scrape sends them to stderr) must redirect every bundle's.
 */
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';
import { env } from './env';

export type { Level, Logger };

const KEY = Symbol.for('rentable.logger');
type Holder = { [KEY]?: Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** A file descriptor (1 stdout, 2 stderr) or a stream (tests capture lines with one). */
  destination?: number | DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 1;
  return pino(
    {
      level: options.level ?? env().LOG_LEVEL ?? 'info',
      // Wall-clock time, not lib/clock: a replaying server's pinned "now" would date its logs wrongly.
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: the shutdown path calls process.exit, which would drop a buffer.
    typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination,
  );
}

/** The process's logger. */
export function logger(): Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= createLogger();
  return holder[KEY];
}

/** Makes `log` the process's logger (a script sending logs elsewhere, a test capturing them). */
export function setProcessLogger(log: Logger): void {
  (globalThis as Holder)[KEY] = log;
}

/** The process logger for one component; looked up per call so that setProcessLogger applies. */
export function componentLogger(component: string): Logger {
  return logger().child({ component });
}

/**
 * A sink for modules that speak in human lines (`[history] ok …`, `[worker] SIGTERM: stopping …`)
 * so a script can print them as they are: as a log line the `[component]` prefix becomes the
 * component field.
 */
export function lineLogger(component: string): (line: string) => void {
  return (line) => componentLogger(component).info(line.replace(/^\[[\w-]+\] /, ''));
}
