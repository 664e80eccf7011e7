/**
 * The dashboard's chart rows (./series-rows.ts: one row per bucket, a column per line) as the
 * plain series the SVG renderer (./svg-chart.ts) draws. Pure.
 */
import type { LineStyle } from './palette';
import { gapKey, observedKey, runKey, type ChartRow } from './series-rows';
import type { SvgChartSeries } from './svg-chart';

export function seriesFromRows(lines: readonly { key: string; label: string; style: LineStyle }[], rows: readonly ChartRow[]): SvgChartSeries[] {
  return lines.map((line) => ({
    key: line.key,
    label: line.label,
    style: line.style,
    points: rows.map((row) => {
      const value = row[line.key];
      const runId = row[runKey(line.key)];
      const observedAt = row[observedKey(line.key)];
      return {
        at: row.at,
        value: typeof value === 'number' ? value : null,
        // A row the line has no column in is a bucket it was not tracked in: a break.
        gap: typeof value === 'number' ? false : row[gapKey(line.key)] !== 0,
        runId: typeof runId === 'number' ? runId : null,
        observedAt: typeof observedAt === 'string' ? observedAt : null,
      };
    }),
  }));
}
