/**
 * The embed page, whole, as HTML: title, the one-line window, the chart drawn on the server
 * (lib/charts/svg-chart.ts) with its data table, legend and gap note, the one-line source with
 * the APIs behind it one click away, and a link back. It shows in full with JavaScript off;
 * its one inline script (./client-script.ts) adds the tooltip, the provenance dialog and the
 * height message. The same shell serves every kind of embed (supply, prices, the GPU index).
 * Pure.
 */
import { escapeHtml } from '../http/escape-html';
import { GAP_MEANING_SHORT } from '../gaps';
import { chartTableHtml, type ChartTableOptions } from '../charts/svg-chart-table';
import type { SvgChart } from '../charts/svg-chart';
import { embedScript } from './client-script';
import { EMBED_CSS } from './document-style';
import type { EmbedTheme } from './params';

export interface EmbedDocumentProps {
  title: string;
  /** The window and resolution, one line, e.g. "2026-11-17 to 2026-11-24 UTC, hourly". */
  windowText: string;
  pinned: boolean;
  theme: EmbedTheme;
  transparent: boolean;
  /** Replayed recordings: the page says so, as every page of a demo does. */
  demo: boolean;
  /** The chart, or null when there is nothing to draw (emptyMessage says why). */
  chart: { svg: SvgChart; table: ChartTableOptions } | null;
  chartHeight: number;
  emptyMessage: string;
  sourceLine: string;
  /** The public APIs behind the chart, listed one click away from the one-line source. */
  sourceNames: readonly string[];
  dashboardHref: string;
  /** The script nonce of a response served with one (proxy.ts's fallback), else its hash is taken. */
  nonce?: string | null;
}

function legendHtml(chart: SvgChart, title: string): string {
  const items = chart.series.map(
    (s) =>
      `<li data-key="${escapeHtml(s.key)}"><svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" stroke="${escapeHtml(s.style.color)}" stroke-width="2"${s.style.dash ? ` stroke-dasharray="${escapeHtml(s.style.dash)}"` : ''}/></svg> ${escapeHtml(s.label)}</li>`,
  );
  // Wraps side by side and scrolls past two lines (keyboard focusable), so many series keep the stated height.
  return `<ul class="legend legend-compact" tabindex="0" aria-label="${escapeHtml(`Legend of ${title}`)}">${items.join('')}</ul>`;
}

export function embedFigureHtml(chart: SvgChart, table: ChartTableOptions): string {
  return (
    `<figure class="chart" data-testid="embed-chart">${chart.svg}<div class="chart-tooltip" role="status" aria-live="polite" hidden></div>` +
    `<figcaption>${chartTableHtml(chart, table)}${legendHtml(chart, table.title)}` +
    `<p class="muted chart-gap-note">${escapeHtml(GAP_MEANING_SHORT)}</p></figcaption></figure>`
  );
}

export function embedDocument(props: EmbedDocumentProps): string {
  const meta = `${props.windowText}${props.pinned ? ' · pinned snapshot' : ''}`;
  const body = props.chart
    ? embedFigureHtml(props.chart.svg, props.chart.table)
    : `<p class="empty" data-testid="embed-empty" style="min-height:${Math.min(props.chartHeight, 160)}px">${escapeHtml(props.emptyMessage)}</p>`;
  const sources =
    props.sourceNames.length > 0
      ? `<details class="embed-sources" data-testid="embed-sources"><summary>Which APIs</summary><ul>${props.sourceNames.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul></details>`
      : '';
  const nonce = props.nonce ? ` nonce="${escapeHtml(props.nonce)}"` : '';
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(props.title)} · Rentable</title><link rel="icon" href="/icon.svg" type="image/svg+xml">` +
    `<style>${EMBED_CSS}</style></head><body>` +
    // One main landmark holds everything, the demo banner too, so a screen reader's landmark list is the chart.
    `<main class="rentable-embed" data-theme="${escapeHtml(props.theme)}" data-transparent="${props.transparent ? 1 : 0}" data-testid="embed">` +
    (props.demo ? `<div class="demo-banner" role="status">Demo data: replayed recordings, not live figures.</div>` : '') +
    `<h1 class="embed-title" title="${escapeHtml(props.title)}">${escapeHtml(props.title)}</h1><p class="embed-meta">${escapeHtml(meta)}</p>${body}` +
    `<div class="embed-source" data-testid="embed-source">${escapeHtml(props.sourceLine)} ` +
    `<a href="${escapeHtml(props.dashboardHref)}" target="_blank" rel="noopener" data-testid="embed-link">Full view on Rentable ↗</a>${sources}</div></main>` +
    `<script${nonce}>${embedScript()}</script></body></html>`
  );
}

/** A model or network we hold nothing for: a 404 in the embed's own frame. */
export function embedNotFoundDocument(message: string): string {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>Not found · Rentable</title><style>${EMBED_CSS}</style></head><body><main class="rentable-embed" data-theme="auto" data-transparent="0" data-testid="embed">` +
    `<p class="error-state" role="alert" data-testid="embed-not-found">${escapeHtml(message)}</p></main></body></html>`
  );
}
