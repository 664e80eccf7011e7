'use client';

/**
 * The overview's interactive part: a card per network, claimed → free → rentable for every
 * network on a log scale, and the league table sortable by any column (sort lives in the URL).
 * Data comes through TanStack Query from /api/v1/networks, prefetched on the server.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useOpenProvenance } from '@/components/provenance';
import { ServerBarChart } from '@/components/server-chart';
import { funnelSvgInput } from '@/lib/charts/dashboard-svg';
import { networksQuery } from '@/lib/api/query-options';
import { changeOf, funnelRows, hiddenWhenNarrow, leagueSortSchema, sortLeague, type LeagueColumn } from '@/lib/charts/league';
import { STATUS_STYLE } from '@/lib/charts/palette';
import { logAxis } from '@/lib/charts/value-scale';
import { ChartTooltipBox } from '@/components/chart-tooltip';
import { formatCount, formatUtc } from '@/lib/format';
import { Age } from '@/components/age';
import { FigureAge, LeftOutFigures } from '@/components/figure-age';
import type { CurrentFigure, NetworkSummary } from '@/lib/queries/network-summary';
import { scrollRegion } from '@/lib/scroll-region';

const KIND_LABEL = { depin: 'DePIN', marketplace: 'Marketplace, not DePIN', cloud: 'Cloud reference' } as const;

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${percent < 0.1 ? percent.toFixed(3) : percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

function Change({ value, label }: { value: number | null; label: string }) {
  if (value === null) return <span className="muted" title={`no value ${label} ago from the same source`}>—</span>;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return (
    <span className={value < 0 ? 'failed' : value > 0 ? 'ok' : 'muted'} title={`change over ${label}, same source`}>
      {sign}
      {Math.abs(value) < 10 ? Math.abs(value).toFixed(1) : Math.abs(value).toFixed(0)}%
    </span>
  );
}

function FigureButton({ figure, unit = 'GPUs' }: { figure: CurrentFigure | null; unit?: string }) {
  const open = useOpenProvenance();
  if (!figure) return <span className="muted">—</span>;
  return (
    <>
      <button
        type="button"
        className="figure"
        onClick={() => open(figure.runId)}
        title={`${figure.sourceId}, observed ${formatUtc(figure.observedAt)}. Open the scrape run.`}
      >
        {formatCount(figure.value)} <span className="muted">{unit}</span>
      </button>{' '}
      <small>
        <FigureAge figure={figure} />
      </small>
    </>
  );
}

function NetworkCard({ n, now }: { n: NetworkSummary; now: Date }) {
  return (
    <article className="card" data-network={n.slug}>
      <h3>
        <Link href={`/networks/${n.slug}`}>{n.name}</Link> <span className="badge">{KIND_LABEL[n.kind]}</span>
      </h3>
      <dl>
        <dt>Largest claim</dt>
        <dd>
          {n.largestClaim ? <FigureButton figure={n.largestClaim} /> : <FigureButton figure={n.largestClaimNodes} unit="nodes" />}
        </dd>
        <dt>Free</dt>
        <dd>
          <FigureButton figure={n.free} />
        </dd>
        <dt>Rentable</dt>
        <dd>
          <FigureButton figure={n.rentable} />
        </dd>
        <dt>Reality ratio</dt>
        <dd data-testid="card-ratio">{formatRatio(n.realityRatio)}</dd>
        <dt>Rentable 24 h / 7 d</dt>
        <dd>
          <Change value={changeOf(n.rentable?.value, n.changes.rentable, '24h')} label="24 h" /> /{' '}
          <Change value={changeOf(n.rentable?.value, n.changes.rentable, '7d')} label="7 days" />
        </dd>
        <dt>Claim 24 h / 7 d</dt>
        <dd>
          <Change value={changeOf(n.largestClaim?.value, n.changes.largestClaim, '24h')} label="24 h" /> /{' '}
          <Change value={changeOf(n.largestClaim?.value, n.changes.largestClaim, '7d')} label="7 days" />
        </dd>
      </dl>
      <p className="muted" style={{ margin: '6px 0 0', fontSize: '0.85rem' }}>
        {n.lastSuccessAt ? (
          <>
            Last successful scrape <Age at={n.lastSuccessAt} now={now} />
          </>
        ) : (
          'No successful live scrape yet'
        )}
      </p>
      <LeftOutFigures figures={n.leftOut} />
    </article>
  );
}

function FunnelChart({ networks }: { networks: NetworkSummary[] }) {
  const rows = funnelRows(networks);
  if (rows.length === 0) return <p className="empty">No figures yet.</p>;
  // The caption names the widest gap the chart shows, from the figures it draws.
  const widest = rows
    .filter((r) => r.claimed !== null && r.rentable !== null)
    .reduce<(typeof rows)[number] | null>((best, r) => (!best || (r.claimed ?? 0) / (r.rentable ?? 1) > (best.claimed ?? 0) / (best.rentable ?? 1) ? r : best), null);
  // Round decades (1, 10, 100 …): the log axis' own ticks came out at uneven values.
  const values = rows.flatMap((r) => [r.claimed, r.free, r.rentable]).filter((v): v is number => typeof v === 'number' && v > 0);
  const funnelAxis = logAxis(Math.min(1, ...values), Math.max(10, ...values));
  return (
    <figure className="chart" aria-label="Claimed, free and rentable GPUs per network, log scale" style={{ margin: 0 }}>
      <div style={{ height: 340 }}>
        <ServerBarChart input={funnelSvgInput(rows, 340)}>
        <ResponsiveContainer width="100%" height={340}>
          <BarChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 40, left: 8 }}
            accessibilityLayer
            aria-label="Claimed, free and rentable GPUs per network, log scale. Arrow keys step through the networks; the league table below has every figure."
          >
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="network" stroke="var(--muted)" fontSize={12} interval={0} angle={-30} textAnchor="end" height={60} />
            <YAxis scale="log" domain={funnelAxis.domain} ticks={funnelAxis.ticks} allowDataOverflow tickFormatter={(v: number) => formatCount(v)} stroke="var(--muted)" fontSize={12} width={72} />
            <Tooltip
              content={({ active, payload, label }) =>
                active && payload?.length ? (
                  <ChartTooltipBox
                    heading={String(label)}
                    markers={false}
                    rows={(['claimed', 'free', 'rentable'] as const).map((status) => {
                      const value = (payload[0]?.payload as Record<string, unknown> | undefined)?.[status];
                      return {
                        key: status,
                        label: STATUS_STYLE[status].label,
                        style: { color: STATUS_STYLE[status].color, dash: undefined },
                        value: typeof value === 'number' ? value : null,
                        text: typeof value === 'number' ? `${formatCount(value)} GPUs` : 'no current figure',
                      };
                    })}
                  />
                ) : null
              }
            />
            {(['claimed', 'free', 'rentable'] as const).map((status) => (
              <Bar
                key={status}
                dataKey={status}
                name={STATUS_STYLE[status].label}
                fill={STATUS_STYLE[status].color}
                stroke="var(--text)"
                strokeWidth={0.5}
                strokeDasharray={STATUS_STYLE[status].dash}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
        </ServerBarChart>
      </div>
      <figcaption>
        <ul className="legend">
          {(['claimed', 'free', 'rentable'] as const).map((status) => (
            <li key={status}>
              <svg width="14" height="14" aria-hidden="true">
                <rect width="14" height="14" fill={STATUS_STYLE[status].color} />
              </svg>{' '}
              {STATUS_STYLE[status].label}
            </li>
          ))}
        </ul>
        <p className="muted" style={{ fontSize: '0.85rem' }} data-testid="funnel-caption">
          {widest
            ? `Log scale, so ${widest.network}'s current claim of ${formatCount(widest.claimed ?? 0)} GPUs and its ${formatCount(widest.rentable ?? 0)} rentable both read.`
            : 'Log scale.'}{' '}
          Missing bars: the network publishes no such current figure.
        </p>
      </figcaption>
    </figure>
  );
}

const COLUMNS: { id: LeagueColumn; label: string }[] = [
  { id: 'network', label: 'Network' },
  { id: 'claimed', label: 'Largest claim' },
  { id: 'free', label: 'Free' },
  { id: 'rentable', label: 'Rentable' },
  { id: 'ratio', label: 'Reality ratio' },
  { id: 'rentable24h', label: 'Rentable 24 h' },
  { id: 'fresh', label: 'Last scrape' },
];

function LeagueTable({ networks, now }: { networks: NetworkSummary[]; now: Date }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const order = leagueSortSchema.parse({ sort: searchParams.get('sort') ?? undefined, dir: searchParams.get('dir') ?? undefined });
  const sorted = sortLeague(networks, order);
  const sortBy = (column: LeagueColumn) => {
    const params = new URLSearchParams(searchParams.toString());
    const dir = order.sort === column && order.dir === 'desc' ? 'asc' : 'desc';
    params.set('sort', column);
    params.set('dir', dir);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };
  const narrowClass = (column: LeagueColumn) => (hiddenWhenNarrow(column, order.sort) ? 'narrow-hidden' : undefined);
  const hiddenLabels = COLUMNS.filter((c) => hiddenWhenNarrow(c.id, order.sort)).map((c) => c.label);
  return (
    <div className="panel table-wrap" {...scrollRegion('League table')}>
      <table data-testid="network-table" className="league">
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8 }}>
          Network totals from each source&apos;s latest successful scrape; where sources disagree, the largest. Reality ratio =
          rentable ÷ largest claim in GPUs. Click a figure for the scrape run behind it.
          <span className="narrow-only"> On a narrow screen {hiddenLabels.join(', ')} are left out; the cards above carry them.</span>
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.id} scope="col" className={narrowClass(c.id)} aria-sort={order.sort === c.id ? (order.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="sort" onClick={() => sortBy(c.id)} data-column={c.id}>
                  {c.label}
                  {order.sort === c.id ? (order.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((n) => (
            <tr key={n.slug} data-network={n.slug}>
              <th scope="row" style={{ textAlign: 'left', color: 'var(--text)', fontWeight: 500, whiteSpace: 'normal', minWidth: 96 }}>
                <Link href={`/networks/${n.slug}`}>{n.name}</Link>
                <span className="muted" style={{ display: 'block', fontSize: '0.8rem', fontWeight: 400 }}>
                  {KIND_LABEL[n.kind]}
                </span>
              </th>
              <td className={narrowClass('claimed')}>{n.largestClaim ? formatCount(n.largestClaim.value) : n.largestClaimNodes ? `${formatCount(n.largestClaimNodes.value)} nodes` : '—'}</td>
              <td className={narrowClass('free')}>{formatCount(n.free?.value)}</td>
              <td className={narrowClass('rentable')}>{formatCount(n.rentable?.value)}</td>
              <td className={narrowClass('ratio')} data-testid="reality-ratio">
                {formatRatio(n.realityRatio)}
              </td>
              <td className={narrowClass('rentable24h')}>
                <Change value={changeOf(n.rentable?.value, n.changes.rentable, '24h')} label="24 h" />
              </td>
              <td className={['muted', narrowClass('fresh')].filter(Boolean).join(' ')}>{n.lastSuccessAt ? <Age at={n.lastSuccessAt} now={now} /> : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OverviewClient({ now }: { now: string }) {
  const { data, error } = useQuery(networksQuery());
  const at = new Date(now);
  if (error) return <p className="panel error-state">Could not load the networks: {error.message}</p>;
  if (!data) return <p className="panel empty">Loading networks…</p>;
  return (
    <>
      <section aria-labelledby="cards-heading">
        <h2 id="cards-heading">Every network at a glance</h2>
        <div className="cards">
          {data.networks.map((n) => (
            <NetworkCard key={n.slug} n={n} now={at} />
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="funnel-heading" style={{ marginTop: 24 }}>
        <h2 id="funnel-heading" style={{ marginTop: 0 }}>
          Claimed → free → rentable
        </h2>
        <FunnelChart networks={data.networks} />
      </section>
      <section aria-labelledby="league-heading">
        <h2 id="league-heading">League table</h2>
        <LeagueTable networks={data.networks} now={at} />
      </section>
    </>
  );
}
