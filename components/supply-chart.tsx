'use client';

/**
 * Claimed, free and rentable GPUs over time. Takes its data as props (the page or embed
 * fetches it); gaps (buckets without a successful scrape) stay gaps. Lines differ by colour
 * (Okabe–Ito, colour-blind safe) and by dash, so they read in greyscale too. The value axis is
 * chosen by lib/charts/value-scale.ts: log, said so, when claimed dwarfs rentable.
 */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useId, useMemo } from 'react';
import { STATUS_STYLE } from '@/lib/charts/palette';
import { supplyRowsOf, type SupplyChartRow } from '@/lib/charts/supply-chart-data';
import { unpackChartRows, type PackedChartRows } from '@/lib/charts/packed-rows';
import { chartSummary } from '@/lib/charts/chart-summary';
import { chooseScale, seriesExtents } from '@/lib/charts/value-scale';
import { formatCount, formatGpus, formatUtc } from '@/lib/format';
import { SUPPLY_STATUSES } from '@/lib/vocabulary';
import { ChartLegend } from './chart-legend';
import { ChartTooltipBox } from './chart-tooltip';
import { dateTickLines, DateTick } from './date-tick';
import { supplySvgInput } from '@/lib/charts/dashboard-svg';
import { ServerSeriesChart } from './server-chart';

export { STATUS_STYLE };

const LINES = SUPPLY_STATUSES.map((status) => ({ key: status, label: STATUS_STYLE[status].label, style: { color: STATUS_STYLE[status].color, dash: STATUS_STYLE[status].dash } }));
const HOUR_MS = 3_600_000;

/** `packedRows`: the rows as the page sends them, once and packed (lib/charts/packed-rows.ts). */
export function SupplyChart({ packedRows, height = 320, title }: { packedRows: PackedChartRows | readonly SupplyChartRow[]; height?: number; title: string }) {
  const summaryId = useId();
  const rows = useMemo(() => supplyRowsOf(unpackChartRows(packedRows)), [packedRows]);
  const axis = chooseScale('linear', seriesExtents(rows, LINES));
  // A log axis cannot draw zero: those values become gaps there, and the caption says so.
  const drawn = axis.scale === 'log' ? rows.map((r) => ({ ...r, ...Object.fromEntries(SUPPLY_STATUSES.map((s) => [s, r[s] !== null && r[s] <= 0 ? null : r[s]])) })) : rows;
  return (
    <figure className="chart" aria-label={title} aria-describedby={summaryId} style={{ margin: 0 }}>
      <p id={summaryId} className="visually-hidden">
        {chartSummary({ title, lines: LINES, rows, formatValue: formatGpus, scale: axis.scale })}
      </p>
      <div style={{ height }}>
        <ServerSeriesChart input={supplySvgInput(rows, title, height, axis.scale)}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer aria-label={`${title}. Arrow keys step through the hours.`}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="at" tick={<DateTick bucketMs={HOUR_MS} />}
              // Recharts spaces ticks by the formatted text's width: the longer of the two short lines.
              tickFormatter={(v: string) => dateTickLines(v, HOUR_MS)[1]}
              height={36} minTickGap={16} interval="preserveStartEnd" stroke="var(--muted)" />
            <YAxis scale={axis.scale} domain={axis.domain} ticks={axis.ticks} allowDataOverflow={axis.scale === 'log'} tickFormatter={(v: number) => formatCount(v)} stroke="var(--muted)" fontSize={12} width={64} />
            <Tooltip
              content={({ active, payload, label }) =>
                active && payload?.length ? (
                  <ChartTooltipBox
                    heading={`Bucket from ${formatUtc(String(label))}`}
                    markers={false}
                    rows={LINES.map((line) => {
                      const value = (payload[0]?.payload as SupplyChartRow | undefined)?.[line.key];
                      return { ...line, value: typeof value === 'number' ? value : null, text: typeof value === 'number' ? `${formatCount(value)} GPUs` : 'no data (gap)' };
                    })}
                  />
                ) : null
              }
            />
            {LINES.map((line) => (
              <Line
                key={line.key}
                type="stepAfter"
                dataKey={line.key}
                name={line.label}
                stroke={line.style.color}
                strokeDasharray={line.style.dash}
                strokeWidth={2}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        </ServerSeriesChart>
      </div>
      <figcaption>
        <ChartLegend title={title} lines={LINES} markers={false} />
        {axis.automatic && axis.dwarfing ? (
          <p className="muted" data-testid="auto-log-note" style={{ fontSize: '0.85rem' }}>
            Log scale: {axis.dwarfing.largest.label} reaches {formatGpus(axis.dwarfing.largest.max)}, {Math.round(axis.dwarfing.ratio).toLocaleString('en-US')}× {axis.dwarfing.smallest.label} (
            {formatGpus(axis.dwarfing.smallest.max)}), which a linear axis would press onto zero.
          </p>
        ) : null}
      </figcaption>
    </figure>
  );
}
