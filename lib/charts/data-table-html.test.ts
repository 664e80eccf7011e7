import { describe, expect, it } from 'vitest';
import { dataTableRowsHtml } from './data-table-html';

describe('dataTableRowsHtml', () => {
  it('writes a row per bucket, newest first, a dash for a gap, and end tags only where HTML needs them', () => {
    const rows = [
      { at: '2026-11-24T10:00:00.000Z', a: 80, b: null },
      { at: '2026-11-24T11:00:00.000Z', a: 81, b: 1.5 },
    ];
    const html = dataTableRowsHtml([{ key: 'a' }, { key: 'b' }], rows, (v) => `<${v}>`);
    expect(html).toBe('<tr><th scope=row>2026-11-24 11:00 UTC<td>&lt;81&gt;<td>&lt;1.5&gt;<tr><th scope=row>2026-11-24 10:00 UTC<td>&lt;80&gt;<td>—');
  });
});
