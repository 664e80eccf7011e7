'use client';

/**
 * What an embed shows: title, the dashboard's own TimeSeriesChart (legend included), a source
 * line and a link back. It fills the width it is given, and reports its height to the page
 * that frames it (on load and on every resize), for the snippet's auto-height script.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { TimeSeriesChart } from '@/components/time-series-chart';
import type { EmbedChart } from '@/lib/charts/embed';
import type { EmbedTheme } from '@/lib/embed/params';
import { heightMessage } from '@/lib/embed/snippet';
import { formatCount, formatUsdPerGpuHour } from '@/lib/format';

const FORMATS = {
  gpus: { value: (v: number) => `${formatCount(v)} GPUs`, axis: formatCount },
  nodes: { value: (v: number) => `${formatCount(v)} nodes`, axis: formatCount },
  usd: { value: formatUsdPerGpuHour, axis: (v: number) => `$${v.toFixed(2)}` },
} as const;

/** Posts the embed's height to the framing page whenever it changes. */
function useReportHeight() {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = root.current;
    if (!element || window.parent === window) return;
    let last = 0;
    const report = () => {
      // From the top of the document, so anything above the embed (the demo banner) counts too.
      const height = Math.ceil(element.getBoundingClientRect().bottom + window.scrollY);
      if (height === last) return;
      last = height;
      // The height is no secret, since every site may frame an embed and learn it.
      window.parent.postMessage(heightMessage(height), '*');
    };
    const observer = new ResizeObserver(report);
    observer.observe(element);
    report();
    return () => observer.disconnect();
  }, []);
  return root;
}

export function EmbedFrame({ theme, transparent, children }: { theme: EmbedTheme; transparent: boolean; children: ReactNode }) {
  const root = useReportHeight();
  return (
    <div ref={root} className="rentable-embed" data-theme={theme} data-transparent={transparent ? '1' : '0'} data-testid="embed">
      {children}
    </div>
  );
}

export function EmbedView(props: {
  title: string;
  chart: EmbedChart;
  scale: 'linear' | 'log';
  chartHeight: number;
  /** ISO: the minute a live embed was rendered, or the instant a pinned one is frozen at. */
  now: string;
  pinned: boolean;
  theme: EmbedTheme;
  transparent: boolean;
  windowText: string;
  sourceLine: string;
  /** The public APIs behind the chart, listed one click away from the one-line source. */
  sourceNames: readonly string[];
  dashboardHref: string;
  emptyMessage: string;
}) {
  const format = FORMATS[props.chart.unit];
  return (
    <EmbedFrame theme={props.theme} transparent={props.transparent}>
      <h1 className="embed-title" title={props.title}>
        {props.title}
      </h1>
      <p className="embed-meta">
        {props.windowText}
        {props.pinned ? ' · pinned snapshot' : ''}
      </p>
      {props.chart.lines.length > 0 ? (
        <TimeSeriesChart
          title={props.title}
          lines={props.chart.lines}
          rows={props.chart.rows}
          scale={props.scale}
          formatValue={format.value}
          formatAxis={format.axis}
          bucketMs={props.chart.bucketMs}
          now={props.now}
          height={props.chartHeight}
          compactLegend
        />
      ) : (
        <p className="empty" data-testid="embed-empty" style={{ minHeight: Math.min(props.chartHeight, 160) }}>
          {props.emptyMessage}
        </p>
      )}
      <div className="embed-source" data-testid="embed-source">
        {props.sourceLine}{' '}
        <a href={props.dashboardHref} target="_blank" rel="noopener" data-testid="embed-link">
          Full view on Rentable ↗
        </a>
        {props.sourceNames.length > 0 ? (
          <details className="embed-sources" data-testid="embed-sources">
            <summary>Which APIs</summary>
            <ul>
              {props.sourceNames.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </EmbedFrame>
  );
}

/** An embed whose URL is wrong: says which parameter and why, in the frame it was given. */
export function EmbedError({ message, theme = 'auto' }: { message: string; theme?: EmbedTheme }) {
  return (
    <EmbedFrame theme={theme} transparent={false}>
      <p className="panel error-state" role="alert" data-testid="embed-error">
        This embed has an invalid parameter: <code>{message}</code>.
      </p>
    </EmbedFrame>
  );
}
