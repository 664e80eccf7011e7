/**
 * The one clock of the product: every "now" (windows, ages, due times, leases, observation
 * times) is read here, never from `new Date()` in place.
 *
 * Production reads the wall clock. The demo and the test servers (RENTABLE_REPLAY=true, or
 * RENTABLE_DEMO=true) may set RENTABLE_NOW to an ISO 8601 instant: the clock reads that
 * instant when it is first set and runs forward at real speed from there, so replayed history,
 * fixtures, the app and the test assertions agree on "now" whatever the date they run on.
 * The wall-clock moment RENTABLE_NOW was read is written back to the environment
 * (RENTABLE_NOW_SET_AT_MS), so child processes (the app a test server spawns, Playwright's
 * workers) continue the same clock instead of restarting it.
 */

import { parseIsoInstant } from './iso-instant';

export const CLOCK_VARIABLE = 'RENTABLE_NOW';
const SET_AT_VARIABLE = 'RENTABLE_NOW_SET_AT_MS';

type Environment = Record<string, string | undefined>;

const isTrue = (value: string | undefined) => value === 'true' || value === '1' || value === 'yes';

/** RENTABLE_NOW is honoured only by replaying servers: a production process ignores it. */
export function clockIsPinnable(environment: Environment): boolean {
  return isTrue(environment.RENTABLE_REPLAY) || isTrue(environment.RENTABLE_DEMO);
}

/** Parses RENTABLE_NOW strictly (lib/iso-instant.ts), naming the variable when it is wrong. */
export function parseClockInstant(value: string): Date {
  const at = parseIsoInstant(value);
  if (!at) throw new Error(`${CLOCK_VARIABLE}: must be an ISO 8601 instant such as 2026-11-24T12:05:00Z, got ${JSON.stringify(value)}`);
  return at;
}

export interface Clock {
  /** Milliseconds since the epoch on this clock. */
  nowMs(): number;
  /** True when the clock runs from RENTABLE_NOW rather than the wall clock. */
  readonly pinned: boolean;
}

/** The wall clock, or RENTABLE_NOW running forward from when it was set. */
export function clockFromEnvironment(environment: Environment, wallMs: () => number = Date.now): Clock {
  const value = environment[CLOCK_VARIABLE];
  if (!value || !clockIsPinnable(environment)) return { nowMs: wallMs, pinned: false };
  const startMs = parseClockInstant(value).getTime();
  const recorded = Number(environment[SET_AT_VARIABLE]);
  const setAtMs = Number.isFinite(recorded) && recorded > 0 ? recorded : wallMs();
  environment[SET_AT_VARIABLE] = String(setAtMs);
  return { nowMs: () => startMs + (wallMs() - setAtMs), pinned: true };
}

let processClock: Clock | undefined;

function clock(): Clock {
  processClock ??= clockFromEnvironment(process.env);
  return processClock;
}

/** Now, on the process's clock. */
export function currentTime(): Date {
  return new Date(clock().nowMs());
}

/** Now in milliseconds since the epoch, on the process's clock. */
export function currentTimeMs(): number {
  return clock().nowMs();
}

/** Whether "now" is RENTABLE_NOW rather than the wall clock (the demo and test servers say so). */
export function clockIsPinned(): boolean {
  return clock().pinned;
}
