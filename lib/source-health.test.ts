import { describe, expect, it } from 'vitest';
import { freshnessRule } from './freshness';
import { sourceHealth } from './source-health';

const now = new Date('2026-06-01T12:00:00Z');
const tenMinutes = freshnessRule(10);
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

describe('sourceHealth', () => {
  it('says ok only while the last success is fresh by the source schedule', () => {
    expect(sourceHealth({ lastOutcome: 'ok', lastSuccessAt: minutesAgo(20), lastOrigin: 'live' }, now, tenMinutes)).toBe('ok');
    expect(sourceHealth({ lastOutcome: 'ok', lastSuccessAt: minutesAgo(40), lastOrigin: 'live' }, now, tenMinutes)).toBe('stale');
  });

  it('never calls a success from 945 days ago ok', () => {
    expect(sourceHealth({ lastOutcome: 'ok', lastSuccessAt: minutesAgo(945 * 1440), lastOrigin: 'live' }, now, tenMinutes)).toBe('out-of-date');
  });

  it('calls a claims ledger or backfilled history dated evidence, whatever its outcome', () => {
    expect(sourceHealth({ lastOutcome: 'ok', lastSuccessAt: minutesAgo(5), lastOrigin: 'claim' }, now, tenMinutes)).toBe('dated-evidence');
    expect(sourceHealth({ lastOutcome: 'ok', lastSuccessAt: minutesAgo(5), lastOrigin: 'backfill' }, now, tenMinutes)).toBe('dated-evidence');
  });

  it('reports a failing last run as failing even after an earlier fresh success', () => {
    expect(sourceHealth({ lastOutcome: 'failed', lastSuccessAt: minutesAgo(5), lastOrigin: 'live' }, now, tenMinutes)).toBe('failing');
    expect(sourceHealth({ lastOutcome: null, lastSuccessAt: null, lastOrigin: null }, now, tenMinutes)).toBe('not-scraped');
  });
});
