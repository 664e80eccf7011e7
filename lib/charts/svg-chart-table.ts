/**
 * The numbers of an SVG chart (./svg-chart.ts) as an HTML table behind a disclosure: every value
 * and the link to where it came from, readable without JavaScript and by screen readers. Each
 * row and cell also carries where its point is drawn (data-x in percent of the width, data-y in
 * pixels), so the embed's small script can show a tooltip from the table alone. Pure.
 */
import { escapeHtml } from '../http/escape-html';
import { formatUtc } from '../format';
import type { SvgChart, SvgChartPoint } from './svg-chart';

export interface ChartTableOptions {
  title: string;
  /** Where a value leads (its scrape run, the evidence of an index value), or null. */
  pointHref: (seriesKey: string, point: SvgChartPoint) => { href: string; kind: 'run' | 'evidence' } | null;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

export function chartTableHtml(chart: SvgChart, options: ChartTableOptions): string {
  const byKey = chart.series.map((s) => new Map(s.points.map((p) => [p.at, p])));
  const head = chart.series.map((s) => `<th scope="col" data-key="${escapeHtml(s.key)}">${escapeHtml(s.label)}</th>`).join('');
  const rows = [...chart.buckets].reverse().map((at) => {
    const cells = chart.series.map((s, i) => {
      const point = byKey[i]!.get(at);
      if (!point || point.value === null) {
        // Which kind of empty: a missed scrape (a gap) or a bucket the source's schedule skips.
        const gap = point ? point.gap : true;
        return `<td data-gap="${gap ? 1 : 0}">—</td>`;
      }
      const y = chart.yPixel(point.value);
      const text = escapeHtml(chart.formatValue(point.value));
      const link = options.pointHref(s.key, point);
      const data = `${y === null ? '' : ` data-y="${num(y)}"`}${point.observedAt ? ` data-observed="${escapeHtml(point.observedAt)}"` : ''}`;
      const body = link ? `<a class="figure" href="${escapeHtml(link.href)}" data-${link.kind} target="_blank" rel="noopener">${text}</a>` : text;
      return `<td${data}>${body}</td>`;
    });
    return `<tr data-at="${escapeHtml(at)}" data-x="${num(chart.xPercent(at))}"><th scope="row">${escapeHtml(formatUtc(at))}</th>${cells.join('')}</tr>`;
  });
  return (
    `<details class="chart-data"><summary>Data table</summary><div class="table-wrap"><table data-testid="chart-data-table">` +
    `<caption class="muted">${escapeHtml(options.title)}: one row per bucket (UTC); a dash is a gap. Each value links to where it came from.</caption>` +
    `<thead><tr><th scope="col">Bucket</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div></details>`
  );
}
