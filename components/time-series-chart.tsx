'use client';

/**
 * The time-series chart of the dashboard and the embeds. Data comes in as props; gaps stay
 * gaps; the newest bucket, still filling, is marked "in progress"; every point opens the
 * scrape run behind it. Lines differ by colour (Okabe–Ito), dash and marker.
 */
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import type { LineStyle } from '@/lib/charts/palette';
import { drawnKey, forLogScale, gapKey, isPartialBucket, observedKey, runKey, withDrawnLines, type ChartRow } from '@/lib/charts/series-rows';
import { GAP_MEANING, GAP_MEANING_SHORT } from '@/lib/gaps';
import { formatUtc } from '@/lib/format';
import { useOpenProvenance } from './provenance';
import { ChartDownloads, type ChartDownloadSpec } from './chart-downloads';
import { ChartDataTable } from './chart-data-table';
import { ServerLineChart } from './server-chart';
import { useRef } from 'react';

export interface ChartLineSpec {
  key: string;
  label: string;
  style: LineStyle;
}

export interface TimeSeriesChartProps {
  title: string;
  lines: readonly ChartLineSpec[];
  rows: readonly ChartRow[];
  scale: 'linear' | 'log';
  /** Formats a value with its unit, e.g. `1,234 GPUs` or `$2.56/GPU-h`. */
  formatValue: (value: number) => string;
  formatAxis: (value: number) => string;
  bucketMs: number;
  /** ISO time the page was rendered, passed from the server so both sides agree. */
  now: string;
  height?: number;
  /**
   * Embeds: the legend wraps its entries side by side and scrolls past two lines (keyboard
   * focusable), so a chart with many series keeps the height its snippet states.
   */
  compactLegend?: boolean;
  /** Dated events drawn as labelled vertical lines; `at` must be one of the rows' buckets. */
  annotations?: readonly { at: string; label: string }[];
  /** CSV, SVG and PNG downloads of exactly what is drawn. */
  downloads?: ChartDownloadSpec;
  /**
   * Lines whose points open something other than one scrape run (a derived value such as the
   * index opens every run behind it), by line key: called with the bucket clicked.
   */
  pointHandlers?: Readonly<Record<string, (at: string) => void>>;
}

const axisDate = (iso: string, bucketMs: number) => (bucketMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`);

function Marker({ shape, cx, cy, color }: { shape: LineStyle['marker']; cx: number; cy: number; color: string }) {
  const r = 3;
  if (shape === 'square') return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={color} />;
  if (shape === 'triangle') return <path d={`M${cx},${cy - r - 1}L${cx + r + 1},${cy + r}L${cx - r - 1},${cy + r}Z`} fill={color} />;
  if (shape === 'diamond') return <path d={`M${cx},${cy - r - 1}L${cx + r + 1},${cy}L${cx},${cy + r + 1}L${cx - r - 1},${cy}Z`} fill={color} />;
  if (shape === 'cross') return <path d={`M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx + r},${cy - r}L${cx - r},${cy + r}`} stroke={color} strokeWidth={2} />;
  return <circle cx={cx} cy={cy} r={r} fill={color} />;
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const openProvenance = useOpenProvenance();
  const figureRef = useRef<HTMLElement>(null);
  const keys = props.lines.map((l) => l.key);
  const scaled = props.scale === 'log' ? forLogScale(props.rows, keys) : { rows: [...props.rows], hiddenZeros: 0 };
  const rows = withDrawnLines(scaled.rows, keys);
  const hiddenZeros = scaled.hiddenZeros;
  const last = rows[rows.length - 1];
  const inProgress = last && isPartialBucket(last.at, props.bucketMs, new Date(props.now)) ? last.at : null;
  const height = props.height ?? 320;
  const many = rows.length > 120;

  const tooltip = ({ active, payload, label }: TooltipContentProps<ValueType, NameType>) => {
    if (!active || !payload?.length) return null;
    const row = payload[0]?.payload as ChartRow | undefined;
    return (
      <div className="chart-tooltip">
        <div style={{ fontWeight: 600 }}>
          {formatUtc(String(label))}
          {label === inProgress ? ' (in progress)' : ''}
        </div>
        {props.lines.map((line) => {
          const value = row?.[line.key];
          const observed = row?.[observedKey(line.key)];
          return (
            <div key={line.key} style={{ color: line.style.color }}>
              {line.label}:{' '}
              {typeof value === 'number' ? props.formatValue(value) : row?.[gapKey(line.key)] === 0 ? 'no scrape scheduled in this bucket' : 'no data (gap)'}
              {typeof observed === 'string' ? <span className="muted"> · snapshot {formatUtc(observed)}</span> : null}
            </div>
          );
        })}
        <div className="muted" style={{ fontSize: '0.8rem' }}>
          Click a point for its source.
        </div>
      </div>
    );
  };

  return (
    <figure ref={figureRef} className="chart" aria-label={props.title} style={{ margin: 0 }}>
      <div style={{ height }}>
        <ServerLineChart {...props} height={height}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="at" tickFormatter={(v: string) => axisDate(v, props.bucketMs)} minTickGap={48} stroke="var(--muted)" fontSize={12} />
            <YAxis
              scale={props.scale === 'log' ? 'log' : 'linear'}
              domain={props.scale === 'log' ? ['auto', 'auto'] : [0, 'auto']}
              allowDataOverflow={props.scale === 'log'}
              tickFormatter={props.formatAxis}
              stroke="var(--muted)"
              fontSize={12}
              width={72}
            />
            <Tooltip content={tooltip} />
            {inProgress ? (
              <ReferenceLine x={inProgress} ifOverflow="visible" stroke="var(--muted)" strokeDasharray="2 2" label={{ value: 'in progress', position: 'insideTopRight', fontSize: 11, fill: 'var(--muted)' }} />
            ) : null}
            {/* Both kinds of line sit on a row's bucket by construction. Recharts' default
                (ifOverflow "discard") drops a line whose pixel falls outside the axis, and on a
                point scale the first and last categories land a rounding error outside it for
                some row counts: the 2024 incident on the all-time chart vanished on some days. */}
            {(props.annotations ?? []).map((a) => (
              <ReferenceLine
                key={`annotation-${a.at}-${a.label}`}
                x={a.at}
                ifOverflow="visible"
                stroke="var(--accent)"
                strokeDasharray="4 3"
                label={{ value: a.label, position: 'insideTopLeft', fontSize: 11, fill: 'var(--accent)' }}
              />
            ))}
            {props.lines.map((line) => (
              <Line
                key={line.key}
                type="linear"
                dataKey={drawnKey(line.key)}
                name={line.label}
                stroke={line.style.color}
                strokeDasharray={line.style.dash}
                strokeWidth={2}
                connectNulls={false}
                isAnimationActive={false}
                dot={(dot: { cx?: number; cy?: number; payload?: ChartRow; index?: number }) => {
                  const runId = dot.payload?.[runKey(line.key)];
                  const value = dot.payload?.[line.key];
                  const handler = props.pointHandlers?.[line.key];
                  const at = dot.payload?.at;
                  const clickable = handler !== undefined || typeof runId === 'number';
                  if (dot.cx === undefined || dot.cy === undefined || typeof value !== 'number') return <g key={`${line.key}-${dot.index}`} />;
                  // A value with no neighbour draws no line segment: its marker is all there is to see.
                  const drawn = drawnKey(line.key);
                  const isolated =
                    dot.index !== undefined && typeof rows[dot.index - 1]?.[drawn] !== 'number' && typeof rows[dot.index + 1]?.[drawn] !== 'number';
                  return (
                    <g
                      key={`${line.key}-${dot.index}`}
                      className="chart-point"
                      data-line={line.key}
                      style={{ cursor: clickable ? 'pointer' : 'default' }}
                      onClick={() => {
                        if (handler && typeof at === 'string') handler(at);
                        else if (typeof runId === 'number') openProvenance(runId);
                      }}
                      opacity={many && !isolated ? 0 : 1}
                    >
                      <circle cx={dot.cx} cy={dot.cy} r={7} fill="transparent" />
                      <Marker shape={line.style.marker} cx={dot.cx} cy={dot.cy} color={line.style.color} />
                    </g>
                  );
                }}
                // The hover dot sits on top of the point: it must let the click through to it.
                activeDot={{ r: 5, pointerEvents: 'none' }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        </ServerLineChart>
      </div>
      <figcaption>
        <ChartDataTable title={props.title} lines={props.lines} rows={props.rows} formatValue={props.formatValue} pointHandlers={props.pointHandlers} />
        {props.downloads ? (
          <ChartDownloads
            asOf={props.now}
            spec={props.downloads}
            figure={figureRef}
            title={props.title}
            legend={props.lines.map((l) => ({ label: l.label, color: l.style.color, dash: l.style.dash }))}
          />
        ) : null}
        <ul
          className={props.compactLegend ? 'legend legend-compact' : 'legend'}
          {...(props.compactLegend ? { tabIndex: 0, 'aria-label': `Legend of ${props.title}` } : {})}
        >
          {props.lines.map((line) => (
            <li key={line.key}>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={line.style.color} strokeWidth="2" strokeDasharray={line.style.dash} />
              </svg>{' '}
              {line.label}
            </li>
          ))}
        </ul>
        <p className="muted chart-gap-note" style={{ fontSize: '0.85rem' }}>
          {props.compactLegend ? GAP_MEANING_SHORT : GAP_MEANING}
        </p>
        {hiddenZeros > 0 ? (
          <p className="muted" style={{ fontSize: '0.85rem' }}>
            {hiddenZeros} zero value{hiddenZeros === 1 ? '' : 's'} not drawn: a log scale cannot show zero. Switch to linear to see them.
          </p>
        ) : null}
      </figcaption>
    </figure>
  );
}
