'use client';

/**
 * The chart's numbers as a table, behind a disclosure: the way to every value and its scrape
 * run for keyboard and screen-reader users (chart points are mouse targets). Its rows are in
 * the server's HTML, so the disclosure opens onto the numbers without JavaScript too; a chart
 * holds at most MAX_BUCKETS_PER_SERIES buckets (lib/buckets.ts), so the page stays bounded.
 *
 * Until a hydrated reader opens it, the rows are plain figures written as one HTML string
 * (lib/charts/data-table-html.ts): a week of /compare's two charts is 4,000 cells, 60 bytes
 * each as React's buttons, 6 to 9 as figures with their end tags left out, and a button opens
 * a run only once scripts run anyway. Opened after hydration, the table turns its figures into
 * buttons, drawn from the same rows.
 */
import { useState } from 'react';
import { dataTableRowsHtml } from '@/lib/charts/data-table-html';
import { runKey, type ChartRow } from '@/lib/charts/series-rows';
import { formatUtc } from '@/lib/format';
import { useOpenProvenance } from './provenance';
import { useHydrated } from './server-chart';
import { scrollRegion } from '@/lib/scroll-region';

export function ChartDataTable({
  title,
  lines,
  rows,
  formatValue,
  cellUnit,
  pointHandlers,
}: {
  title: string;
  lines: readonly { key: string; label: string }[];
  rows: readonly ChartRow[];
  formatValue: (value: number) => string;
  /**
   * Cells without their unit, said once in the caption instead (e.g. `GPUs`): a page whose
   * tables hold thousands of cells sends the unit once rather than in every one.
   */
  cellUnit?: { label: string; format: (value: number) => string };
  /** Lines whose values open something other than one run (see TimeSeriesChart). */
  pointHandlers?: Readonly<Record<string, (at: string) => void>>;
}) {
  const openProvenance = useOpenProvenance();
  const hydrated = useHydrated();
  const [opened, setOpened] = useState(false);
  const buttons = hydrated && opened;
  const formatCell = cellUnit?.format ?? formatValue;
  return (
    <details className="chart-data" onToggle={(event) => setOpened(opened || event.currentTarget.open)}>
      <summary>Data table</summary>
      <div className="table-wrap" {...scrollRegion(`Data table: ${title}`)}>
        <table data-testid="chart-data-table">
          <caption className="muted" style={{ textAlign: 'left' }}>
            {title}: one row per bucket (UTC){cellUnit ? `, values in ${cellUnit.label}` : ''}; a dash is a gap. Each value opens the scrape run behind it.
          </caption>
          <thead>
            <tr>
              <th scope="col">Bucket</th>
              {lines.map((line) => (
                <th key={line.key} scope="col">
                  {line.label}
                </th>
              ))}
            </tr>
          </thead>
          {buttons ? (
          <tbody>
            {[...rows].reverse().map((row) => (
              <tr key={row.at}>
                <th scope="row">
                  {formatUtc(row.at)}
                </th>
                {lines.map((line) => {
                  const value = row[line.key];
                  const runId = row[runKey(line.key)];
                  if (typeof value !== 'number') return <td key={line.key}>—</td>;
                  const handler = pointHandlers?.[line.key];
                  if (handler) {
                    return (
                      <td key={line.key}>
                        <button type="button" className="figure" onClick={() => handler(row.at)}>
                          {formatCell(value)}
                        </button>
                      </td>
                    );
                  }
                  return (
                    <td key={line.key}>
                      {typeof runId === 'number' ? (
                        <button type="button" className="figure" onClick={() => openProvenance(runId)}>
                          {formatCell(value)}
                        </button>
                      ) : (
                        formatCell(value)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          ) : (
            <tbody dangerouslySetInnerHTML={{ __html: dataTableRowsHtml(lines, rows, formatCell) }} />
          )}
        </table>
      </div>
    </details>
  );
}
