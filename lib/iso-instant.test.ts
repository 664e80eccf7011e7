import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it('reads a date as its midnight UTC and a time with its zone', () => {
    expect(parseIsoInstant('2026-11-20')?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(parseIsoInstant('2026-11-20T06:30Z')?.toISOString()).toBe('2026-11-20T06:30:00.000Z');
    expect(parseIsoInstant('2026-11-20T06:30:15.250Z')?.toISOString()).toBe('2026-11-20T06:30:15.250Z');
    expect(parseIsoInstant('2026-11-20T06:30:00+02:00')?.toISOString()).toBe('2026-11-20T04:30:00.000Z');
    expect(parseIsoInstant('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses what Date.parse lets through or rolls over, instead of passing an Invalid Date on', () => {
    for (const bad of [
      '2026-11-20Z',
      '2026-11-20 00:00',
      '2026-11-20,',
      '2026-11-20t00:00',
      '2026-11-20T00:00',
      '2026-11-20T00:00:00',
      '2026-02-30',
      '2027-02-29',
      '2026-13-01',
      '2026-11-20T24:00Z',
      '2026-11-20T10:60Z',
      '2026-11-20T10:00+25:00',
      '0000-01-01',
      '0001-01-01',
      '+275760-09-13',
      '20261120',
      '',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeNull();
    }
  });
});
