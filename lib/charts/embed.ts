/**
 * Shapes an embed's chart: the dashboard's own mappers (./network-page.ts, ./compare.ts) over
 * the same API response objects, so an embed draws exactly the lines of the view it was cut
 * from, then the embed's restrictions (`series`) and what its footer says (sources, as of).
 * Pure.
 */
import type { SourceInfo, WindowInfo } from '../api/responses';
import type { SeriesEmbedParams as EmbedParams } from '../embed/params';
import type { Series } from '../queries/series';
import { bucketMsOf, priceChart, rentableChart } from './compare';
import { claimedCharts, freeRentableChart, networkPriceChart, type PageLine } from './network-page';
import { STATUS_STYLE, type LineStyle } from './palette';
import { linesToRows, type ChartRow } from './series-rows';

/** The part of a supply, model-supply or prices response an embed draws. */
export interface EmbedData {
  window: WindowInfo;
  sources: SourceInfo[];
  series: Series[];
  previous: Series[] | null;
}

export interface EmbedChart {
  lines: { key: string; label: string; style: LineStyle }[];
  rows: ChartRow[];
  unit: 'gpus' | 'nodes' | 'usd';
  bucketMs: number;
  /** Names of the sources drawn, for the source line. */
  sourceNames: string[];
  /** The newest observation among the drawn points (ISO), or null when nothing is drawn. */
  latestObservedAt: string | null;
  /** Ids asked for in `series` that no series of this chart has. */
  unmatchedSeries: string[];
}

/** The series ids `series=` accepts: a source id, or `aws` for every AWS reference line. */
export function seriesIdOf(series: Pick<Series, 'sourceId' | 'networkSlug'>): string[] {
  return series.networkSlug === 'aws' ? [series.sourceId, 'aws'] : [series.sourceId];
}

/** Keeps the series `series=` asks for (all when null), in both periods. */
export function restrictSeries(data: EmbedData, wanted: readonly string[] | null): { data: EmbedData; unmatched: string[] } {
  if (!wanted) return { data, unmatched: [] };
  const keep = (s: Series) => seriesIdOf(s).some((id) => wanted.includes(id));
  const present = new Set([...data.series, ...(data.previous ?? [])].flatMap(seriesIdOf));
  return {
    data: { ...data, series: data.series.filter(keep), previous: data.previous?.filter(keep) ?? null },
    unmatched: wanted.filter((id) => !present.has(id)),
  };
}

function supplyLines(data: EmbedData, params: Extract<EmbedParams, { kind: 'supply' }>): PageLine[] {
  if (!params.network) return rentableChart(data).lines.map((line) => ({ ...line }));
  const lines: PageLine[] = [];
  const claimed = params.statuses.includes('claimed');
  const others = params.statuses.filter((s) => s !== 'claimed');
  if (claimed) {
    const { gpus, nodes } = claimedCharts(data);
    const own = (params.unit === 'nodes' ? nodes : gpus).lines;
    // Beside free and rentable lines of the same sources, claims need their own dash and name.
    lines.push(...(others.length > 0 ? own.map((l) => ({ ...l, label: `${STATUS_STYLE.claimed.label}: ${l.label}`, style: { ...l.style, dash: STATUS_STYLE.claimed.dash } })) : own));
  }
  if (others.length > 0 && params.unit === 'gpus') {
    const wanted = (key: string) => others.some((status) => key.startsWith(`${status}~`) || key.startsWith(`prev~${status}~`));
    lines.push(...freeRentableChart(data).lines.filter((l) => wanted(l.key)));
  }
  return lines;
}

function priceLines(data: EmbedData, params: Extract<EmbedParams, { kind: 'prices' }>): PageLine[] {
  if (!params.network) return priceChart(data, params.price ?? 'median').lines.map((line) => ({ ...line }));
  const lines = networkPriceChart(data, params.network).lines;
  if (!params.price) return lines;
  // One statistic asked for: drop the other one's lines (the AWS lines stay).
  const dropped = params.price === 'median' ? 'min~' : 'median~';
  return lines.filter((l) => !l.key.startsWith(dropped) && !l.key.startsWith(`prev~${dropped}`));
}

/** Whether a series feeds one of the chart's lines (for the source line's list of names). */
function isDrawn(series: Series, params: EmbedParams): boolean {
  if (params.kind === 'supply') return series.unit === params.unit && params.statuses.some((status) => status === series.metric);
  if (series.networkSlug === 'aws') return series.metric === 'price_median';
  // Across networks one statistic is drawn (median unless told); for one network, both unless told.
  const statistic = params.price ?? (params.network ? null : 'median');
  return statistic ? series.metric === `price_${statistic}` : series.metric === 'price_median' || series.metric === 'price_min';
}

export function embedChart(response: EmbedData, params: EmbedParams): EmbedChart {
  const { data, unmatched } = restrictSeries(response, params.series);
  const lines = params.kind === 'supply' ? supplyLines(data, params) : priceLines(data, params);
  const drawnSources = new Set(data.series.filter((s) => isDrawn(s, params) && s.points.some((p) => p.value !== null)).map((s) => s.sourceId));
  let latest: string | null = null;
  for (const line of lines) {
    if (line.key.startsWith('prev~') || line.key.startsWith('prev:')) continue;
    for (const point of line.points) if (point.value !== null && point.observedAt && (!latest || point.observedAt > latest)) latest = point.observedAt;
  }
  return {
    lines: lines.map(({ key, label, style }) => ({ key, label, style })),
    rows: linesToRows(lines),
    unit: params.kind === 'prices' ? 'usd' : params.kind === 'supply' && params.unit === 'nodes' ? 'nodes' : 'gpus',
    bucketMs: bucketMsOf(data.window.resolution),
    sourceNames: data.sources.filter((s) => drawnSources.has(s.id)).map((s) => s.name),
    latestObservedAt: latest,
    unmatchedSeries: unmatched,
  };
}
