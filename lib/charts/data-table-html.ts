/**
 * The body rows of a chart's data table (components/chart-data-table.tsx) as one HTML string,
 * newest bucket first, for the server's HTML and the closed table: a row header per bucket
 * (UTC), a figure or a dash (a gap) per line. End tags of cells and rows are left out, as
 * HTML allows (the parser closes a cell at the next one and a row at the next row), since a
 * week of /compare's two charts is 4,000 cells and `</td>` would be a third of each. Pure.
 */
import { escapeHtml } from '../http/escape-html';
import { formatUtc } from '../format';
import type { ChartRow } from './series-rows';

export function dataTableRowsHtml(lines: readonly { key: string }[], rows: readonly ChartRow[], formatCell: (value: number) => string): string {
  let html = '';
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    html += `<tr><th scope=row>${escapeHtml(formatUtc(row.at))}`;
    for (const line of lines) {
      const value = row[line.key];
      html += typeof value === 'number' ? `<td>${escapeHtml(formatCell(value))}` : '<td>—';
    }
  }
  return html;
}
