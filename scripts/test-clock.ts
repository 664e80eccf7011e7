/**
 * The clock every test runs on. Vitest and Playwright call pinTestClock() from their configs,
 * before anything reads the time: recorded history, fixtures, the e2e database, the app and the
 * assertions are then all laid relative to RENTABLE_NOW (lib/clock.ts), never to the day the
 * suite runs on. Workers and the servers the suites start inherit it.
 *
 * The default is fixed, so every run builds the same buckets: midday of the recordings'
 * timeline day (RECORDINGS_TIMELINE_DAY in lib/sources/recordings.ts, where published
 * histories are served unshifted; a test keeps the two equal). Five minutes past the hour
 * leaves the suite most of an hour before its "current hour" rolls over. Set RENTABLE_NOW to
 * run the suite as of another moment: `.ci/run` does, under a system clock 400 days ahead.
 *
 * Imports nothing, so Vite's native config loader can load it as it is.
 */
export const DEFAULT_TEST_NOW = '2026-11-24T12:05:00Z';

export function pinTestClock(environment: Record<string, string | undefined> = process.env): void {
  environment.RENTABLE_REPLAY = 'true';
  environment.RENTABLE_NOW ||= DEFAULT_TEST_NOW;
  // When the clock was set, as lib/clock.ts records it: every process continues this one clock.
  environment.RENTABLE_NOW_SET_AT_MS ||= String(Date.now());
}
