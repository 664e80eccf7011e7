/**
 * The clock every test runs on. Vitest and Playwright call pinTestClock() before anything
 * reads the time: recorded history, fixtures, the e2e database, the app and the assertions are
 * then all laid relative to RENTABLE_NOW (lib/clock.ts), never to the day the suite runs.
 *
 * The default instant is fixed so every run builds the same buckets; set RENTABLE_NOW to run
 * the suite as of another moment (`.ci/run` does, under a shifted system clock). Five minutes
 * past an hour leaves the suite most of an hour before its "current hour" rolls over.
 */
import { clockFromEnvironment } from '../lib/clock';

export const DEFAULT_TEST_NOW = '2026-11-24T12:05:00Z';

export function pinTestClock(environment: Record<string, string | undefined> = process.env): void {
  environment.RENTABLE_REPLAY = 'true';
  environment.RENTABLE_NOW ||= DEFAULT_TEST_NOW;
  // Reading it stamps when it was set, so child processes continue this clock.
  clockFromEnvironment(environment);
}
