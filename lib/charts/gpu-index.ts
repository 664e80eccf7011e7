/**
 * Shapes the index for its chart, on /index and in /embed/index alike: the DePIN index line,
 * with AWS on-demand and Vast.ai beside it as their own lines (never blended in). Pure.
 */
import type { IndexModelBody } from '../api/gpu-index';
import { AWS_LABELS } from './compare';
import { AWS_STYLE, PALETTE, type LineStyle } from './palette';
import { linesToRows, type ChartLine, type ChartRow } from './series-rows';

export const INDEX_LINE_KEY = 'index';

export interface IndexChartLine {
  key: string;
  label: string;
  style: LineStyle;
}

export interface IndexChart {
  lines: IndexChartLine[];
  rows: ChartRow[];
}

const STYLES: Record<string, LineStyle> = {
  [INDEX_LINE_KEY]: { color: PALETTE[2], dash: undefined, marker: 'circle' },
  vastai: { color: PALETTE[1], dash: '8 4', marker: 'square' },
  aws: AWS_STYLE,
};

export function indexChart(model: IndexModelBody): IndexChart {
  const lines: ChartLine[] = [
    {
      key: INDEX_LINE_KEY,
      label: `Rentable GPU index (DePIN median, ${model.values[0]?.methodology ?? 'gpu-index-v1'})`,
      // The index line's points open the index evidence, not one run: see the page's handler.
      points: model.values.map((v) => ({ at: v.at, value: v.usdPerGpuHour, samples: v.networks, runId: null, observedAt: v.asOf })),
    },
    {
      key: 'vastai',
      label: 'Vast.ai (marketplace reference, not DePIN)',
      points: model.values.map((v) => ({ at: v.at, value: v.vastai?.usdPerGpuHour ?? null, samples: v.vastai ? 1 : 0, runId: v.vastai?.runId ?? null, observedAt: v.vastai?.observedAt ?? null })),
    },
    {
      key: 'aws',
      label: AWS_LABELS['8gpu'],
      points: model.values.map((v) => ({ at: v.at, value: v.aws?.usdPerGpuHour ?? null, samples: v.aws ? 1 : 0, runId: v.aws?.runId ?? null, observedAt: v.aws?.observedAt ?? null })),
    },
  ].filter((line) => line.points.some((p) => p.value !== null));
  return { lines: lines.map((l) => ({ key: l.key, label: l.label, style: STYLES[l.key] ?? AWS_STYLE })), rows: linesToRows(lines) };
}
