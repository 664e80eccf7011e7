/**
 * A grouped bar chart on a log scale, drawn on the server as an SVG string, for the overview's
 * claimed → free → rentable funnel: it shows without JavaScript (the dashboard's recharts
 * version replaces it once the page has hydrated). Like ./svg-chart.ts it fills any width at a
 * fixed height: bars live in an inner SVG stretched across the width, labels are placed in
 * percent of the width or pixels of the height. A missing or non-positive value draws no bar
 * (a log axis cannot place zero) and is said in the summary, never drawn as zero. Pure.
 */
import { escapeHtml } from '../http/escape-html';
import { logTicks } from './ticks';

export interface SvgBarGroup {
  key: string;
  label: string;
  color: string;
  dash: string | undefined;
}

export interface SvgBarCategory {
  label: string;
  /** By group key; null where the category has no such figure. */
  values: Readonly<Record<string, number | null>>;
}

export interface SvgBarChartInput {
  /** Prefix of the SVG's element ids: unique within the page. */
  id: string;
  title: string;
  groups: readonly SvgBarGroup[];
  categories: readonly SvgBarCategory[];
  /** Pixels. */
  height: number;
  formatValue: (value: number) => string;
  formatAxis: (value: number) => string;
}

const TOP = 12;
/** Room under the plot for category names written at a slant (a 24-character name fits). */
const BOTTOM = 90;
/** Percent of the width kept clear at the left for the value labels, so no bar covers them. */
const LEFT = 7;
/** Share of a category's slot its bars fill together. */
const BAND = 0.7;

const num = (n: number) => String(Math.round(n * 100) / 100);

export function barChartSummary(input: Pick<SvgBarChartInput, 'groups' | 'categories' | 'formatValue'>): string {
  const lines = input.categories.map((c) => {
    const parts = input.groups.map((g) => {
      const value = c.values[g.key];
      return `${g.label} ${value !== null && value !== undefined && value > 0 ? input.formatValue(value) : 'none'}`;
    });
    return `${c.label}: ${parts.join(', ')}.`;
  });
  return [`Bar chart of ${input.categories.length} categories, logarithmic scale.`, ...lines].join(' ');
}

export function renderSvgBarChart(input: SvgBarChartInput): string {
  const id = input.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const height = Math.max(120, Math.round(input.height));
  const plotBottom = height - BOTTOM;
  const plotHeight = plotBottom - TOP;
  const values = input.categories.flatMap((c) => input.groups.map((g) => c.values[g.key])).filter((v): v is number => v !== null && v !== undefined && v > 0);
  const ticks = logTicks(values.length > 0 ? Math.min(...values) : 1, values.length > 0 ? Math.max(...values) : 10);
  const lo = Math.log10(ticks[0]!);
  const hi = Math.log10(ticks[ticks.length - 1]!);
  const yPixel = (value: number) => plotBottom - ((Math.log10(value) - lo) / (hi - lo || 1)) * plotHeight;

  const slot = (100 - LEFT) / Math.max(1, input.categories.length);
  const barWidth = (slot * BAND) / Math.max(1, input.groups.length);
  const bars: string[] = [];
  const labels: string[] = [];
  input.categories.forEach((category, ci) => {
    const left = LEFT + ci * slot + (slot * (1 - BAND)) / 2;
    input.groups.forEach((group, gi) => {
      const value = category.values[group.key];
      if (value === null || value === undefined || !(value > 0)) return;
      const y = yPixel(value);
      bars.push(
        `<rect class="bar" data-key="${escapeHtml(group.key)}" x="${num(left + gi * barWidth)}" y="${num(y)}" width="${num(barWidth)}" height="${num(plotBottom - y)}" fill="${escapeHtml(group.color)}" stroke="var(--text)" stroke-width="0.5"${group.dash ? ` stroke-dasharray="${escapeHtml(group.dash)}"` : ''} vector-effect="non-scaling-stroke"><title>${escapeHtml(`${category.label}, ${group.label}: ${input.formatValue(value)}`)}</title></rect>`,
      );
    });
    // A nested SVG carries the percent position, so the name can be turned about its own origin.
    labels.push(
      `<svg x="${num(LEFT + (ci + 0.5) * slot)}%" y="${plotBottom + 8}" overflow="visible"><text transform="rotate(-30)" text-anchor="end" dy="0.7em">${escapeHtml(category.label)}</text></svg>`,
    );
  });
  const grid = ticks.map((tick) => `<line x1="0" x2="100%" y1="${num(yPixel(tick))}" y2="${num(yPixel(tick))}" stroke="var(--grid)" stroke-dasharray="3 3"/>`);
  const valueLabels = ticks.map((tick) => `<text class="y-label" x="0" y="${num(yPixel(tick) - 3)}">${escapeHtml(input.formatAxis(tick))}</text>`);
  const summary = barChartSummary(input);
  const style = `#${id} text{font-size:12px;fill:var(--muted)}#${id} .y-label{paint-order:stroke;stroke:var(--bg);stroke-width:3px;stroke-linejoin:round}`;
  return (
    `<svg id="${id}" class="svg-chart svg-bar-chart" data-chart data-scale="log" xmlns="http://www.w3.org/2000/svg" width="100%" height="${height}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc">` +
    `<title id="${id}-title">${escapeHtml(input.title)}</title><desc id="${id}-desc">${escapeHtml(summary)}</desc><style>${style}</style>` +
    `<g class="grid">${grid.join('')}</g>` +
    `<svg class="plot" x="0" y="0" width="100%" height="${height}" viewBox="0 0 100 ${height}" preserveAspectRatio="none" overflow="visible">${bars.join('')}</svg>` +
    `<line x1="0" x2="100%" y1="${plotBottom}" y2="${plotBottom}" stroke="var(--muted)"/>` +
    `<g class="x-labels">${labels.join('')}</g><g class="y-labels">${valueLabels.join('')}</g>` +
    `</svg>`
  );
}
