/**
 * Shapes the /compare page's data: one GPU model, every network's sources, against the AWS
 * on-demand reference. Pure: API responses in, chart lines, rows and table rows out.
 *
 * Methodology choices made here:
 * - One line per source, never a sum per network: a network's sources count different pools
 *   (io.net's containers and VMs, Hyperbolic's marketplace and on-demand options, Fluence's VMs
 *   and bare metal) that may overlap, so adding them could count a GPU twice.
 * - AWS is two lines, the cheapest 1-GPU size and the 8-GPU size ÷ 8, each merging the live
 *   pricing file with the committed reference table (the live file wins where both have a
 *   bucket). A list price holds until AWS changes it, so these two lines carry the last known
 *   price forward across buckets with no scrape; the tooltip still shows the snapshot's date.
 *   Every other line draws gaps as gaps.
 */
import type { SourceInfo } from '../api/responses';
import { findNetwork, NETWORKS, type NetworkKind } from '../networks';
import type { Series, SeriesPoint } from '../queries/series';
import type { ChartResolution, PriceStatistic } from '../vocabulary';
import { NOMINAL_BUCKET_MS } from '../buckets';
import { AWS_STYLE, DASHES, MARKERS, SERIES_COLOURS, type LineStyle } from './palette';
import { linesToRows, type ChartLine, type ChartRow } from './series-rows';
import { niceLinearTicks } from './value-scale';

export type AwsSizing = '1gpu' | '8gpu';

/** Every AWS price source, by the sizing it publishes (see lib/sources/aws.ts and aws-reference.ts). */
export const AWS_SOURCE_SIZING: Readonly<Record<string, AwsSizing>> = {
  'aws-ec2-ondemand-8gpu': '8gpu',
  'aws-reference-table': '8gpu',
  'aws-ec2-ondemand-1gpu': '1gpu',
  'aws-reference-table-1gpu': '1gpu',
};
/** The live pricing file; the reference table only fills buckets it has no value for. */
const LIVE_AWS_SOURCES: ReadonlySet<string> = new Set(['aws-ec2-ondemand-8gpu', 'aws-ec2-ondemand-1gpu']);

export const AWS_LABELS: Readonly<Record<AwsSizing, string>> = {
  '8gpu': 'AWS on-demand · 8-GPU instance ÷ 8',
  '1gpu': 'AWS on-demand · smallest 1-GPU instance',
};

/** The 8-GPU line is the reference proper; the 1-GPU line keeps the colour, with its own dash and marker. */
export const AWS_SIZING_STYLE: Readonly<Record<AwsSizing, LineStyle>> = {
  '8gpu': AWS_STYLE,
  '1gpu': { ...AWS_STYLE, dash: '3 3', marker: 'square' },
};

/** A bucket's length for drawing (a month is counted at 31 days: see lib/buckets.ts). */
export function bucketMsOf(resolution: ChartResolution): number {
  return NOMINAL_BUCKET_MS[resolution];
}

/**
 * Style of the i-th source line: its own colour (SERIES_COLOURS never repeats within fifteen
 * lines, and leaves out black, AWS's colour, which vanishes on the dark theme), with dash and
 * marker cycling through seven variants, shifted on each pass, so lines past the colours still
 * differ.
 */
export function sourceLineStyle(index: number): LineStyle {
  const variants = DASHES.length - 1;
  const i = Math.max(0, Math.floor(index));
  const colour = i % SERIES_COLOURS.length;
  const pass = Math.floor(i / variants);
  const variant = (i + pass * 3) % variants;
  return { color: SERIES_COLOURS[colour] ?? '#0072B2', dash: DASHES[variant], marker: MARKERS[variant] ?? 'circle' };
}

/** The previous period drawn under the current one: same colour, dotted. */
export function previousStyle(style: LineStyle): LineStyle {
  return { ...style, dash: '1 4' };
}

export function networkLabel(networkSlug: string): string {
  const network = findNetwork(networkSlug);
  if (!network) return networkSlug;
  return network.kind === 'marketplace' ? `${network.name} (not DePIN)` : network.name;
}

/** `<network> · <source name>`, e.g. `io.net · io.net IO Cloud: container GPU availability`. */
export function sourceLabel(series: { sourceId: string; networkSlug: string }, sources: readonly SourceInfo[]): string {
  const name = sources.find((s) => s.id === series.sourceId)?.name ?? series.sourceId;
  return `${networkLabel(series.networkSlug)} · ${name}`;
}

const networkOrder = (slug: string) => {
  const i = NETWORKS.findIndex((n) => n.slug === slug);
  return i === -1 ? NETWORKS.length : i;
};

/** Network order of lib/networks.ts (DePIN first, then the marketplace), then source id: stable colours. */
export function orderSeries<S extends { networkSlug: string; sourceId: string }>(series: readonly S[]): S[] {
  return [...series].sort((a, b) => networkOrder(a.networkSlug) - networkOrder(b.networkSlug) || a.sourceId.localeCompare(b.sourceId));
}

/**
 * Moves previous-period points onto the current period's buckets, so both draw on one axis.
 * The shift is the window's span rounded to whole buckets, so the points land on the grid.
 */
export function shiftPoints(points: readonly SeriesPoint[], window: { from: string; to: string }, bucketMs: number): SeriesPoint[] {
  const span = Date.parse(window.to) - Date.parse(window.from);
  const shift = Math.round(span / bucketMs) * bucketMs;
  return points.map((p) => ({ ...p, at: new Date(Date.parse(p.at) + shift).toISOString() }));
}

/**
 * One AWS sizing as one series: per bucket the live file's value, else the reference table's,
 * then the last known list price carried forward (see the header). Buckets before the first
 * known price stay empty.
 */
export function mergeAwsPoints(series: readonly Series[], sizing: AwsSizing): SeriesPoint[] {
  const own = series.filter((s) => s.networkSlug === 'aws' && AWS_SOURCE_SIZING[s.sourceId] === sizing && s.metric === 'price_median');
  const byBucket = new Map<string, { point: SeriesPoint; live: boolean }>();
  for (const s of own) {
    const live = LIVE_AWS_SOURCES.has(s.sourceId);
    for (const point of s.points) {
      const known = byBucket.get(point.at);
      if (!known || (known.point.value === null && point.value !== null) || (point.value !== null && live && !known.live)) {
        byBucket.set(point.at, { point, live });
      }
    }
  }
  const ordered = [...byBucket.values()].map((b) => b.point).sort((a, b) => a.at.localeCompare(b.at));
  let last: SeriesPoint | null = null;
  return ordered.map((point) => {
    if (point.value !== null) {
      last = point;
      return point;
    }
    return last ? { ...point, value: last.value, runId: last.runId, observedAt: last.observedAt } : point;
  });
}

export interface CompareLine extends ChartLine {
  style: LineStyle;
}

export interface CompareChart {
  lines: CompareLine[];
  rows: ChartRow[];
}

interface PeriodSeries {
  window: { from: string; to: string; resolution: ChartResolution };
  series: readonly Series[];
  previous: readonly Series[] | null;
}

function withPrevious(current: CompareLine[], previousPoints: (key: string) => readonly SeriesPoint[] | undefined, data: PeriodSeries): CompareLine[] {
  if (!data.previous) return current;
  const bucketMs = bucketMsOf(data.window.resolution);
  const previous: CompareLine[] = [];
  for (const line of current) {
    const points = previousPoints(line.key);
    if (!points || points.every((p) => p.value === null)) continue;
    previous.push({
      key: `prev:${line.key}`,
      label: `${line.label} (previous period)`,
      points: shiftPoints(points, data.window, bucketMs),
      style: previousStyle(line.style),
    });
  }
  return [...current, ...previous];
}

const toChart = (lines: CompareLine[]): CompareChart => ({ lines, rows: linesToRows(lines) });

/** The rentable chart: one line per source that reports the model as rentable, in GPUs. */
export function rentableChart(data: PeriodSeries & { sources: readonly SourceInfo[] }): CompareChart {
  const rentable = (series: readonly Series[]) => orderSeries(series.filter((s) => s.metric === 'rentable' && s.unit === 'gpus'));
  const current = rentable(data.series)
    .filter((s) => s.points.some((p) => p.value !== null))
    .map((s, i) => ({ key: s.sourceId, label: sourceLabel(s, data.sources), points: s.points, style: sourceLineStyle(i) }));
  const previous = new Map(rentable(data.previous ?? []).map((s) => [s.sourceId, s.points]));
  return toChart(withPrevious(current, (key) => previous.get(key), data));
}

/**
 * The price chart: one line per source with the chosen statistic (median or cheapest listing),
 * then the two AWS lines. AWS publishes one list price per size, so its min and median agree
 * and the AWS lines are the same whichever statistic is shown.
 */
export function priceChart(data: PeriodSeries & { sources: readonly SourceInfo[] }, statistic: Extract<PriceStatistic, 'min' | 'median'>): CompareChart {
  const metric = `price_${statistic}`;
  const ofSources = (series: readonly Series[]) => orderSeries(series.filter((s) => s.networkSlug !== 'aws' && s.metric === metric));
  const current: CompareLine[] = ofSources(data.series)
    .filter((s) => s.points.some((p) => p.value !== null))
    .map((s, i) => ({ key: s.sourceId, label: sourceLabel(s, data.sources), points: s.points, style: sourceLineStyle(i) }));
  for (const sizing of ['8gpu', '1gpu'] as const) {
    const points = mergeAwsPoints(data.series, sizing);
    if (points.some((p) => p.value !== null)) current.push({ key: `aws-${sizing}`, label: AWS_LABELS[sizing], points, style: AWS_SIZING_STYLE[sizing] });
  }
  const previousSources = new Map(ofSources(data.previous ?? []).map((s) => [s.sourceId, s.points]));
  const previousPoints = (key: string) => {
    if (key === 'aws-8gpu' || key === 'aws-1gpu') return data.previous ? mergeAwsPoints(data.previous, key === 'aws-8gpu' ? '8gpu' : '1gpu') : undefined;
    return previousSources.get(key);
  };
  return toChart(withPrevious(current, previousPoints, data));
}

// ---------------------------------------------------------------- comparison table

/** A figure in the table, with the bucket and the run behind it (for the provenance dialog). */
export interface TableFigure {
  value: number;
  at: string;
  runId: number | null;
  observedAt: string | null;
}

export interface ComparisonRow {
  /** Source id, or `aws-8gpu` / `aws-1gpu` for the merged AWS reference lines. */
  key: string;
  networkSlug: string;
  networkName: string;
  kind: NetworkKind;
  sourceName: string;
  rentableGpus: TableFigure | null;
  cheapest: TableFigure | null;
  median: TableFigure | null;
  /** Percent below AWS (negative: dearer), from the median; null when either price is missing or for AWS itself. */
  savingVsAws8Gpu: number | null;
  savingVsAws1Gpu: number | null;
  /** When the newest of the row's figures was observed. */
  asOf: string | null;
}

/** The newest value of a series: its latest bucket with a value. */
export function latestFigure(points: readonly SeriesPoint[] | undefined): TableFigure | null {
  if (!points) return null;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p && p.value !== null) return { value: p.value, at: p.at, runId: p.runId, observedAt: p.observedAt };
  }
  return null;
}

/**
 * How much cheaper a price is than the AWS reference, in percent of the AWS price: 62.8 means
 * 62.8% below AWS, −15 means 15% dearer. Null when either price is unknown or AWS's is not
 * positive (no division by zero, no meaningless percentages).
 */
export function savingPercent(usdPerGpuHour: number | null | undefined, awsUsdPerGpuHour: number | null | undefined): number | null {
  if (usdPerGpuHour === null || usdPerGpuHour === undefined || awsUsdPerGpuHour === null || awsUsdPerGpuHour === undefined) return null;
  if (!Number.isFinite(usdPerGpuHour) || !Number.isFinite(awsUsdPerGpuHour) || awsUsdPerGpuHour <= 0) return null;
  return ((awsUsdPerGpuHour - usdPerGpuHour) / awsUsdPerGpuHour) * 100;
}

/** `63% cheaper`-style text for a saving: whole percent, a true minus sign, `—` when unknown. */
export function formatSaving(percent: number | null): string {
  if (percent === null) return '—';
  const rounded = Math.round(percent);
  if (rounded === 0) return '±0%';
  return rounded > 0 ? `${rounded}%` : `−${Math.abs(rounded)}%`;
}

/** When the newest of the figures was observed (its snapshot's time, not the bucket's start). */
const newest = (...figures: (TableFigure | null)[]) =>
  figures.reduce<string | null>((max, f) => {
    const at = f ? (f.observedAt ?? f.at) : null;
    return at !== null && (max === null || at > max) ? at : max;
  }, null);

/**
 * The comparison table at each source's latest bucket in the window: rentable GPUs, cheapest
 * and median USD per GPU-hour, and the median's saving against both AWS sizes. Sources are
 * ordered by median price (cheapest first, unpriced last); the AWS reference rows come last.
 */
export function comparisonRows(
  supply: { series: readonly Series[]; sources: readonly SourceInfo[] },
  prices: { series: readonly Series[]; sources: readonly SourceInfo[] },
): ComparisonRow[] {
  const sources = [...supply.sources, ...prices.sources];
  const aws8 = latestFigure(mergeAwsPoints(prices.series, '8gpu'));
  const aws1 = latestFigure(mergeAwsPoints(prices.series, '1gpu'));

  const bySource = new Map<string, { networkSlug: string; rentable?: Series; min?: Series; median?: Series }>();
  const entry = (s: Series) => {
    const e = bySource.get(s.sourceId) ?? { networkSlug: s.networkSlug };
    bySource.set(s.sourceId, e);
    return e;
  };
  for (const s of supply.series) if (s.metric === 'rentable' && s.unit === 'gpus') entry(s).rentable = s;
  for (const s of prices.series) {
    if (s.networkSlug === 'aws') continue;
    if (s.metric === 'price_min') entry(s).min = s;
    if (s.metric === 'price_median') entry(s).median = s;
  }

  const rows: ComparisonRow[] = [];
  for (const [sourceId, e] of bySource) {
    const rentableGpus = latestFigure(e.rentable?.points);
    const cheapest = latestFigure(e.min?.points);
    const median = latestFigure(e.median?.points);
    if (!rentableGpus && !cheapest && !median) continue;
    const network = findNetwork(e.networkSlug);
    rows.push({
      key: sourceId,
      networkSlug: e.networkSlug,
      networkName: network?.name ?? e.networkSlug,
      kind: network?.kind ?? 'depin',
      sourceName: sources.find((s) => s.id === sourceId)?.name ?? sourceId,
      rentableGpus,
      cheapest,
      median,
      savingVsAws8Gpu: savingPercent(median?.value, aws8?.value),
      savingVsAws1Gpu: savingPercent(median?.value, aws1?.value),
      asOf: newest(rentableGpus, cheapest, median),
    });
  }
  rows.sort(
    (a, b) =>
      (a.median?.value ?? Infinity) - (b.median?.value ?? Infinity) ||
      (a.cheapest?.value ?? Infinity) - (b.cheapest?.value ?? Infinity) ||
      networkOrder(a.networkSlug) - networkOrder(b.networkSlug) ||
      a.key.localeCompare(b.key),
  );

  const aws = findNetwork('aws');
  for (const [sizing, figure] of [['8gpu', aws8], ['1gpu', aws1]] as const) {
    if (!figure) continue;
    rows.push({
      key: `aws-${sizing}`,
      networkSlug: 'aws',
      networkName: aws?.name ?? 'AWS',
      kind: 'cloud',
      sourceName: sizing === '8gpu' ? '8-GPU instance ÷ 8' : 'smallest 1-GPU instance',
      rentableGpus: null,
      // A list price is one offer: cheapest and median are the same figure.
      cheapest: figure,
      median: figure,
      savingVsAws8Gpu: null,
      savingVsAws1Gpu: null,
      asOf: newest(figure),
    });
  }
  return rows;
}

// ---------------------------------------------------------------- ranked dot plot

export interface PriceDot {
  key: string;
  networkName: string;
  sourceName: string;
  kind: NetworkKind;
  median: TableFigure;
  savingVsAws8Gpu: number | null;
}

export interface PriceDotPlot {
  /** Cheapest median first. */
  dots: PriceDot[];
  /** The AWS on-demand prices, 8-GPU ÷ 8 first: vertical reference lines. */
  references: { key: string; label: string; figure: TableFigure }[];
  /** The axis' right end, a round value at or above every dot and reference. */
  axisMax: number;
  ticks: number[];
}

/**
 * The latest median price per source, ranked, against the AWS lines: one row per source, read
 * in one glance where fifteen lines over time tangle. Built from the comparison table's rows,
 * so the two cannot disagree; sources without a median in the window are left out.
 */
export function priceDotPlot(rows: readonly ComparisonRow[]): PriceDotPlot {
  const dots = rows
    .filter((r): r is ComparisonRow & { median: TableFigure } => r.kind !== 'cloud' && r.median !== null)
    .map((r) => ({ key: r.key, networkName: r.networkName, sourceName: r.sourceName, kind: r.kind, median: r.median, savingVsAws8Gpu: r.savingVsAws8Gpu }))
    .sort((a, b) => a.median.value - b.median.value || a.key.localeCompare(b.key));
  const references = rows
    .filter((r): r is ComparisonRow & { median: TableFigure } => r.kind === 'cloud' && r.median !== null)
    .map((r) => ({ key: r.key, label: r.key === 'aws-8gpu' ? AWS_LABELS['8gpu'] : AWS_LABELS['1gpu'], figure: r.median }));
  const ticks = niceLinearTicks(Math.max(0, ...dots.map((d) => d.median.value), ...references.map((r) => r.figure.value)), 5);
  return { dots, references, axisMax: ticks[ticks.length - 1] ?? 1, ticks };
}
