import { describe, expect, it } from 'vitest';
import { tooltipOrder } from './tooltip-rows';

describe('tooltipOrder', () => {
  it('puts the largest value first and gaps last, keeping ties and gaps in their given order', () => {
    const rows = [
      { key: 'a', value: 2.1 },
      { key: 'gap1', value: null },
      { key: 'b', value: 6.88 },
      { key: 'c', value: 2.1 },
      { key: 'gap2', value: null },
      { key: 'd', value: 0 },
    ];
    expect(tooltipOrder(rows).map((r) => r.key)).toEqual(['b', 'a', 'c', 'd', 'gap1', 'gap2']);
    // The input is left as it was.
    expect(rows[0]?.key).toBe('a');
  });
});
