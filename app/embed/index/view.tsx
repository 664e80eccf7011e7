'use client';

/** The index embed: the same chart as /index, each index point opening the quotes behind it. */
import { useOpenIndexEvidence } from '@/components/provenance';
import { TimeSeriesChart } from '@/components/time-series-chart';
import type { IndexResponse } from '@/lib/api/gpu-index';
import { bucketMsOf } from '@/lib/charts/compare';
import { indexChart, INDEX_LINE_KEY } from '@/lib/charts/gpu-index';
import type { EmbedTheme } from '@/lib/embed/params';
import { formatUsdAxis, formatUsdPerGpuHour } from '@/lib/format';
import { EmbedFrame } from '../embed-view';

export function IndexEmbedView(props: {
  title: string;
  body: IndexResponse;
  scale: 'linear' | 'log';
  chartHeight: number;
  now: string;
  pinned: boolean;
  theme: EmbedTheme;
  transparent: boolean;
  windowText: string;
  sourceLine: string;
  dashboardHref: string;
}) {
  const openEvidence = useOpenIndexEvidence();
  const model = props.body.models[0];
  const chart = model ? indexChart(model) : { lines: [], rows: [] };
  return (
    <EmbedFrame theme={props.theme} transparent={props.transparent}>
      <h1 className="embed-title">{props.title}</h1>
      <p className="embed-meta">
        {props.windowText}
        {props.pinned ? ' · pinned snapshot' : ''}
      </p>
      {model && chart.lines.length > 0 ? (
        <TimeSeriesChart
          title={props.title}
          lines={chart.lines}
          rows={chart.rows}
          scale={props.scale}
          formatValue={formatUsdPerGpuHour}
          formatAxis={formatUsdAxis}
          bucketMs={bucketMsOf(props.body.window.resolution)}
          now={props.now}
          height={props.chartHeight}
          pointHandlers={{ [INDEX_LINE_KEY]: (at) => openEvidence({ model: model.model, at, resolution: props.body.window.resolution }) }}
        />
      ) : (
        <p className="empty" data-testid="embed-empty" style={{ minHeight: Math.min(props.chartHeight, 160) }}>
          Nothing to draw in this window{props.pinned ? ' as of the pinned time' : ''}: no DePIN network listed this model as rentable at a
          price. A gap is never drawn as zero.
        </p>
      )}
      <p className="embed-source" data-testid="embed-source">
        {props.sourceLine}{' '}
        <a href={props.dashboardHref} target="_blank" rel="noopener" data-testid="embed-link">
          Full view on Rentable ↗
        </a>
      </p>
    </EmbedFrame>
  );
}
