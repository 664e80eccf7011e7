'use client';

/**
 * Claimed, free and rentable GPUs over time. Takes its data as props (the page or embed
 * fetches it); gaps (buckets without a successful scrape) stay gaps. Lines differ by colour
 * (Okabe–Ito, colour-blind safe) and by dash, so they read in greyscale too.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SupplyChartRow } from '@/lib/charts/supply-chart-data';
import { formatCount, formatUtc } from '@/lib/format';
import { supplySvgInput } from '@/lib/charts/dashboard-svg';
import { ServerSeriesChart } from './server-chart';

export const STATUS_STYLE = {
  claimed: { label: 'Claimed', color: '#E69F00', dash: '8 4' },
  free: { label: 'Free (listed idle)', color: '#0072B2', dash: '2 3' },
  rentable: { label: 'Rentable (priced, orderable)', color: '#009E73', dash: undefined },
} as const;

const axisDate = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

export function SupplyChart({ rows, height = 320, title }: { rows: SupplyChartRow[]; height?: number; title: string }) {
  return (
    <figure className="chart" aria-label={title} style={{ height }}>
      <ServerSeriesChart input={supplySvgInput(rows, title, height)}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="at" tickFormatter={axisDate} minTickGap={48} stroke="var(--muted)" fontSize={12} />
          <YAxis tickFormatter={(v: number) => formatCount(v)} stroke="var(--muted)" fontSize={12} width={64} />
          <Tooltip
            labelFormatter={(label) => `Bucket from ${formatUtc(String(label))}`}
            formatter={(value, name) => [`${formatCount(Number(value))} GPUs`, String(name)]}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Legend />
          {(Object.keys(STATUS_STYLE) as (keyof typeof STATUS_STYLE)[]).map((status) => (
            <Line
              key={status}
              type="stepAfter"
              dataKey={status}
              name={STATUS_STYLE[status].label}
              stroke={STATUS_STYLE[status].color}
              strokeDasharray={STATUS_STYLE[status].dash}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      </ServerSeriesChart>
    </figure>
  );
}
