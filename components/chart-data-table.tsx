'use client';

/**
 * The chart's numbers as a table, behind a disclosure: the way to every value and its scrape
 * run for keyboard and screen-reader users (chart points are mouse targets). Its rows are in
 * the server's HTML, so the disclosure opens onto the numbers without JavaScript too; a chart
 * holds at most MAX_BUCKETS_PER_SERIES buckets (lib/buckets.ts), so the page stays bounded.
 */
import { runKey, type ChartRow } from '@/lib/charts/series-rows';
import { formatUtc } from '@/lib/format';
import { useOpenProvenance } from './provenance';
import { scrollRegion } from '@/lib/scroll-region';

export function ChartDataTable({
  title,
  lines,
  rows,
  formatValue,
  pointHandlers,
}: {
  title: string;
  lines: readonly { key: string; label: string }[];
  rows: readonly ChartRow[];
  formatValue: (value: number) => string;
  /** Lines whose values open something other than one run (see TimeSeriesChart). */
  pointHandlers?: Readonly<Record<string, (at: string) => void>>;
}) {
  const openProvenance = useOpenProvenance();
  return (
    <details className="chart-data">
      <summary>Data table</summary>
      <div className="table-wrap" {...scrollRegion(`Data table: ${title}`)}>
        <table data-testid="chart-data-table">
          <caption className="muted" style={{ textAlign: 'left' }}>
            {title}: one row per bucket (UTC); a dash is a gap. Each value opens the scrape run behind it.
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
          <tbody>
            {[...rows].reverse().map((row) => (
              <tr key={row.at}>
                <th scope="row" style={{ fontWeight: 400 }}>
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
                          {formatValue(value)}
                        </button>
                      </td>
                    );
                  }
                  return (
                    <td key={line.key}>
                      {typeof runId === 'number' ? (
                        <button type="button" className="figure" onClick={() => openProvenance(runId)}>
                          {formatValue(value)}
                        </button>
                      ) : (
                        formatValue(value)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
