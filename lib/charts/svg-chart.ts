/**
 * A time-series line chart drawn on the server as an SVG string: no JavaScript is needed to see
 * it. One line per series, broken at gaps (lib/gaps.ts: a missed scheduled observation), joined
 * straight across buckets a slower source leaves empty by design, never drawn through zero;
 * round value ticks, whole-unit UTC time ticks, one colour per line, the newest bucket marked
 * "in progress" while it fills, and an accessible name and text summary.
 *
 * The SVG fills any width at a fixed height, so a server that cannot know the frame's width
 * still draws it right: the lines live in an inner SVG stretched across the width
 * (preserveAspectRatio="none", strokes kept at their width by vector-effect), everything else
 * is placed in percent of the width or in pixels of the height, and the value labels sit above
 * their grid lines rather than in a margin of guessed width.
 *
 * Input is plain series of points (time, value, gap), a unit and a title: the embeds use it, and
 * any page wanting a chart that shows without JavaScript can. Pure.
 */
import { escapeHtml } from '../http/escape-html';
import { formatCount, formatUsdPerGpuHour, formatUtc } from '../format';
import { distinctColours } from './distinct-colours';
import type { LineStyle } from './palette';
import { drawnValues, isPartialBucket } from './series-rows';
import { linearTicks, logTicks, timeTicks } from './ticks';

export interface SvgChartPoint {
  /** Bucket start, ISO. */
  at: string;
  value: number | null;
  /** True for an empty bucket where a scheduled observation is missing (the line breaks there). */
  gap: boolean;
  runId?: number | null;
  observedAt?: string | null;
}

export interface SvgChartSeries {
  key: string;
  label: string;
  style: LineStyle;
  points: readonly SvgChartPoint[];
}

export type ChartUnit = 'gpus' | 'nodes' | 'usd';
export type ChartScale = 'linear' | 'log';

export interface SvgChartInput {
  /** Prefix of the SVG's element ids: unique within the page. */
  id: string;
  title: string;
  series: readonly SvgChartSeries[];
  /** A unit, or the formats of a caller that already has its own (the dashboard's charts). */
  unit: ChartUnit | ValueFormats;
  /** `auto`: log when one series dwarfs another (see chooseScale), else linear. */
  scale: ChartScale | 'auto';
  /** Pixels. */
  height: number;
  bucketMs: number;
  /** ISO: when the page was rendered, for the "in progress" bucket. */
  now: string;
  /** Focusable, for the embed script's keyboard tooltip. */
  focusable?: boolean;
}

export interface SvgChart {
  svg: string;
  scale: ChartScale;
  /** When log was chosen by `auto`: largest series ÷ smallest (their highest values). */
  autoLogRatio: number | null;
  /** Values of zero or less a log scale cannot draw (counted, said, never hidden silently). */
  hiddenZeros: number;
  /** The series as drawn: colours made distinct. */
  series: SvgChartSeries[];
  /** Every bucket, oldest first. */
  buckets: string[];
  /** Where a bucket is across the width, in percent. */
  xPercent: (at: string) => number;
  /** Where a value is drawn, in pixels from the top; null when the scale cannot draw it. */
  yPixel: (value: number) => number | null;
  formatValue: (value: number) => string;
  summary: string;
}

export interface ValueFormats {
  /** A value with its unit, e.g. `1,234 GPUs`. */
  value: (v: number) => string;
  /** A value tick label. */
  axis: (v: number) => string;
}

export const UNIT_FORMATS: Record<ChartUnit, ValueFormats> = {
  gpus: { value: (v) => `${formatCount(v)} GPUs`, axis: (v) => formatCount(v) },
  nodes: { value: (v) => `${formatCount(v)} nodes`, axis: (v) => formatCount(v) },
  usd: { value: (v) => formatUsdPerGpuHour(v), axis: (v) => (v > 0 && v < 0.1 ? `$${v.toFixed(3)}` : `$${v.toFixed(2)}`) },
};

/**
 * When the smallest series peaks under 1/20 of the largest, it lives in the bottom 5% of a
 * linear plot (about 14 px at the default height): its changes cannot be seen. io.net's free
 * GPUs (~337,000) beside its rentable ones (~320) are 1,000 to 1.
 *
 * Why a log scale rather than a separate rentable panel: an embed's height is fixed by its
 * snippet (EMBED_CHROME_HEIGHT + the chart's height), so a second panel would halve both plots;
 * one log plot keeps one time axis and one hover target, and on it the vertical distance
 * between claimed and rentable is their ratio, the reality ratio this site is about. Zeros,
 * which a log axis cannot place, are counted in a note rather than dropped silently.
 */
export const AUTO_LOG_RATIO = 20;

export function chooseScale(series: readonly SvgChartSeries[], requested: ChartScale | 'auto'): { scale: ChartScale; ratio: number | null } {
  if (requested !== 'auto') return { scale: requested, ratio: null };
  const peaks = series
    .map((s) => s.points.reduce((max, p) => (p.value !== null && p.value > max ? p.value : max), 0))
    .filter((peak) => peak > 0);
  if (peaks.length < 2) return { scale: 'linear', ratio: null };
  const ratio = Math.max(...peaks) / Math.min(...peaks);
  return ratio >= AUTO_LOG_RATIO ? { scale: 'log', ratio } : { scale: 'linear', ratio: null };
}

const TOP = 18;
const BOTTOM = 22;
/** Percent of the width kept clear at either side, so end markers are not cut. */
const SIDE = 1.2;
/** Over this many buckets the markers would merge into a band: only lone points keep theirs. */
const MARKERS_UP_TO = 120;

const MARKER_PATHS: Record<LineStyle['marker'], string> = {
  circle: 'M-3,0a3,3 0 1,0 6,0a3,3 0 1,0 -6,0Z',
  square: 'M-3,-3h6v6h-6Z',
  triangle: 'M0,-4L4,3L-4,3Z',
  diamond: 'M0,-4L4,0L0,4L-4,0Z',
  cross: 'M-3,-3L3,3M3,-3L-3,3',
  star: 'M0,-4L1.2,-1.2L4,-1.2L1.8,0.6L2.6,3.6L0,1.8L-2.6,3.6L-1.8,0.6L-4,-1.2L-1.2,-1.2Z',
  wye: 'M0,0L0,4M0,0L-3.5,-2.5M0,0L3.5,-2.5',
};
const STROKED = new Set<LineStyle['marker']>(['cross', 'wye']);

const num = (n: number) => String(Math.round(n * 100) / 100);
const attr = (name: string, value: string | number | undefined | null) => (value === undefined || value === null ? '' : ` ${name}="${escapeHtml(String(value))}"`);

export function chartSummary(input: { series: readonly SvgChartSeries[]; buckets: readonly string[]; scale: ChartScale; formatValue: (v: number) => string }): string {
  const first = input.buckets[0];
  const last = input.buckets[input.buckets.length - 1];
  const head = `Line chart of ${input.series.length} series, ${formatUtc(first)} to ${formatUtc(last)}, ${input.scale === 'log' ? 'logarithmic' : 'linear'} scale.`;
  const lines = input.series.map((s) => {
    const values = s.points.filter((p): p is SvgChartPoint & { value: number } => p.value !== null);
    const latest = values[values.length - 1];
    if (!latest) return `${s.label}: no data.`;
    const low = Math.min(...values.map((p) => p.value));
    const high = Math.max(...values.map((p) => p.value));
    const gaps = s.points.filter((p) => p.value === null && p.gap).length;
    const range = low === high ? '' : `, lowest ${input.formatValue(low)}, highest ${input.formatValue(high)}`;
    return `${s.label}: latest ${input.formatValue(latest.value)} (${formatUtc(latest.at)})${range}${gaps > 0 ? `, ${gaps} gap${gaps === 1 ? '' : 's'}` : ''}.`;
  });
  return [head, ...lines].join(' ');
}

export function renderSvgChart(input: SvgChartInput): SvgChart {
  const id = input.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const series = distinctColours(input.series);
  const format = typeof input.unit === 'string' ? UNIT_FORMATS[input.unit] : input.unit;
  const buckets = [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))].sort();
  const t0 = buckets.length > 0 ? Date.parse(buckets[0]!) : 0;
  const t1 = buckets.length > 0 ? Date.parse(buckets[buckets.length - 1]!) : 0;
  const xOf = (ms: number) => (t1 > t0 ? SIDE + ((ms - t0) / (t1 - t0)) * (100 - 2 * SIDE) : 50);
  const xPercent = (at: string) => xOf(Date.parse(at));

  const { scale, ratio } = chooseScale(series, input.scale);
  const height = Math.max(80, Math.round(input.height));
  const plotBottom = height - BOTTOM;
  const plotHeight = plotBottom - TOP;
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter((v): v is number => v !== null);
  const drawable = scale === 'log' ? values.filter((v) => v > 0) : values;
  const maxTicks = Math.max(2, Math.floor(plotHeight / 45));
  const ticks =
    scale === 'log'
      ? logTicks(drawable.length > 0 ? Math.min(...drawable) : 1, drawable.length > 0 ? Math.max(...drawable) : 10)
      : linearTicks(drawable.length > 0 ? Math.min(...drawable) : 0, drawable.length > 0 ? Math.max(...drawable) : 1, maxTicks);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const yPixel = (value: number): number | null => {
    if (scale === 'log') {
      if (!(value > 0)) return null;
      return plotBottom - ((Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotHeight;
    }
    return plotBottom - ((value - lo) / (hi - lo)) * plotHeight;
  };

  let hiddenZeros = 0;
  const index = new Map(buckets.map((at, i) => [at, i]));
  const paths: string[] = [];
  const markers: string[] = [];
  for (const s of series) {
    const column: (number | null)[] = new Array<number | null>(buckets.length).fill(null);
    // A bucket this series has no point for was not tracked by it: a break, as a gap is.
    const gaps: boolean[] = new Array<boolean>(buckets.length).fill(true);
    for (const p of s.points) {
      const i = index.get(p.at)!;
      if (p.value !== null && scale === 'log' && p.value <= 0) {
        // The value exists but a log axis cannot place it: broken there, and counted.
        hiddenZeros += 1;
        continue;
      }
      column[i] = p.value;
      gaps[i] = p.value === null && p.gap;
    }
    const drawn = drawnValues(column, gaps);
    // Each unbroken stretch of the line; a flat run is drawn from its first point to its last,
    // the points between would only repeat its height (a week of a steady count is most of them).
    const stretches: { x: string; y: string }[][] = [];
    let stretch: { x: string; y: string }[] | null = null;
    drawn.forEach((value, i) => {
      const y = value === null ? null : yPixel(value);
      if (y === null) {
        stretch = null;
        return;
      }
      if (!stretch) stretches.push((stretch = []));
      stretch.push({ x: num(xPercent(buckets[i]!)), y: num(y) });
    });
    const d = stretches
      .map((points) =>
        points
          .filter((p, k) => k === 0 || k === points.length - 1 || p.y !== points[k - 1]!.y || p.y !== points[k + 1]!.y)
          .map((p, k) => `${k === 0 ? 'M' : 'L'}${p.x},${p.y}`)
          .join(''),
      )
      .join('');
    const { color, dash, marker } = s.style;
    paths.push(
      `<path class="series" data-key="${escapeHtml(s.key)}" d="${d}" fill="none" stroke="${escapeHtml(color)}" stroke-width="2"${attr('stroke-dasharray', dash)} stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>`,
    );
    const all = buckets.length <= MARKERS_UP_TO;
    column.forEach((value, i) => {
      if (value === null) return;
      const lone = drawn[i - 1] == null && drawn[i + 1] == null;
      if (!all && !lone) return;
      const y = yPixel(value);
      if (y === null) return;
      const paint = STROKED.has(marker) ? `stroke="${escapeHtml(color)}" stroke-width="1.5" fill="none"` : `fill="${escapeHtml(color)}"`;
      markers.push(`<use href="#${id}-m-${marker}" x="${num(xPercent(buckets[i]!))}%" y="${num(y)}" ${paint}/>`);
    });
  }

  const parts: string[] = [];
  const grid = ticks.map((tick) => {
    const y = num(yPixel(tick) ?? plotBottom);
    return `<line x1="0" x2="100%" y1="${y}" y2="${y}" stroke="var(--grid)" stroke-dasharray="3 3"/><text class="y-label" x="0" y="${num(Number(y) - 3)}">${escapeHtml(format.axis(tick))}</text>`;
  });
  const times = buckets.length > 0 ? timeTicks(t0, t1, 8) : [];
  const timeLabels = times.map((tick, i) => {
    const x = xOf(tick.at);
    const anchor = x < 8 ? 'start' : x > 92 ? 'end' : 'middle';
    // Every other label gives way in a narrow frame (CSS below): the server cannot know the width.
    const minor = times.length > 4 && i % 2 === 1 ? ' minor' : '';
    return (
      `<line x1="${num(x)}%" x2="${num(x)}%" y1="${TOP}" y2="${plotBottom}" stroke="var(--grid)" stroke-dasharray="3 3"/>` +
      `<line x1="${num(x)}%" x2="${num(x)}%" y1="${plotBottom}" y2="${plotBottom + 4}" stroke="var(--muted)"/>` +
      `<text class="x-label${minor}" x="${num(x)}%" y="${height - 6}" text-anchor="${anchor}">${escapeHtml(tick.label)}</text>`
    );
  });
  const last = buckets[buckets.length - 1];
  const inProgress = last && isPartialBucket(last, input.bucketMs, new Date(input.now)) ? last : null;
  if (inProgress) {
    const x = num(xPercent(inProgress));
    parts.push(
      `<line class="in-progress" x1="${x}%" x2="${x}%" y1="${TOP}" y2="${plotBottom}" stroke="var(--muted)" stroke-dasharray="2 2"/>` +
        `<text class="y-label" x="${x}%" dx="-4" y="${TOP + 12}" text-anchor="end" font-size="11">in progress</text>`,
    );
  }

  // What the scale changes or hides, said on the chart itself (no extra line under it: the
  // embed's height is fixed by its snippet).
  const notes: string[] = [];
  const autoLogRatio = scale === 'log' && ratio !== null ? ratio : null;
  if (autoLogRatio !== null) notes.push(`Log scale: largest series ${Math.round(autoLogRatio).toLocaleString('en-US')}× the smallest`);
  else if (scale === 'log') notes.push('Log scale');
  if (hiddenZeros > 0) notes.push(`${hiddenZeros} zero${hiddenZeros === 1 ? '' : 's'} not drawn`);
  if (notes.length > 0) parts.push(`<text class="scale-note" x="100%" dx="-4" y="12" text-anchor="end">${escapeHtml(notes.join(' · '))}</text>`);
  const summary = `${chartSummary({ series, buckets, scale, formatValue: format.value })}${notes.length > 0 ? ` ${notes.join('; ')}.` : ''}`;
  const style =
    `#${id} text{font-size:12px;fill:var(--muted)}` +
    `#${id} .y-label,#${id} .scale-note{paint-order:stroke;stroke:var(--bg);stroke-width:3px;stroke-linejoin:round}` +
    `@media (max-width:520px){#${id} .x-label.minor{display:none}}`;
  const defs = Object.entries(MARKER_PATHS)
    .map(([shape, d]) => `<path id="${id}-m-${shape}" d="${d}"/>`)
    .join('');
  const svg =
    `<svg id="${id}" class="svg-chart" data-chart data-scale="${scale}" xmlns="http://www.w3.org/2000/svg" width="100%" height="${height}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"${input.focusable ? ' tabindex="0"' : ''}>` +
    `<title id="${id}-title">${escapeHtml(input.title)}</title><desc id="${id}-desc">${escapeHtml(summary)}</desc>` +
    `<style>${style}</style><defs>${defs}</defs>` +
    `<g class="grid">${grid.join('')}${timeLabels.join('')}</g>` +
    `<line x1="0" x2="100%" y1="${plotBottom}" y2="${plotBottom}" stroke="var(--muted)"/>` +
    parts.join('') +
    // The lines: x in percent (a viewBox 100 wide, stretched), y in pixels of the fixed height.
    `<svg class="plot" x="0" y="0" width="100%" height="${height}" viewBox="0 0 100 ${height}" preserveAspectRatio="none" overflow="visible">${paths.join('')}</svg>` +
    `<g class="markers">${markers.join('')}</g>` +
    // Redrawn on every move and on focus: never a pointer target, or a press that lands on a
    // hover mark and sees it replaced before the release would make no click at all.
    `<g class="hover" aria-hidden="true" pointer-events="none"></g>` +
    `</svg>`;
  return { svg, scale, autoLogRatio, hiddenZeros, series, buckets, xPercent, yPixel, formatValue: format.value, summary };
}
