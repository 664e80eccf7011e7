/**
 * What a chart's lines mean, drawn exactly as the chart draws them: the line's colour and dash
 * with its marker on top (a dash-only swatch did not match a chart of markers). It sits right
 * under the chart, before the data table and downloads, and lays long labels out in columns
 * so thirteen sources stay a few rows high.
 */
import type { LineStyle } from '@/lib/charts/palette';

export function LineMarker({ shape, cx, cy, color, r = 3 }: { shape: LineStyle['marker']; cx: number; cy: number; color: string; r?: number }) {
  if (shape === 'square') return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={color} />;
  if (shape === 'triangle') return <path d={`M${cx},${cy - r - 1}L${cx + r + 1},${cy + r}L${cx - r - 1},${cy + r}Z`} fill={color} />;
  if (shape === 'diamond') return <path d={`M${cx},${cy - r - 1}L${cx + r + 1},${cy}L${cx},${cy + r + 1}L${cx - r - 1},${cy}Z`} fill={color} />;
  if (shape === 'cross') return <path d={`M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx + r},${cy - r}L${cx - r},${cy + r}`} stroke={color} strokeWidth={2} />;
  return <circle cx={cx} cy={cy} r={r} fill={color} />;
}

/** A line swatch: the dash as drawn, and the marker when the chart draws markers. */
export function LineSwatch({ style, markers = true, width = 28 }: { style: Pick<LineStyle, 'color' | 'dash'> & { marker?: LineStyle['marker'] }; markers?: boolean; width?: number }) {
  return (
    <svg width={width} height="12" aria-hidden="true" className="legend-swatch">
      <line x1="0" y1="6" x2={width} y2="6" stroke={style.color} strokeWidth="2" strokeDasharray={style.dash} />
      {markers && style.marker ? <LineMarker shape={style.marker} cx={width / 2} cy={6} color={style.color} /> : null}
    </svg>
  );
}

export function ChartLegend({
  title,
  lines,
  markers = true,
  compact = false,
}: {
  title: string;
  lines: readonly { key: string; label: string; style: Pick<LineStyle, 'color' | 'dash'> & { marker?: LineStyle['marker'] } }[];
  markers?: boolean;
  /** Embeds: entries side by side, scrolling past two lines (keyboard focusable). */
  compact?: boolean;
}) {
  return (
    <ul
      className={compact ? 'legend legend-compact' : lines.length > 4 ? 'legend legend-columns' : 'legend'}
      aria-label={`Legend of ${title}`}
      {...(compact ? { tabIndex: 0 } : {})}
    >
      {lines.map((line) => (
        <li key={line.key} data-line={line.key}>
          <LineSwatch style={line.style} markers={markers} /> <span>{line.label}</span>
        </li>
      ))}
    </ul>
  );
}
