/**
 * Shapes one network's page: API responses and query results in, chart lines, rows and table
 * rows out. Pure.
 *
 * Methodology choices made here:
 * - One line per source, never a sum: a network's sources count different pools (io.net's
 *   explorer, market snapshot and device list disagree by design), and the page exists to
 *   show that they disagree.
 * - Claims in nodes are charted apart from claims in GPUs: a node is a machine, not a GPU.
 * - The AWS reference is drawn as on /compare (see ./compare.ts): two lines, the 8-GPU size
 *   ÷ 8 and the smallest 1-GPU size, live file first, reference table behind, list price
 *   carried forward.
 * - Supply by GPU model is stacked per source (stacking two sources would count a GPU twice).
 *   In a bucket where the source reported, a model it did not list counts as 0 (the snapshot
 *   listed none); a bucket where it did not report at all stays a gap.
 */
import type { Annotation } from '../annotations/annotations';
import type { SourceInfo, WindowInfo } from '../api/responses';
import { gpuModelLabel } from '../gpu-models';
import type { LatestFigures } from '../queries/latest';
import type { Series, SeriesPoint } from '../queries/series';
import { ALL_MODELS, EVIDENCE_GRADE_LABELS, EVIDENCE_GRADES, type ChartResolution, type SupplyStatus } from '../vocabulary';
import { chartBucketStart } from '../buckets';
import {
  AWS_LABELS,
  AWS_SIZING_STYLE,
  bucketMsOf,
  latestFigure,
  mergeAwsPoints,
  previousStyle,
  savingPercent,
  shiftPoints,
  sourceLineStyle,
  type AwsSizing,
  type TableFigure,
} from './compare';
import { PALETTE, STATUS_STYLE, type LineStyle } from './palette';
import { linesToRows, observedKey, runKey, type ChartLine, type ChartRow } from './series-rows';

export interface PageLine extends ChartLine {
  style: LineStyle;
}

export interface PageChart {
  lines: PageLine[];
  rows: ChartRow[];
}

/** The part of an API response a chart needs. */
export interface PeriodData {
  window: WindowInfo;
  sources: readonly Pick<SourceInfo, 'id' | 'name' | 'evidenceGrade'>[];
  series: readonly Series[];
  previous: readonly Series[] | null;
}

export function gradeLabel(grade: string): string {
  const known = EVIDENCE_GRADES.find((g) => g === grade);
  return known ? EVIDENCE_GRADE_LABELS[known] : grade;
}

/** `<source name> · <evidence grade>`, so every line says how far to trust it. */
export function sourceLineLabel(sourceId: string, sources: PeriodData['sources']): string {
  const source = sources.find((s) => s.id === sourceId);
  return source ? `${source.name} · ${gradeLabel(source.evidenceGrade)}` : sourceId;
}

/** A stable colour per source: the sorted source ids of both periods, so compare keeps colours. */
function sourceStyles(data: Pick<PeriodData, 'series' | 'previous'>): (sourceId: string) => LineStyle {
  const ids = [...new Set([...data.series, ...(data.previous ?? [])].map((s) => s.sourceId))].sort();
  return (sourceId) => sourceLineStyle(Math.max(0, ids.indexOf(sourceId)));
}

const hasValue = (points: readonly SeriesPoint[]) => points.some((p) => p.value !== null);

/**
 * Adds the previous period under the current lines: same colour, dotted, moved onto the
 * current buckets (the window's span rounded to whole buckets).
 */
function withPrevious(current: PageLine[], previous: PageLine[] | null, window: WindowInfo): PageLine[] {
  if (!previous) return current;
  const bucketMs = bucketMsOf(window.resolution);
  const shifted = previous
    .filter((line) => hasValue(line.points))
    .map((line) => ({
      key: `prev~${line.key}`,
      label: `${line.label} (previous period)`,
      points: shiftPoints(line.points, window, bucketMs),
      style: previousStyle(line.style),
    }));
  return [...current, ...shifted];
}

const toChart = (lines: PageLine[]): PageChart => ({ lines, rows: linesToRows(lines) });

// ---------------------------------------------------------------- claimed

/** Claimed totals, one line per source, in GPUs and (apart) in nodes. */
export function claimedCharts(data: PeriodData): { gpus: PageChart; nodes: PageChart } {
  const style = sourceStyles(data);
  const build = (series: readonly Series[], unit: string): PageLine[] =>
    series
      .filter((s) => s.metric === 'claimed' && s.unit === unit && hasValue(s.points))
      .sort((a, b) => a.sourceId.localeCompare(b.sourceId))
      .map((s) => ({ key: `claimed~${s.sourceId}~${unit}`, label: sourceLineLabel(s.sourceId, data.sources), points: s.points, style: style(s.sourceId) }));
  const chart = (unit: string) => toChart(withPrevious(build(data.series, unit), data.previous ? build(data.previous, unit) : null, data.window));
  return { gpus: chart('gpus'), nodes: chart('nodes') };
}

// ---------------------------------------------------------------- free and rentable

const STATUS_ORDER: readonly SupplyStatus[] = ['rentable', 'free'];

/** Free and rentable GPUs, one line per source and status: colour by source, dash by status. */
export function freeRentableChart(data: PeriodData): PageChart {
  const style = sourceStyles(data);
  const build = (series: readonly Series[]): PageLine[] =>
    series
      .filter((s) => (s.metric === 'free' || s.metric === 'rentable') && s.unit === 'gpus' && hasValue(s.points))
      .sort((a, b) => STATUS_ORDER.indexOf(a.metric as SupplyStatus) - STATUS_ORDER.indexOf(b.metric as SupplyStatus) || a.sourceId.localeCompare(b.sourceId))
      .map((s) => {
        const status = s.metric === 'free' ? 'free' : 'rentable';
        return {
          key: `${status}~${s.sourceId}`,
          label: `${STATUS_STYLE[status].label}: ${sourceLineLabel(s.sourceId, data.sources)}`,
          points: s.points,
          style: { ...style(s.sourceId), dash: STATUS_STYLE[status].dash },
        };
      });
  return toChart(withPrevious(build(data.series), data.previous ? build(data.previous) : null, data.window));
}

// ---------------------------------------------------------------- prices

/** The cheapest listing is drawn dashed, the median solid. */
const MIN_DASH = '5 4';

/**
 * The price chart of one GPU model: per source of the network its median (solid) and cheapest
 * listing (dashed), then the AWS lines.
 */
export function networkPriceChart(data: PeriodData, network: string): PageChart {
  const style = sourceStyles({ series: data.series.filter((s) => s.networkSlug === network), previous: data.previous?.filter((s) => s.networkSlug === network) ?? null });
  const build = (series: readonly Series[]): PageLine[] => {
    const lines: PageLine[] = [];
    const own = series.filter((s) => s.networkSlug === network && hasValue(s.points)).sort((a, b) => a.sourceId.localeCompare(b.sourceId) || (a.metric === 'price_median' ? -1 : b.metric === 'price_median' ? 1 : 0));
    for (const s of own) {
      if (s.metric === 'price_median') {
        lines.push({ key: `median~${s.sourceId}`, label: `${sourceLineLabel(s.sourceId, data.sources)}: median`, points: s.points, style: { ...style(s.sourceId), dash: undefined } });
      } else if (s.metric === 'price_min') {
        lines.push({ key: `min~${s.sourceId}`, label: `${sourceLineLabel(s.sourceId, data.sources)}: cheapest`, points: s.points, style: { ...style(s.sourceId), dash: MIN_DASH } });
      }
    }
    for (const sizing of ['8gpu', '1gpu'] as const) {
      const points = mergeAwsPoints(series, sizing);
      if (hasValue(points)) lines.push({ key: `aws~${sizing}`, label: AWS_LABELS[sizing], points, style: AWS_SIZING_STYLE[sizing] });
    }
    return lines;
  };
  return toChart(withPrevious(build(data.series), data.previous ? build(data.previous) : null, data.window));
}

/**
 * saving = 1 − network ÷ AWS, as a fraction: 0.66 is 66% below AWS, −0.15 is 15% dearer.
 * Null when either price is unknown or AWS's is not positive.
 */
export function savingVsAws(usdPerGpuHour: number | null | undefined, awsUsdPerGpuHour: number | null | undefined): number | null {
  const percent = savingPercent(usdPerGpuHour, awsUsdPerGpuHour);
  return percent === null ? null : percent / 100;
}

/** `66% below AWS`, `15% above AWS`, `same as AWS`. */
export function describeSaving(saving: number | null, awsLabel = 'AWS'): string {
  if (saving === null) return `no ${awsLabel} price to compare`;
  const percent = Math.round(saving * 100);
  if (percent === 0) return `same as ${awsLabel}`;
  return percent > 0 ? `${percent}% below ${awsLabel}` : `${Math.abs(percent)}% above ${awsLabel}`;
}

export interface SavingComparison {
  sizing: AwsSizing;
  label: string;
  aws: TableFigure | null;
  saving: number | null;
}

export interface SavingRow {
  sourceId: string;
  label: string;
  /** The source's median in its latest bucket of the window. */
  median: TableFigure;
  /** Against the AWS price in effect in that bucket, 8-GPU ÷ 8 first. */
  comparisons: SavingComparison[];
}

/**
 * The saving readout: for each source of the network, its latest median in the window against
 * each AWS line in the same bucket (the list price in effect then, carried forward).
 */
export function savingRows(data: Pick<PeriodData, 'series' | 'sources'>, network: string): SavingRow[] {
  const aws = (['8gpu', '1gpu'] as const).map((sizing) => ({ sizing, points: mergeAwsPoints(data.series, sizing) }));
  const rows: SavingRow[] = [];
  const medians = data.series.filter((s) => s.networkSlug === network && s.metric === 'price_median').sort((a, b) => a.sourceId.localeCompare(b.sourceId));
  for (const s of medians) {
    const median = latestFigure(s.points);
    if (!median) continue;
    rows.push({
      sourceId: s.sourceId,
      label: sourceLineLabel(s.sourceId, data.sources),
      median,
      comparisons: aws.map(({ sizing, points }) => {
        const figure = latestFigure(points.filter((p) => p.at <= median.at));
        return { sizing, label: AWS_LABELS[sizing], aws: figure, saving: savingVsAws(median.value, figure?.value) };
      }),
    });
  }
  return rows;
}

// ---------------------------------------------------------------- supply by GPU model

export interface StackLayer {
  key: string;
  label: string;
  color: string;
  /** The GPU models the layer adds up: one, or several for "other models". */
  models: string[];
}

export interface StackedChart {
  sourceId: string;
  label: string;
  layers: StackLayer[];
  rows: ChartRow[];
}

/** Colours for model layers: the palette without its black (AWS's), "other" in muted grey. */
const LAYER_COLOURS = PALETTE.slice(0, PALETTE.length - 1);
const OTHER_COLOUR = 'var(--muted)';

/**
 * Supply by GPU model for one status, stacked, one chart per source. The largest models (by the
 * latest bucket the source reported, then by their peak) get their own layer; the rest are
 * summed as "other models", so the stack stays readable.
 */
export function stackedByModel(series: readonly Series[], sources: PeriodData['sources'], maxLayers = LAYER_COLOURS.length - 1): StackedChart[] {
  const bySource = new Map<string, Series[]>();
  for (const s of series) {
    if (s.gpuModel === ALL_MODELS || s.unit !== 'gpus') continue;
    bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  }
  const charts: StackedChart[] = [];
  for (const [sourceId, models] of [...bySource.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ats = [...new Set(models.flatMap((m) => m.points.map((p) => p.at)))].sort();
    const valueAt = new Map(models.map((m) => [m.gpuModel, new Map(m.points.map((p) => [p.at, p]))]));
    const reported = ats.filter((at) => models.some((m) => valueAt.get(m.gpuModel)?.get(at)?.value != null));
    if (reported.length === 0) continue;
    const latestAt = reported[reported.length - 1];
    const latest = (model: string) => (latestAt ? (valueAt.get(model)?.get(latestAt)?.value ?? 0) : 0);
    const peak = (s: Series) => Math.max(0, ...s.points.map((p) => p.value ?? 0));
    const ordered = [...models].sort((a, b) => latest(b.gpuModel) - latest(a.gpuModel) || peak(b) - peak(a) || a.gpuModel.localeCompare(b.gpuModel));
    const own = ordered.length > maxLayers + 1 ? ordered.slice(0, maxLayers) : ordered;
    const rest = ordered.slice(own.length);
    const layers: StackLayer[] = own.map((m, i) => ({ key: `layer${i}`, label: gpuModelLabel(m.gpuModel), color: LAYER_COLOURS[i % LAYER_COLOURS.length] ?? OTHER_COLOUR, models: [m.gpuModel] }));
    if (rest.length > 0) layers.push({ key: 'other', label: `${rest.length} other models`, color: OTHER_COLOUR, models: rest.map((m) => m.gpuModel) });

    const firstReported = reported[0] ?? '';
    const rows: ChartRow[] = ats
      // Buckets before the source was first tracked are "not tracked yet", not gaps.
      .filter((at) => at >= firstReported)
      .map((at) => {
        const row: ChartRow = { at };
        const anyReported = models.some((m) => valueAt.get(m.gpuModel)?.get(at)?.value != null);
        for (const layer of layers) {
          if (!anyReported) {
            row[layer.key] = null;
            continue;
          }
          let sum = 0;
          for (const model of layer.models) {
            const point = valueAt.get(model)?.get(at);
            if (point?.value == null) continue;
            sum += point.value;
            if (row[runKey(layer.key)] == null) {
              row[runKey(layer.key)] = point.runId;
              row[observedKey(layer.key)] = point.observedAt;
            }
          }
          row[layer.key] = sum;
          // A model the snapshot did not list still links to the snapshot that did not list it.
          if (row[runKey(layer.key)] == null) {
            const anyPoint = models.map((m) => valueAt.get(m.gpuModel)?.get(at)).find((p) => p?.value != null);
            row[runKey(layer.key)] = anyPoint?.runId ?? null;
            row[observedKey(layer.key)] = anyPoint?.observedAt ?? null;
          }
        }
        return row;
      });
    charts.push({ sourceId, label: sourceLineLabel(sourceId, sources), layers, rows });
  }
  return charts;
}

// ---------------------------------------------------------------- latest figures table

export interface LatestEntry {
  sourceId: string;
  sourceName: string;
  evidence: string;
  runId: number;
  observedAt: string;
  claimed: number | null;
  free: number | null;
  rentable: number | null;
  cheapest: number | null;
  median: number | null;
}

export interface LatestModelRow {
  gpuModel: string;
  label: string;
  entries: LatestEntry[];
}

type SourceFigures = LatestFigures & { sourceName: string; evidenceGrade: string };

/**
 * The latest figures per GPU model, a sub-row per source that lists the model (sources are
 * never merged), models with the most rentable GPUs first. Network totals come apart.
 */
export function latestTable(figures: readonly SourceFigures[]): { models: LatestModelRow[]; totals: LatestEntry[] } {
  const byModel = new Map<string, LatestEntry[]>();
  for (const source of figures) {
    for (const m of source.models) {
      const entry: LatestEntry = {
        sourceId: source.sourceId,
        sourceName: source.sourceName,
        evidence: gradeLabel(source.evidenceGrade),
        runId: source.runId,
        observedAt: source.observedAt,
        claimed: m.supply.claimed ?? null,
        free: m.supply.free ?? null,
        rentable: m.supply.rentable ?? null,
        cheapest: m.usdPerGpuHour.min ?? null,
        median: m.usdPerGpuHour.median ?? null,
      };
      if ([entry.claimed, entry.free, entry.rentable, entry.cheapest, entry.median].every((v) => v === null)) continue;
      byModel.set(m.gpuModel, [...(byModel.get(m.gpuModel) ?? []), entry]);
    }
  }
  const max = (entries: LatestEntry[], pick: (e: LatestEntry) => number | null) => Math.max(-1, ...entries.map((e) => pick(e) ?? -1));
  const models = [...byModel.entries()]
    .filter(([model]) => model !== ALL_MODELS)
    .map(([gpuModel, entries]) => ({ gpuModel, label: gpuModelLabel(gpuModel), entries }))
    .sort(
      (a, b) =>
        max(b.entries, (e) => e.rentable) - max(a.entries, (e) => e.rentable) ||
        max(b.entries, (e) => e.claimed ?? e.free) - max(a.entries, (e) => e.claimed ?? e.free) ||
        a.label.localeCompare(b.label),
    );
  return { models, totals: byModel.get(ALL_MODELS) ?? [] };
}

// ---------------------------------------------------------------- annotations

export interface AnnotationMark {
  /** The bucket the event falls in, as a chart row's `at`. */
  at: string;
  label: string;
}

/**
 * The annotations a chart can draw: those whose day falls in one of its buckets (dates are
 * UTC days, so an event marks the bucket holding its midnight: that day's, or the week or month
 * it falls in). Out of range, not drawn.
 */
export function annotationMarks(
  annotations: readonly Pick<Annotation, 'date' | 'title'>[],
  rows: readonly Pick<ChartRow, 'at'>[],
  resolution: ChartResolution = 'day',
): AnnotationMark[] {
  const ats = new Set(rows.map((r) => r.at));
  return annotations
    .map((a) => ({ at: chartBucketStart(new Date(`${a.date}T00:00:00Z`), resolution).toISOString(), label: a.title }))
    .filter((mark) => ats.has(mark.at));
}

// ---------------------------------------------------------------- price model picker

/**
 * The model the price chart opens on when the URL names none: H100 SXM if the network prices
 * it (the card every DePIN pitch compares), else the first model AWS also prices, else the
 * first model. Null when the network prices nothing.
 */
export function defaultPriceModel(models: readonly string[], awsModels: readonly string[]): string | null {
  if (models.includes('h100-sxm-80gb')) return 'h100-sxm-80gb';
  return models.find((m) => awsModels.includes(m)) ?? models[0] ?? null;
}
