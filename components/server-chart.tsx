'use client';

/**
 * A chart that shows without JavaScript: until the page has hydrated, the server-drawn SVG
 * (lib/charts/svg-chart.ts, svg-bar-chart.ts) stands where the recharts chart will be, since
 * recharts' ResponsiveContainer measures its box after mount and renders nothing on the server.
 * Once hydrated, the interactive chart replaces it. A chart first rendered in the browser (a
 * client-side navigation) skips the SVG altogether.
 */
import { useId, useSyncExternalStore, type ReactNode } from 'react';
import { lineChartSvgInput, type LineChartData } from '@/lib/charts/dashboard-svg';
import { renderSvgBarChart, type SvgBarChartInput } from '@/lib/charts/svg-bar-chart';
import { renderSvgChart, type SvgChartInput } from '@/lib/charts/svg-chart';

const subscribe = () => () => {};

/** False on the server and while hydrating, true after: React re-renders once the snapshots differ. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** `draw` runs only before hydration, so the interactive chart never pays for the SVG. */
export function ServerChart({ draw, children }: { draw: (id: string) => string; children: ReactNode }) {
  const hydrated = useHydrated();
  const id = `svg${useId()}`;
  if (hydrated) return <>{children}</>;
  return <div className="server-chart" data-testid="server-chart" dangerouslySetInnerHTML={{ __html: draw(id) }} />;
}

/** TimeSeriesChart's fallback, from its own props. */
export function ServerLineChart({ children, ...data }: Omit<LineChartData, 'id'> & { children: ReactNode }) {
  return <ServerChart draw={(id) => renderSvgChart(lineChartSvgInput({ ...data, id })).svg}>{children}</ServerChart>;
}

/** A fallback for any other line chart, from series already shaped. */
export function ServerSeriesChart({ input, children }: { input: Omit<SvgChartInput, 'id'>; children: ReactNode }) {
  return <ServerChart draw={(id) => renderSvgChart({ ...input, id }).svg}>{children}</ServerChart>;
}

export function ServerBarChart({ input, children }: { input: Omit<SvgBarChartInput, 'id'>; children: ReactNode }) {
  return <ServerChart draw={(id) => renderSvgBarChart({ ...input, id })}>{children}</ServerChart>;
}
