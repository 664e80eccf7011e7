import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env';
import { DEFAULT_THRESHOLDS, THRESHOLD_DOCS, THRESHOLD_KEYS, describeThresholds, parseThresholds, withThresholds } from './thresholds';

describe('thresholds', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      spreadRatio: 3,
      frozenMinHours: 72,
      frozenMinObservations: 4,
      frozenSupplyMovePercent: 5,
      jumpPercent: 50,
      jumpSupplyMatchPercent: 50,
      dependabilityK: [1, 8, 64],
      realityTrendFlatPercent: 10,
      costClaimNearPoints: 5,
      indexMovePercent: 5,
    });
  });

  it('keeps the defaults for an empty environment and for empty variables', () => {
    expect(parseThresholds({})).toEqual(DEFAULT_THRESHOLDS);
    expect(parseThresholds({ FLAG_SPREAD_RATIO: '', DEPENDABILITY_K: '  ' })).toEqual(DEFAULT_THRESHOLDS);
  });

  it('reads overrides from the environment', () => {
    const t = parseThresholds({
      FLAG_SPREAD_RATIO: '5',
      FLAG_FROZEN_MIN_HOURS: '24.5',
      FLAG_JUMP_PERCENT: ' 80 ',
      DEPENDABILITY_K: '64, 1,8,8,128',
      COST_CLAIM_NEAR_POINTS: '0',
    });
    expect(t.spreadRatio).toBe(5);
    expect(t.frozenMinHours).toBe(24.5);
    expect(t.jumpPercent).toBe(80);
    expect(t.dependabilityK).toEqual([1, 8, 64, 128]);
    expect(t.costClaimNearPoints).toBe(0);
    expect(t.frozenMinObservations).toBe(4);
  });

  it('names the variable and the problem when a value is wrong', () => {
    expect(() => parseThresholds({ FLAG_SPREAD_RATIO: 'three' })).toThrow(ConfigError);
    expect(() => parseThresholds({ FLAG_SPREAD_RATIO: 'three' })).toThrow(/FLAG_SPREAD_RATIO: expected a number, got "three"/);
    expect(() => parseThresholds({ FLAG_SPREAD_RATIO: '1' })).toThrow(/FLAG_SPREAD_RATIO:/);
    expect(() => parseThresholds({ FLAG_FROZEN_MIN_OBSERVATIONS: '2.5' })).toThrow(/FLAG_FROZEN_MIN_OBSERVATIONS:/);
    expect(() => parseThresholds({ DEPENDABILITY_K: '1,eight' })).toThrow(/DEPENDABILITY_K: expected comma-separated whole numbers/);
    expect(() => parseThresholds({ DEPENDABILITY_K: '0' })).toThrow(/DEPENDABILITY_K:/);
    expect(() => parseThresholds({ FLAG_JUMP_SUPPLY_MATCH_PERCENT: '150' })).toThrow(/FLAG_JUMP_SUPPLY_MATCH_PERCENT:/);
  });

  it('reports every wrong variable at once', () => {
    let message = '';
    try {
      parseThresholds({ FLAG_SPREAD_RATIO: 'x', FLAG_JUMP_PERCENT: '-1' });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toContain('FLAG_SPREAD_RATIO');
    expect(message).toContain('FLAG_JUMP_PERCENT');
  });

  it('validates overrides given in code', () => {
    expect(withThresholds({ spreadRatio: 10 }).spreadRatio).toBe(10);
    expect(withThresholds({ spreadRatio: 10 }).jumpPercent).toBe(50);
    expect(() => withThresholds({ spreadRatio: 0.5 })).toThrow();
  });

  it('documents every threshold once, with a distinct variable, for /methodology', () => {
    expect([...THRESHOLD_KEYS].sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
    const variables = THRESHOLD_KEYS.map((k) => THRESHOLD_DOCS[k].env);
    expect(new Set(variables).size).toBe(variables.length);
    for (const v of variables) expect(v).toMatch(/^[A-Z][A-Z0-9_]+$/);
    const rows = describeThresholds(withThresholds({ spreadRatio: 4 }));
    expect(rows).toHaveLength(THRESHOLD_KEYS.length);
    expect(rows.find((r) => r.key === 'spreadRatio')).toMatchObject({ env: 'FLAG_SPREAD_RATIO', value: '4', defaultValue: '3', isDefault: false });
    expect(rows.find((r) => r.key === 'dependabilityK')).toMatchObject({ value: '1, 8, 64', isDefault: true });
    for (const row of rows) expect(row.description.length).toBeGreaterThan(20);
  });
});
