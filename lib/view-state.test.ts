import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, bucketCount } from './buckets';
import { autoResolution, clipWindow, InvalidParameterError, parseViewState, previousWindow, resolutionAllowed, resolveWindow, viewToSearchParams } from './view-state';

const now = new Date('2026-11-24T12:00:00Z');

describe('view state in the URL', () => {
  it('defaults to the last 7 days, hourly, all models, linear', () => {
    const view = parseViewState(new URLSearchParams(''));
    expect(view).toMatchObject({ range: '7d', resolution: 'auto', model: 'all', scale: 'linear', compare: '0' });
    expect(resolveWindow(view, now)).toEqual({ from: new Date('2026-11-17T12:00:00Z'), to: now, resolution: 'hour' });
  });

  it('steps auto from hour to day, week and month with the span, and keeps an explicit resolution', () => {
    expect(resolveWindow(parseViewState({ range: '30d' }), now).resolution).toBe('day');
    expect(resolveWindow(parseViewState({ range: '1y' }), now).resolution).toBe('day');
    expect(resolveWindow(parseViewState({ range: 'all' }), now).resolution).toBe('week');
    expect(resolveWindow(parseViewState({ range: 'custom', from: '2020-01-01', to: '2026-11-24' }), now).resolution).toBe('week');
    expect(autoResolution(7 * 365 * 86_400_000 + 1)).toBe('month');
    expect(resolveWindow(parseViewState({ range: '30d', resolution: 'hour' }), now).resolution).toBe('hour');
    expect(resolveWindow(parseViewState({ range: 'all' }), now).from.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // Whatever the range, auto stays far below the cap.
    for (const range of ['24h', '7d', '30d', '90d', '1y', 'all'] as const) {
      const w = resolveWindow(parseViewState({ range }), now);
      expect(bucketCount(w.from, w.to, w.resolution), range).toBeLessThanOrEqual(400);
    }
  });

  it('refuses an explicit resolution past MAX_BUCKETS, saying the longest span it allows', () => {
    expect(() => parseViewState({ range: 'all', resolution: 'hour' })).toThrow('resolution: hour allows at most 41 days (1,000 buckets a series); use day, or a shorter range');
    expect(() => parseViewState({ range: 'all', resolution: 'day' })).toThrow('resolution: day allows at most 999 days (1,000 buckets a series); use week, or a shorter range');
    expect(() => parseViewState({ range: 'custom', from: '2024-01-01', to: '2026-11-01', resolution: 'hour' })).toThrow(/^resolution: hour allows at most 41 days/);
    expect(parseViewState({ range: 'all', resolution: 'week' }).resolution).toBe('week');
    expect(parseViewState({ range: 'all', resolution: 'month' }).resolution).toBe('month');
    // The longest allowed span stays within the cap however it falls on bucket edges.
    const from = new Date('2026-10-14T12:30:00Z');
    const longestHourly = parseViewState({ range: 'custom', from: from.toISOString(), to: new Date(from.getTime() + 41 * 86_400_000).toISOString(), resolution: 'hour' });
    const w = resolveWindow(longestHourly, now);
    expect(bucketCount(w.from, w.to, 'hour')).toBeLessThanOrEqual(MAX_BUCKETS);
    // The picker greys out what would be refused.
    expect(resolutionAllowed({ range: '30d' }, 'hour')).toBe(true);
    expect(resolutionAllowed({ range: '90d' }, 'hour')).toBe(false);
    expect(resolutionAllowed({ range: 'all' }, 'day')).toBe(false);
    expect(resolutionAllowed({ range: 'all' }, 'week')).toBe(true);
  });

  it('clips a window to the day of the first observation, keeping the resolution of the span asked for', () => {
    const all = parseViewState({ range: 'all' });
    const first = new Date('2026-11-18T07:25:00Z');
    expect(clipWindow(resolveWindow(all, now), first)).toEqual({
      from: new Date('2026-11-18T00:00:00Z'),
      to: now,
      resolution: 'week',
      requestedFrom: new Date('2024-01-01T00:00:00Z'),
    });
    // Data older than the window, none at all, or none before the window ends: nothing to clip.
    const week = parseViewState({ range: '7d' });
    expect(clipWindow(resolveWindow(week, now), new Date('2026-01-01T00:00:00Z'))).toEqual(resolveWindow(week, now));
    expect(clipWindow(resolveWindow(week, now), null)).toEqual(resolveWindow(week, now));
    expect(clipWindow(resolveWindow(week, now), new Date('2026-11-25T00:00:00Z'))).toEqual(resolveWindow(week, now));
  });

  it('round-trips every control through the URL', () => {
    const params = new URLSearchParams('range=custom&from=2026-10-01&to=2026-11-01T06:00:00Z&model=h100-sxm-80gb&scale=log&compare=1&resolution=day');
    const view = parseViewState(params);
    const again = parseViewState(viewToSearchParams(view));
    expect(again).toEqual(view);
    expect(viewToSearchParams(view).toString()).toBe(
      'range=custom&from=2026-10-01T00%3A00%3A00.000Z&to=2026-11-01T06%3A00%3A00.000Z&resolution=day&model=h100-sxm-80gb&scale=log&compare=1',
    );
    expect(viewToSearchParams(parseViewState({})).toString()).toBe('');
  });

  it('names the bad parameter', () => {
    const bad: [Record<string, string>, string][] = [
      [{ range: '2w' }, 'range'],
      [{ range: 'custom', from: '2026-10-01' }, 'to'],
      [{ range: 'custom', from: 'yesterday', to: '2026-10-01' }, 'from'],
      [{ range: 'custom', from: '2026-11-01', to: '2026-10-01' }, 'to'],
      [{ scale: 'cubic' }, 'scale'],
      [{ model: '<script>' }, 'model'],
      [{ from: '2026-10-01' }, 'from'],
      // Dates Date.parse takes but that are not ISO 8601, or not on the calendar: each was a 500.
      ...['2026-11-20Z', '2026-11-20 00:00', '2026-11-20,', '2026-11-20t00:00', '2026-02-30', '0000-01-01'].map(
        (from): [Record<string, string>, string] => [{ range: 'custom', from, to: '2026-11-24' }, 'from'],
      ),
      [{ range: 'custom', from: '2026-11-01', to: '2026-11-20T00:00' }, 'to'],
      // Real dates, but outside what a URL may ask: before 2020, or more than a day after now.
      [{ range: 'custom', from: '2019-12-31T23:59:59Z', to: '2026-11-24' }, 'from'],
      [{ range: 'custom', from: '2026-11-01', to: '9999-12-31' }, 'to'],
      // At most MAX_BUCKETS buckets a series: a year of hours is 8,760.
      [{ range: '1y', resolution: 'hour' }, 'resolution'],
      [{ range: '90d', resolution: 'hour' }, 'resolution'],
      [{ range: 'all', resolution: 'day' }, 'resolution'],
      [{ resolution: 'minute' }, 'resolution'],
      [{ range: 'all', resolution: 'hour' }, 'resolution'],
      [{ range: 'custom', from: '2026-01-01', to: '2026-11-01', resolution: 'hour' }, 'resolution'],
    ];
    for (const [input, param] of bad) {
      expect(() => parseViewState(input), JSON.stringify(input)).toThrow(InvalidParameterError);
      try {
        parseViewState(input);
      } catch (error) {
        expect((error as InvalidParameterError).param).toBe(param);
      }
    }
  });

  it('takes a date from 2020-01-01 up to a day after now, and hourly buckets up to 41 days', () => {
    // The suite's clock is pinned (vitest.config.ts): now is RENTABLE_NOW.
    const tomorrow = new Date(Date.parse(process.env.RENTABLE_NOW ?? '') + 23 * 3_600_000).toISOString();
    expect(parseViewState({ range: 'custom', from: '2020-01-01', to: tomorrow }).to?.toISOString()).toBe(tomorrow);
    expect(parseViewState({ range: 'custom', from: '2026-09-01', to: '2026-10-12', resolution: 'hour' }).resolution).toBe('hour');
    expect(parseViewState({ range: '30d', resolution: 'hour' }).resolution).toBe('hour');
  });

  it('refuses a parameter given twice, naming it, and ignores names it does not read', () => {
    expect(() => parseViewState(new URLSearchParams('range=7d&range=30d'))).toThrow(/^range: is given more than once/);
    expect(() => parseViewState({ model: ['all', 'h100-sxm-80gb'] })).toThrow(InvalidParameterError);
    expect(parseViewState(new URLSearchParams('utm_source=a&utm_source=b&range=30d')).range).toBe('30d');
  });

  it('compares with the period just before, of the same length', () => {
    const window = resolveWindow(parseViewState({ range: '24h' }), now);
    expect(previousWindow(window)).toEqual({ from: new Date('2026-11-22T12:00:00Z'), to: new Date('2026-11-23T12:00:00Z'), resolution: 'hour' });
  });
});
