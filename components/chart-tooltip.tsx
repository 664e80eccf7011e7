/**
 * A chart's tooltip for one bucket: one row per line, largest value first, in the theme's text
 * colour with the line's swatch beside it. Text in each line's own colour failed contrast
 * (sky blue and orange on white are near 2:1), and sixteen rows in legend order made the reader
 * hunt for the line under the cursor.
 */
import type { LineStyle } from '@/lib/charts/palette';
import { tooltipOrder } from '@/lib/charts/tooltip-rows';
import { LineSwatch } from './chart-legend';

export interface TooltipRow {
  key: string;
  label: string;
  style: Pick<LineStyle, 'color' | 'dash'> & { marker?: LineStyle['marker'] };
  value: number | null;
  /** What to write instead of a value, e.g. "no data (gap)". */
  text: string;
  note?: string | null;
}

export function ChartTooltipBox({ heading, rows, footer, markers = true }: { heading: string; rows: readonly TooltipRow[]; footer?: string; markers?: boolean }) {
  return (
    <div className="chart-tooltip">
      <div style={{ fontWeight: 600 }}>{heading}</div>
      <ul className="chart-tooltip-rows">
        {tooltipOrder(rows).map((row) => (
          <li key={row.key}>
            <LineSwatch style={row.style} markers={markers} width={20} /> <span>{row.label}: </span>
            <strong>{row.text}</strong>
            {row.note ? <span className="muted"> · {row.note}</span> : null}
          </li>
        ))}
      </ul>
      {footer ? (
        <div className="muted" style={{ fontSize: '0.8rem' }}>
          {footer}
        </div>
      ) : null}
    </div>
  );
}
