import type { ReactNode } from 'react';
import styles from './methodology.module.css';
import { scrollRegion } from '@/lib/scroll-region';

/** How a cell is set: a figure (row heading), prose that wraps, or a code-like field. */
type CellKind = 'figure' | 'prose' | 'field';

export interface MethodologyColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  kind?: CellKind;
  /** The row's heading cell (`<th scope="row">`): the first column of most tables. */
  rowHeader?: boolean;
  testId?: string;
}

/**
 * One reference table of /methodology: a table of rows rendered from the code's own
 * description (bounds, thresholds, sides, bands), stacked into labelled cards on narrow screens.
 */
export function MethodologyTable<Row>({
  label,
  testId,
  columns,
  rows,
  rowKey,
  rowAttributes,
}: {
  /** Names the table's scroll region for screen readers. */
  label: string;
  testId: string;
  columns: readonly MethodologyColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** `data-*` attributes the tests and deep links find a row by. */
  rowAttributes?: (row: Row) => Record<`data-${string}`, string>;
}) {
  return (
    <div className="panel table-wrap" {...scrollRegion(label)}>
      <table className={`${styles.rows} ${styles.stack}`} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((column) => {
                const className = column.kind ? styles[column.kind] : undefined;
                if (column.rowHeader) {
                  return (
                    <th key={column.header} scope="row" className={className ?? styles.figure}>
                      {column.cell(row)}
                    </th>
                  );
                }
                return (
                  <td key={column.header} className={className} data-label={column.header} data-testid={column.testId}>
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
