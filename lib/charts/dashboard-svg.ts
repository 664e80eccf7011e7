/**
 * The dashboard's chart data (chart rows, supply rows, model layers, funnel rows) as the input of
 * the server-drawn SVG charts (./svg-chart.ts, ./svg-bar-chart.ts): what a page shows before
 * its scripts run, or for good when they never do. Pure.
 */
import { formatCount } from '../format';
import type { FunnelRow } from './league';
import type { StackedChart } from './network-page';
import { STATUS_STYLE, type LineStyle } from './palette';
import type { ChartRow } from './series-rows';
import type { SupplyChartRow } from './supply-chart-data';
import type { SvgBarChartInput } from './svg-bar-chart';
import type { SvgChartInput, SvgChartSeries, ValueFormats } from './svg-chart';
import { seriesFromRows } from './svg-series';

/** What TimeSeriesChart draws, in its own props' terms. */
export interface LineChartData {
  id: string;
  title: string;
  lines: readonly { key: string; label: string; style: LineStyle }[];
  rows: readonly ChartRow[];
  scale: 'linear' | 'log';
  formatValue: (value: number) => string;
  formatAxis: (value: number) => string;
  bucketMs: number;
  now: string;
  height: number;
}

export function lineChartSvgInput(data: LineChartData): SvgChartInput {
  const unit: ValueFormats = { value: data.formatValue, axis: data.formatAxis };
  return {
    id: data.id,
    title: data.title,
    series: seriesFromRows(data.lines, data.rows),
    unit,
    // The reader's choice (the URL's scale), never `auto`: the hydrated chart must draw the same scale.
    scale: data.scale,
    height: data.height,
    bucketMs: data.bucketMs,
    now: data.now,
  };
}

const SUPPLY_MARKERS = { claimed: 'diamond', free: 'square', rentable: 'circle' } as const;

/**
 * The three status lines of the overview's supply chart. Its rows are already carried forward
 * across the buckets a slower source skips (toSupplyChartRows), so an empty value is a gap.
 */
export function supplySvgSeries(rows: readonly SupplyChartRow[]): SvgChartSeries[] {
  return (['claimed', 'free', 'rentable'] as const).map((status) => ({
    key: status,
    label: STATUS_STYLE[status].label,
    style: { color: STATUS_STYLE[status].color, dash: STATUS_STYLE[status].dash, marker: SUPPLY_MARKERS[status] },
    points: rows.map((row) => ({ at: row.at, value: row[status], gap: row[status] === null })),
  }));
}

const HOUR_MS = 3_600_000;

/**
 * The overview's hourly supply chart. Its recharts version marks no bucket "in progress", so
 * neither does this one: `now` is put at the end of the last bucket.
 */
export function supplySvgInput(rows: readonly SupplyChartRow[], title: string, height: number, scale: 'linear' | 'log' = 'linear'): Omit<SvgChartInput, 'id'> {
  const last = rows[rows.length - 1];
  return {
    title,
    series: supplySvgSeries(rows),
    unit: 'gpus',
    // The scale the recharts chart chose (lib/charts/value-scale.ts), so both draw the same.
    scale,
    height,
    bucketMs: HOUR_MS,
    now: new Date(last ? Date.parse(last.at) + HOUR_MS : 0).toISOString(),
  };
}

/**
 * The model layers of a by-model chart as one line each, not stacked: a stack of lines would
 * label each line with a running total, so each model's own count is drawn instead.
 */
export function modelLayerSvgSeries(chart: StackedChart): SvgChartSeries[] {
  return seriesFromRows(
    chart.layers.map((layer) => ({ key: layer.key, label: layer.label, style: { color: layer.color, dash: undefined, marker: 'circle' as const } })),
    chart.rows,
  );
}

/** The overview's claimed → free → rentable bars, one group per network, log scale. */
export function funnelSvgInput(rows: readonly FunnelRow[], height: number): Omit<SvgBarChartInput, 'id'> {
  return {
    title: 'Claimed, free and rentable GPUs per network, log scale',
    height,
    formatValue: (value) => `${formatCount(value)} GPUs`,
    formatAxis: (value) => formatCount(value),
    groups: (['claimed', 'free', 'rentable'] as const).map((status) => ({ key: status, label: STATUS_STYLE[status].label, color: STATUS_STYLE[status].color, dash: STATUS_STYLE[status].dash })),
    categories: rows.map((row) => ({ label: row.network, values: { claimed: row.claimed, free: row.free, rentable: row.rentable } })),
  };
}
