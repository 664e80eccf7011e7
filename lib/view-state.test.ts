import { describe, expect, it } from 'vitest';
import { autoResolution, InvalidParameterError, parseViewState, previousWindow, resolveWindow, viewToSearchParams } from './view-state';
import { bucketGrid, MAX_BUCKETS_PER_SERIES } from './buckets';

const now = new Date('2026-11-24T12:00:00Z');

describe('view state in the URL', () => {
  it('defaults to the last 7 days, hourly, all models, linear', () => {
    const view = parseViewState(new URLSearchParams(''));
    expect(view).toMatchObject({ range: '7d', resolution: 'auto', model: 'all', scale: 'linear', compare: '0' });
    expect(resolveWindow(view, now)).toEqual({ from: new Date('2026-11-17T12:00:00Z'), to: now, resolution: 'hour' });
  });

  it('steps auto from hours to days, weeks and months with the span, and keeps an explicit resolution', () => {
    expect(resolveWindow(parseViewState({ range: '90d' }), now).resolution).toBe('day');
    expect(resolveWindow(parseViewState({ range: '1y' }), now).resolution).toBe('day');
    expect(resolveWindow(parseViewState({ range: 'all' }), now).resolution).toBe('week');
    expect(resolveWindow(parseViewState({ range: '30d', resolution: 'hour' }), now).resolution).toBe('hour');
    expect(resolveWindow(parseViewState({ range: '1y', resolution: 'week' }), now).resolution).toBe('week');
    expect(resolveWindow(parseViewState({ range: 'all' }), now).from.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(autoResolution(6 * 365 * 86_400_000)).toBe('month');
  });

  it('never draws auto finer than the fastest schedule of the sources drawn', () => {
    const hour = 3_600_000;
    expect(autoResolution(7 * 24 * hour, 10 * 60_000)).toBe('hour');
    expect(autoResolution(7 * 24 * hour, 2 * hour)).toBe('day');
    expect(autoResolution(7 * 24 * hour, 24 * hour)).toBe('day');
    expect(autoResolution(400 * 24 * hour, 8 * 24 * hour)).toBe('month');
  });

  it('clips a window to the first observation and says so', () => {
    const began = new Date('2026-11-20T06:00:00Z');
    const clipped = resolveWindow(parseViewState({ range: '90d' }), now, { trackingBegan: began });
    expect(clipped).toEqual({ from: began, to: now, resolution: 'hour', trackingBegan: began });
    // Tracking began before the window: nothing to clip.
    expect(resolveWindow(parseViewState({ range: '24h' }), now, { trackingBegan: began })).toEqual({ from: new Date('2026-11-23T12:00:00Z'), to: now, resolution: 'hour' });
    // A window wholly before it stays as asked (empty), not turned inside out.
    const before = resolveWindow(parseViewState({ range: 'custom', from: '2026-01-01', to: '2026-02-01' }), now, { trackingBegan: began });
    expect(before.from.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(before.trackingBegan).toBeUndefined();
  });

  it('keeps every resolution within 1,000 buckets a series, naming the largest span in the 400', () => {
    expect(() => parseViewState({ range: '90d', resolution: 'hour' })).toThrow(/^resolution: hour draws at most 1,000 buckets a series: the largest span allowed at this resolution is 1,000 hours \(41 days 16 hours\)/);
    expect(() => parseViewState({ range: 'custom', from: '2020-01-01', to: '2026-11-01', resolution: 'day' })).toThrow(/^resolution: day .* 1,000 days/);
    expect(parseViewState({ range: 'custom', from: '2020-01-01', to: '2026-11-01', resolution: 'week' }).resolution).toBe('week');
    expect(parseViewState({ range: 'all', resolution: 'month' }).resolution).toBe('month');
    expect(bucketGrid(new Date('2020-01-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'), 'week').length).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);
    expect(bucketGrid(new Date('2026-09-22T00:00:00Z'), new Date('2026-11-01T16:00:00Z'), 'hour').length).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);
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
      // At most 1,000 buckets a series: a year of hours is 8,760 rows a series.
      [{ range: '1y', resolution: 'hour' }, 'resolution'],
      [{ range: 'all', resolution: 'hour' }, 'resolution'],
      [{ range: 'custom', from: '2026-01-01', to: '2026-11-01', resolution: 'hour' }, 'resolution'],
      [{ range: '90d', resolution: 'hour' }, 'resolution'],
      [{ range: 'custom', from: '2024-01-01', to: '2026-11-20', resolution: 'hour' }, 'resolution'],
      [{ resolution: 'minute' }, 'resolution'],
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

  it('takes a date from 2020-01-01 up to a day after now, and hourly buckets up to 1,000 hours within the hourly retention', () => {
    // The suite's clock is pinned (vitest.config.ts): now is RENTABLE_NOW.
    const pinned = Date.parse(process.env.RENTABLE_NOW ?? '');
    const daysAgo = (days: number) => new Date(pinned - days * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(pinned + 23 * 3_600_000).toISOString();
    expect(parseViewState({ range: 'custom', from: '2020-01-01', to: tomorrow }).to?.toISOString()).toBe(tomorrow);
    expect(parseViewState({ range: 'custom', from: daysAgo(41), to: daysAgo(1), resolution: 'hour' }).resolution).toBe('hour');
    expect(parseViewState({ range: '30d', resolution: 'hour' }).resolution).toBe('hour');
    // Hourly buckets older than the retention are deleted: an hourly view there is refused,
    // naming resolution, and auto draws such a window in days.
    expect(() => parseViewState({ range: 'custom', from: daysAgo(130), to: daysAgo(125), resolution: 'hour' })).toThrow(/^resolution: hour is offered within the last 92 days/);
    expect(() => parseViewState({ range: 'custom', from: daysAgo(80), to: daysAgo(50), resolution: 'hour', compare: '1' })).toThrow(/^resolution: hour is offered within/);
    expect(parseViewState({ range: '30d', resolution: 'hour', compare: '1' }).resolution).toBe('hour');
    const old = parseViewState({ range: 'custom', from: daysAgo(130), to: daysAgo(125) });
    expect(resolveWindow(old, new Date(pinned)).resolution).toBe('day');
    expect(resolveWindow(parseViewState({ range: 'custom', from: daysAgo(6), to: daysAgo(1) }), new Date(pinned)).resolution).toBe('hour');
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
