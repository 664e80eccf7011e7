import { describe, expect, it } from 'vitest';
import { pinTestClock } from '../scripts/test-clock';
import { clockFromEnvironment, clockIsPinned, currentTime, parseClockInstant } from './clock';

describe('clockFromEnvironment', () => {
  const wall = Date.parse('2028-03-01T09:00:00Z');

  it('reads the wall clock in production, whatever RENTABLE_NOW says', () => {
    const clock = clockFromEnvironment({ RENTABLE_NOW: '2026-11-24T12:05:00Z' }, () => wall);
    expect(clock.pinned).toBe(false);
    expect(new Date(clock.nowMs()).toISOString()).toBe('2028-03-01T09:00:00.000Z');
  });

  it('starts a replaying server at RENTABLE_NOW and runs forward at real speed', () => {
    let wallMs = wall;
    const environment: Record<string, string | undefined> = { RENTABLE_NOW: '2026-11-24T12:05:00Z', RENTABLE_REPLAY: 'true' };
    const clock = clockFromEnvironment(environment, () => wallMs);
    expect(clock.pinned).toBe(true);
    expect(new Date(clock.nowMs()).toISOString()).toBe('2026-11-24T12:05:00.000Z');
    wallMs += 90_000;
    expect(new Date(clock.nowMs()).toISOString()).toBe('2026-11-24T12:06:30.000Z');
  });

  it('lets a child process continue the clock its parent set, instead of restarting it', () => {
    const parentEnvironment: Record<string, string | undefined> = { RENTABLE_NOW: '2026-11-24T12:05:00Z', RENTABLE_DEMO: 'true' };
    clockFromEnvironment(parentEnvironment, () => wall);
    // The child starts 40 s later with a copy of the parent's environment.
    const child = clockFromEnvironment({ ...parentEnvironment }, () => wall + 40_000);
    expect(new Date(child.nowMs()).toISOString()).toBe('2026-11-24T12:05:40.000Z');
  });

  it('rejects a RENTABLE_NOW that is not a real UTC instant, naming the variable', () => {
    for (const bad of ['2026-02-30', '2026-11-24 12:05', '2026-11-24T12:05:00', 'yesterday', '2026-11-24T12:05:00+25:00']) {
      expect(() => clockFromEnvironment({ RENTABLE_NOW: bad, RENTABLE_REPLAY: 'true' }), bad).toThrow(/^RENTABLE_NOW: must be an ISO 8601 instant/);
    }
    expect(parseClockInstant('2027-01-01').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(parseClockInstant('2027-01-01T00:00:00.250Z').toISOString()).toBe('2027-01-01T00:00:00.250Z');
  });
});

describe('the test suite clock', () => {
  it('is one clock across processes: a child of the process that pinned it reads on from it', () => {
    const environment: Record<string, string | undefined> = { RENTABLE_NOW: '2027-05-05T12:05:00Z' };
    pinTestClock(environment);
    const child = clockFromEnvironment({ ...environment }, () => Number(environment.RENTABLE_NOW_SET_AT_MS) + 5_000);
    expect(child.pinned).toBe(true);
    expect(new Date(child.nowMs()).toISOString()).toBe('2027-05-05T12:05:05.000Z');
  });

  it('is pinned by vitest.config.ts, so no test reads the day it runs on', () => {
    expect(clockIsPinned()).toBe(true);
    const pinned = Date.parse(process.env.RENTABLE_NOW ?? '');
    // Laid at RENTABLE_NOW when the file started, running forward since: within minutes of it.
    expect(currentTime().getTime() - pinned).toBeGreaterThanOrEqual(0);
    expect(currentTime().getTime() - pinned).toBeLessThan(10 * 60_000);
  });
});
