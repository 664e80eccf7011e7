'use client';

/**
 * Supply by GPU model: the status toggle (in the URL as `status`) and one stacked area chart
 * per source. Data comes as props; buckets without a report stay gaps; every point opens the
 * scrape run behind it.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useTransition } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import { useOpenProvenance } from '@/components/provenance';
import { ServerSeriesChart } from '@/components/server-chart';
import { ChartTooltipBox } from '@/components/chart-tooltip';
import { dateTickLines, DateTick } from '@/components/date-tick';
import { modelLayerSvgSeries } from '@/lib/charts/dashboard-svg';
import { chartSummary } from '@/lib/charts/chart-summary';
import { niceLinearTicks } from '@/lib/charts/value-scale';
import type { AnnotationMark, StackedChart } from '@/lib/charts/network-page';
import { isPartialBucket, runKey, type ChartRow } from '@/lib/charts/series-rows';
import { formatCount, formatUtc } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { SUPPLY_STATUSES, type SupplyStatus } from '@/lib/vocabulary';
import { withStackStatus } from './search-params';

const STATUS_LABELS: Record<SupplyStatus, string> = { claimed: 'claimed', free: 'free', rentable: 'rentable' };

export function StackStatusToggle({ value }: { value: SupplyStatus }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const choose = (status: SupplyStatus) => {
    const query = withStackStatus(new URLSearchParams(searchParams.toString()), status).toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };
  return (
    <div className="controls" style={{ marginTop: 0 }}>
      <div className="control-group" role="group" aria-label="Status stacked by model" aria-busy={pending}>
        <span className="muted">Stack:</span>
        {SUPPLY_STATUSES.map((status) => (
          <button key={status} type="button" aria-pressed={value === status} onClick={() => choose(status)} data-status={status}>
            {STATUS_LABELS[status]}
          </button>
        ))}
      </div>
    </div>
  );
}

export function StackedModelChart({
  chart,
  title,
  bucketMs,
  now,
  annotations,
  height = 280,
}: {
  chart: StackedChart;
  title: string;
  bucketMs: number;
  /** ISO time the page was rendered, passed from the server so both sides agree. */
  now: string;
  annotations: readonly AnnotationMark[];
  height?: number;
}) {
  const openProvenance = useOpenProvenance();
  const summaryId = useId();
  const rows = chart.rows;
  const last = rows[rows.length - 1];
  const inProgress = last && isPartialBucket(last.at, bucketMs, new Date(now)) ? last.at : null;
  const many = rows.length > 120;

  const tooltip = ({ active, payload, label }: TooltipContentProps<ValueType, NameType>) => {
    if (!active || !payload?.length) return null;
    const row = rows.find((r) => r.at === label);
    const values = chart.layers.map((layer) => row?.[layer.key]);
    const reported = values.some((v) => typeof v === 'number');
    const total = values.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0);
    const heading = `${formatUtc(String(label))}${label === inProgress ? ' (in progress)' : ''}`;
    if (!reported) {
      return (
        <div className="chart-tooltip">
          <div style={{ fontWeight: 600 }}>{heading}</div>
          <div className="muted">No report in this bucket (gap)</div>
        </div>
      );
    }
    return (
      <ChartTooltipBox
        heading={heading}
        markers={false}
        rows={chart.layers.map((layer) => {
          const value = row?.[layer.key];
          return {
            key: layer.key,
            label: layer.label,
            style: { color: layer.color, dash: undefined },
            value: typeof value === 'number' ? value : null,
            text: typeof value === 'number' ? `${formatCount(value)} GPUs` : '—',
          };
        })}
        footer={`Total: ${formatCount(total)} GPUs. Click a point for its source.`}
      />
    );
  };

  // The top of the stack sets the axis: round ticks from zero to a round value above it.
  const stackTops = rows.map((r) => chart.layers.reduce((sum, layer) => sum + (typeof r[layer.key] === 'number' ? (r[layer.key] as number) : 0), 0));
  const ticks = niceLinearTicks(Math.max(0, ...stackTops));
  const summary = chartSummary({ title, lines: chart.layers, rows, formatValue: (v) => `${formatCount(v)} GPUs`, scale: 'linear' });

  return (
    <figure className="chart" aria-label={title} aria-describedby={summaryId} style={{ margin: '12px 0 0' }} data-testid="by-model-chart" data-source={chart.sourceId}>
      <figcaption style={{ fontWeight: 600, fontSize: '0.95rem', marginBottom: 4 }}>{chart.label}</figcaption>
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <div style={{ height }}>
        <ServerSeriesChart input={{ title: `${title}: each model's own count, not stacked`, series: modelLayerSvgSeries(chart), unit: 'gpus', scale: 'linear', height, bucketMs, now }}>
        <ResponsiveContainer width="100%" height={height}>
          <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer aria-label={`${title}. Arrow keys step through the buckets.`}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis
              dataKey="at"
              tick={<DateTick bucketMs={bucketMs} />}
              tickFormatter={(v: string) => dateTickLines(v, bucketMs)[1]}
              height={36}
              minTickGap={16}
              interval="preserveStartEnd"
              stroke="var(--muted)"
            />
            <YAxis domain={[0, ticks[ticks.length - 1] ?? 'auto']} ticks={ticks} tickFormatter={(v: number) => formatCount(v)} stroke="var(--muted)" fontSize={12} width={72} />
            <Tooltip content={tooltip} />
            {inProgress ? (
              <ReferenceLine x={inProgress} stroke="var(--muted)" strokeDasharray="2 2" label={{ value: 'in progress', position: 'insideTopRight', fontSize: 11, fill: 'var(--muted)' }} />
            ) : null}
            {annotations.map((a) => (
              <ReferenceLine
                key={`annotation-${a.at}-${a.label}`}
                x={a.at}
                stroke="var(--accent)"
                strokeDasharray="4 3"
                label={{ value: a.label, position: 'insideTopLeft', fontSize: 11, fill: 'var(--accent)' }}
              />
            ))}
            {chart.layers.map((layer) => (
              <Area
                key={layer.key}
                type="linear"
                dataKey={layer.key}
                name={layer.label}
                stackId="models"
                stroke={layer.color}
                fill={layer.color}
                fillOpacity={0.55}
                connectNulls={false}
                isAnimationActive={false}
                dot={(dot: { cx?: number; cy?: number; payload?: ChartRow; index?: number }) => {
                  const key = `${layer.key}-${dot.index}`;
                  const runId = dot.payload?.[runKey(layer.key)];
                  const value = dot.payload?.[layer.key];
                  if (dot.cx === undefined || dot.cy === undefined || typeof value !== 'number' || Number.isNaN(dot.cy)) return <g key={key} />;
                  // A bucket with no reported neighbour draws no area: its marker is all there is to see.
                  const isolated = dot.index !== undefined && typeof rows[dot.index - 1]?.[layer.key] !== 'number' && typeof rows[dot.index + 1]?.[layer.key] !== 'number';
                  return (
                    <g
                      key={key}
                      className="chart-point"
                      style={{ cursor: typeof runId === 'number' ? 'pointer' : 'default' }}
                      onClick={() => typeof runId === 'number' && openProvenance(runId)}
                      opacity={many && !isolated ? 0 : 1}
                    >
                      <circle cx={dot.cx} cy={dot.cy} r={7} fill="transparent" />
                      <circle cx={dot.cx} cy={dot.cy} r={3} fill={layer.color} />
                    </g>
                  );
                }}
                activeDot={{ r: 4 }}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
        </ServerSeriesChart>
      </div>
      <ul className={chart.layers.length > 4 ? 'legend legend-columns' : 'legend'} aria-label={`Legend of ${title}`}>
        {chart.layers.map((layer) => (
          <li key={layer.key} title={layer.models.length > 1 ? layer.models.map(gpuModelLabel).join(', ') : undefined}>
            <svg width="14" height="14" aria-hidden="true">
              <rect x="1" y="1" width="12" height="12" fill={layer.color} fillOpacity={0.55} stroke={layer.color} />
            </svg>{' '}
            {layer.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
