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
import { chooseScale, seriesExtents } from '@/lib/charts/value-scale';
import { chartSummary } from '@/lib/charts/chart-summary';
import { GAP_MEANING, GAP_MEANING_SHORT } from '@/lib/gaps';
import { formatUtc } from '@/lib/format';
import { useOpenProvenance } from './provenance';
import { ChartDownloads, type ChartDownloadSpec } from './chart-downloads';
import { ChartDataTable } from './chart-data-table';
import { ChartLegend, LineMarker } from './chart-legend';
import { ChartTooltipBox } from './chart-tooltip';
import { dateTickLines, DateTick } from './date-tick';
import { ServerLineChart } from './server-chart';
import { useId, useRef } from 'react';

export interface ChartLineSpec {
  key: string;
  label: string;
  style: LineStyle;
}

export interface TimeSeriesChartProps {
  title: string;
  lines: readonly ChartLineSpec[];
  rows: readonly ChartRow[];
  /** The reader's choice. Linear gives way to log when one line dwarfs another (see autoScale). */
  scale: 'linear' | 'log';
  /**
   * Draw on a log axis, and say so, when linear was asked for but the lines' maxima differ by
   * more than DWARF_RATIO (lib/charts/value-scale.ts): the dashboard's rule. Embeds keep the
   * scale their URL states.
   */
  autoScale?: boolean;
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
  /** The data table's cells without their unit, said once in its caption (see ChartDataTable). */
  cellUnit?: { label: string; format: (value: number) => string };
  /**
   * Lines whose points open something other than one scrape run (a derived value such as the
   * index opens every run behind it), by line key: called with the bucket clicked.
   */
  pointHandlers?: Readonly<Record<string, (at: string) => void>>;
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const openProvenance = useOpenProvenance();
  const figureRef = useRef<HTMLElement>(null);
  const summaryId = useId();
  const keys = props.lines.map((l) => l.key);
  // Without autoScale the requested scale stands, whatever the ratio.
  const axis = chooseScale(props.scale, seriesExtents(props.rows, props.lines), props.autoScale ? {} : { ratio: Infinity });
  const scale = axis.scale;
  const scaled = scale === 'log' ? forLogScale(props.rows, keys) : { rows: [...props.rows], hiddenZeros: 0 };
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
      <ChartTooltipBox
        heading={`${formatUtc(String(label))}${label === inProgress ? ' (in progress)' : ''}`}
        markers={!many}
        rows={props.lines.map((line) => {
          const value = row?.[line.key];
          const observed = row?.[observedKey(line.key)];
          return {
            key: line.key,
            label: line.label,
            style: line.style,
            value: typeof value === 'number' ? value : null,
            text: typeof value === 'number' ? props.formatValue(value) : row?.[gapKey(line.key)] === 0 ? 'no scrape scheduled in this bucket' : 'no data (gap)',
            note: typeof observed === 'string' ? `snapshot ${formatUtc(observed)}` : null,
          };
        })}
        footer="Click a point for its source."
      />
    );
  };

  const summary = chartSummary({ title: props.title, lines: props.lines, rows: props.rows, formatValue: props.formatValue, scale });

  return (
    <figure ref={figureRef} className="chart" aria-label={props.title} aria-describedby={summaryId} style={{ margin: 0 }}>
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <div style={{ height }}>
        <ServerLineChart {...props} scale={scale} height={height}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            // One named stop per chart: arrow keys step the tooltip through the buckets.
            accessibilityLayer
            aria-label={`${props.title}. Arrow keys step through the buckets; the data table below opens each value's source.`}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="at" tick={<DateTick bucketMs={props.bucketMs} />}
              // Recharts spaces ticks by the formatted text's width: the longer of the two short lines.
              tickFormatter={(v: string) => dateTickLines(v, props.bucketMs)[1]}
              height={36} minTickGap={16} interval="preserveStartEnd" stroke="var(--muted)" />
            <YAxis
              scale={scale}
              domain={axis.domain}
              ticks={axis.ticks}
              allowDataOverflow={scale === 'log'}
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
                      <LineMarker shape={line.style.marker} cx={dot.cx} cy={dot.cy} color={line.style.color} />
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
        <ChartLegend title={props.title} lines={props.lines} markers={!many} compact={props.compactLegend} />
        {axis.automatic && axis.dwarfing ? (
          <p className="muted chart-scale-note" data-testid="auto-log-note" style={{ fontSize: '0.85rem' }}>
            Log scale: {axis.dwarfing.largest.label} reaches {props.formatValue(axis.dwarfing.largest.max)}, {Math.round(axis.dwarfing.ratio).toLocaleString('en-US')}× {axis.dwarfing.smallest.label} (
            {props.formatValue(axis.dwarfing.smallest.max)}), which a linear axis would press onto zero.
          </p>
        ) : null}
        <p className="muted chart-gap-note" style={{ fontSize: '0.85rem' }}>
          {props.compactLegend ? GAP_MEANING_SHORT : GAP_MEANING}
        </p>
        {hiddenZeros > 0 ? (
          <p className="muted" style={{ fontSize: '0.85rem' }}>
            {hiddenZeros} zero value{hiddenZeros === 1 ? '' : 's'} not drawn: a log scale cannot show zero.{axis.automatic ? '' : ' Switch to linear to see them.'}
          </p>
        ) : null}
        <ChartDataTable title={props.title} lines={props.lines} rows={props.rows} formatValue={props.formatValue} cellUnit={props.cellUnit} pointHandlers={props.pointHandlers} />
        {props.downloads ? (
          <ChartDownloads
            asOf={props.now}
            spec={props.downloads}
            figure={figureRef}
            title={props.title}
            legend={props.lines.map((l) => ({ label: l.label, color: l.style.color, dash: l.style.dash }))}
          />
        ) : null}
      </figcaption>
    </figure>
  );
}
