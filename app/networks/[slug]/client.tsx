'use client';

/**
 * The interactive part of a network's page: controls, the claimed chart (one line per source),
 * free and rentable, supply by GPU model, and the price of the chosen model against AWS. The
 * line charts' data comes through TanStack Query with the same options the page prefetched
 * (/api/v1/supply and /api/v1/prices), so the first render has it; the by-model chart and the
 * latest figures come as props from the server, which re-renders them when the URL changes.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import Link from 'next/link';
import { EmbedRow } from '@/components/embed-dialog';
import { TimeSeriesChart } from '@/components/time-series-chart';
import { Loaded } from '@/components/query-state';
import { ViewControls, type ModelOption } from '@/components/view-controls';
import { ViewTransition } from '@/components/view-transition';
import { DownloadAll, downloadAllHref } from '@/components/download-all';
import type { Annotation } from '@/lib/annotations/annotations';
import { pricesPath, pricesQuery, supplyPath, supplyQuery } from '@/lib/api/query-options';
import type { WindowInfo } from '@/lib/api/responses';
import { bucketMsOf } from '@/lib/charts/compare';
import { pricesEmbedPath, supplyEmbedPath } from '@/lib/embed/params';
import type { OutOfRangeClaim } from '@/lib/charts/network-claims';
import {
  annotationMarks,
  claimedCharts,
  describeSaving,
  freeRentableChart,
  networkPriceChart,
  savingRows,
  type LatestEntry,
  type LatestModelRow,
  type PageChart,
  type StackedChart,
} from '@/lib/charts/network-page';
import { CELL_UNITS, formatCount, formatGpus, formatNodes, formatUsdAxis, formatUsdPerGpuHour, formatUtc, formatWindow } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { viewToSearchParams, type ViewState } from '@/lib/view-state';
import { ALL_MODELS, type ChartResolution, type SupplyStatus } from '@/lib/vocabulary';
import { LatestTable } from './latest-table';
import { StackedModelChart, StackStatusToggle } from './model-supply';
import { CLAIMED_STATUSES, FREE_RENTABLE_STATUSES } from './statuses';
import { scrollRegion } from '@/lib/scroll-region';
import { unpackChartRows, type PackedChartRows } from '@/lib/charts/packed-rows';
import type { ChartRow } from '@/lib/charts/series-rows';

export type PackedStackedChart = Omit<StackedChart, 'rows'> & { rows: PackedChartRows | readonly ChartRow[] };

const CHART_HEIGHT = 340;



function Chart({
  title,
  chart,
  annotations,
  view,
  window,
  now,
  unit,
  testId,
  csvPath,
  height = CHART_HEIGHT,
}: {
  title: string;
  chart: PageChart;
  annotations: readonly Annotation[];
  view: ViewState;
  window: WindowInfo;
  now: string;
  unit: 'gpus' | 'nodes' | 'usd';
  testId: string;
  /** The API path of the data drawn; its CSV is the chart's "Download CSV". */
  csvPath: string;
  height?: number;
}) {
  return (
    <div data-testid={testId}>
      <TimeSeriesChart
        autoScale
        title={title}
        lines={chart.lines}
        rows={chart.rows}
        scale={view.scale}
        formatValue={unit === 'usd' ? formatUsdPerGpuHour : unit === 'nodes' ? formatNodes : formatGpus}
        formatAxis={unit === 'usd' ? formatUsdAxis : formatCount}
        cellUnit={CELL_UNITS[unit]}
        bucketMs={bucketMsOf(window.resolution)}
        now={now}
        height={height}
        annotations={annotationMarks(annotations, chart.rows, window.resolution)}
        downloads={{ csvHref: `${csvPath}&format=csv`, filename: `rentable-${testId}-${window.from.slice(0, 10)}_${window.to.slice(0, 10)}` }}
      />
    </div>
  );
}

/** The same page over all time, every other choice kept. */
function allTimeHref(pathname: string, view: ViewState, status: SupplyStatus): string {
  const params = viewToSearchParams({ ...view, range: 'all', from: undefined, to: undefined });
  if (status !== 'rentable') params.set('status', status);
  return `${pathname}?${params.toString()}`;
}

function ClaimedSection(props: {
  slug: string;
  name: string;
  view: ViewState;
  status: SupplyStatus;
  now: string;
  outOfRange: readonly OutOfRangeClaim[];
  annotations: readonly Annotation[];
}) {
  const totalsView = { ...props.view, model: ALL_MODELS };
  const query = useQuery(supplyQuery(props.slug, CLAIMED_STATUSES, totalsView));
  return (
    <section className="panel" aria-labelledby="claimed-heading" style={{ marginTop: 16 }}>
      <h2 id="claimed-heading" style={{ marginTop: 0 }}>
        Claimed size, one line per source
      </h2>
      <Loaded minHeight={CHART_HEIGHT} query={query} what="claimed supply">
        {(data) => {
          const { gpus, nodes } = claimedCharts(data);
          return (
            <>
              <p className="muted" style={{ marginTop: 0 }}>
                {formatWindow(data.window)}
              </p>
              {gpus.lines.length > 0 ? <EmbedRow embedPath={supplyEmbedPath(props.slug, CLAIMED_STATUSES, totalsView)} title={`${props.name}: claimed GPUs per source`} asOf={props.now} /> : null}
              {gpus.lines.length > 0 ? (
                <Chart title={`${props.name}: claimed GPUs per source`} chart={gpus} annotations={props.annotations} view={props.view} window={data.window} now={props.now} unit="gpus" testId="claimed-gpus-chart" csvPath={supplyPath(props.slug, CLAIMED_STATUSES, totalsView)} />
              ) : (
                <p className="empty" data-testid="claimed-empty">
                  No claim in GPUs dated in this window.
                </p>
              )}
              {nodes.lines.length > 0 ? (
                <>
                  <h3 style={{ fontSize: '1rem', marginBottom: 4 }}>Claims in nodes (machines, not GPUs)</h3>
                  <EmbedRow embedPath={supplyEmbedPath(props.slug, CLAIMED_STATUSES, totalsView, 'nodes')} title={`${props.name}: claimed nodes per source`} asOf={props.now} />
                  <Chart title={`${props.name}: claimed nodes per source`} chart={nodes} annotations={props.annotations} view={props.view} window={data.window} now={props.now} unit="nodes" testId="claimed-nodes-chart" height={220} csvPath={supplyPath(props.slug, CLAIMED_STATUSES, totalsView)} />
                </>
              ) : null}
              {props.outOfRange.length > 0 ? (
                <p className="muted" data-testid="claims-out-of-range" style={{ fontSize: '0.9rem' }}>
                  {props.outOfRange.length} dated claim{props.outOfRange.length === 1 ? '' : 's'} outside this window (
                  {props.outOfRange.map((c) => `${c.text}, ${c.seenAt}`).join('; ')}).{' '}
                  <Link href={allTimeHref(`/networks/${props.slug}`, props.view, props.status)} scroll={false}>
                    Show all time
                  </Link>
                  .
                </p>
              ) : null}
              <p className="muted" style={{ fontSize: '0.85rem' }}>
                Every source that puts out a size for {props.name} is its own line, labelled with its evidence grade: an
                explorer total, a sum over a market listing, a device list, a staking history and claims from the ledger
                count different things, and drawing them apart shows how far they disagree. A claim seen once is a single
                point. A gap is a bucket without a successful scrape, never a zero.
                {props.view.compare === '1' ? ' Dotted lines: the previous period of equal length.' : ''}
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function FreeRentableSection(props: { slug: string; name: string; view: ViewState; now: string; annotations: readonly Annotation[] }) {
  const totalsView = { ...props.view, model: ALL_MODELS };
  const query = useQuery(supplyQuery(props.slug, FREE_RENTABLE_STATUSES, totalsView));
  return (
    <section className="panel" aria-labelledby="free-rentable-heading" style={{ marginTop: 16 }}>
      <h2 id="free-rentable-heading" style={{ marginTop: 0 }}>
        Free and rentable GPUs over time
      </h2>
      <Loaded minHeight={CHART_HEIGHT} query={query} what="free and rentable supply">
        {(data) => {
          const chart = freeRentableChart(data);
          return (
            <>
              <p className="muted" style={{ marginTop: 0 }}>
                {formatWindow(data.window)}
              </p>
              {chart.lines.length > 0 ? <EmbedRow embedPath={supplyEmbedPath(props.slug, FREE_RENTABLE_STATUSES, totalsView)} title={`${props.name}: free and rentable GPUs per source`} asOf={props.now} /> : null}
              {chart.lines.length > 0 ? (
                <Chart title={`${props.name}: free and rentable GPUs per source`} chart={chart} annotations={props.annotations} view={props.view} window={data.window} now={props.now} unit="gpus" testId="free-rentable-chart" csvPath={supplyPath(props.slug, FREE_RENTABLE_STATUSES, totalsView)} />
              ) : (
                <p className="empty" data-testid="free-rentable-empty">
                  No source of {props.name} reported free or rentable GPUs in this window. A network that only publishes
                  claims has nothing here: nothing was found that can be ordered.
                </p>
              )}
              <p className="muted" style={{ fontSize: '0.85rem' }}>
                Colour and marker by source; solid lines are rentable (listed at a price and orderable now), dotted lines free
                (listed idle, not necessarily orderable).
                {props.view.compare === '1' ? ' Faint dotted lines: the previous period of equal length.' : ''}
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

const STATUS_WORDS: Record<SupplyStatus, string> = { claimed: 'claimed', free: 'free (listed idle)', rentable: 'rentable' };

function ModelSupplySection(props: {
  name: string;
  view: ViewState;
  status: SupplyStatus;
  now: string;
  stacked: readonly StackedChart[];
  resolution: ChartResolution;
  latest: { models: LatestModelRow[]; totals: LatestEntry[] };
  annotations: readonly Annotation[];
}) {
  return (
    <section className="panel" aria-labelledby="by-model-heading" style={{ marginTop: 16 }}>
      <h2 id="by-model-heading" style={{ marginTop: 0 }}>
        Supply by GPU model
      </h2>
      <StackStatusToggle value={props.status} />
      {props.stacked.length > 0 ? (
        props.stacked.map((chart) => (
          <StackedModelChart
            key={chart.sourceId}
            chart={chart}
            title={`${props.name}: ${STATUS_WORDS[props.status]} GPUs by model, ${chart.label}`}
            bucketMs={bucketMsOf(props.resolution)}
            now={props.now}
            annotations={annotationMarks(props.annotations, chart.rows, props.resolution)}
          />
        ))
      ) : (
        <p className="empty" data-testid="by-model-empty">
          No source of {props.name} reported {STATUS_WORDS[props.status]} GPUs by model in this window.
        </p>
      )}
      <p className="muted" style={{ fontSize: '0.85rem' }}>
        Stacked per source (adding two sources could count a GPU twice), always on a linear scale. The largest models have
        a layer each; the rest are summed as &quot;other models&quot;. In a bucket where the source reported, a model it did
        not list counts as zero; a bucket without a report stays a gap.
        {props.view.compare === '1' ? ' The previous period is drawn on the line charts only.' : ''}
      </p>
      <h3 style={{ fontSize: '1rem', marginBottom: 4 }}>Latest figures per model</h3>
      <LatestTable latest={props.latest} />
    </section>
  );
}

function PriceSection(props: { slug: string; name: string; view: ViewState; now: string; hasModels: boolean; annotations: readonly Annotation[] }) {
  const enabled = props.view.model !== ALL_MODELS;
  const query = useQuery({ ...pricesQuery(props.view, props.slug), enabled });
  const modelLabel = gpuModelLabel(props.view.model);
  return (
    <section className="panel" aria-labelledby="price-heading" style={{ marginTop: 16 }}>
      <h2 id="price-heading" style={{ marginTop: 0 }}>
        {enabled ? `Price of a ${modelLabel} GPU-hour against AWS on-demand` : 'Price per GPU-hour'}
      </h2>
      {!enabled || !props.hasModels ? (
        <p className="empty" data-testid="price-empty">
          {props.name} publishes no price we can read for any GPU model.
        </p>
      ) : (
        <Loaded minHeight={CHART_HEIGHT} query={query} what="prices">
          {(data) => {
            const chart = networkPriceChart(data, props.slug);
            const savings = savingRows(data, props.slug);
            const own = chart.lines.filter((l) => !l.key.startsWith('aws~') && !l.key.startsWith('prev~'));
            return (
              <>
                <p className="muted" style={{ marginTop: 0 }}>
                  {formatWindow(data.window)}. Pick the model with the GPU model control above.
                </p>
                {chart.lines.length > 0 ? (
                  <EmbedRow embedPath={pricesEmbedPath(props.view, props.slug)} title={`${props.name}: USD per ${modelLabel} GPU-hour per source, against AWS on-demand`} asOf={props.now} />
                ) : null}
                {chart.lines.length > 0 ? (
                  <Chart title={`${props.name}: USD per ${modelLabel} GPU-hour per source, against AWS on-demand`} chart={chart} annotations={props.annotations} view={props.view} window={data.window} now={props.now} unit="usd" testId="price-chart" csvPath={pricesPath(props.view, props.slug)} />
                ) : (
                  <p className="empty" data-testid="price-empty">
                    No prices for {modelLabel} in this window, from {props.name} or from AWS.
                  </p>
                )}
                {chart.lines.length > 0 && own.length === 0 ? (
                  <p className="muted">{props.name} priced no {modelLabel} in this window: only AWS is drawn.</p>
                ) : null}
                <SavingReadout rows={savings} modelLabel={modelLabel} />
                <p className="muted" style={{ fontSize: '0.85rem' }}>
                  USD per GPU-hour. Per source, the median of its listings for the card in each bucket (solid) and the cheapest
                  listing (dashed). The AWS lines, in the text colour, are EC2 on-demand list prices (us-east-1, Linux) for the
                  same card: the 8-GPU instance ÷ 8 (long dashes, crosses) and the smallest 1-GPU instance where AWS sells one
                  (short dashes, squares). A list price holds until AWS changes it, so the AWS lines carry the last known price
                  forward. Vertical lines mark dated events (see Events below).
                  {props.view.compare === '1' ? ' Dotted lines: the previous period of equal length.' : ''}
                </p>
              </>
            );
          }}
        </Loaded>
      )}
    </section>
  );
}

function SavingReadout({ rows, modelLabel }: { rows: ReturnType<typeof savingRows>; modelLabel: string }) {
  if (rows.length === 0) return <p className="muted" data-testid="saving-empty">No {modelLabel} median in this window to set against AWS.</p>;
  return (
    <div className="table-wrap" {...scrollRegion(`Saving against AWS, ${modelLabel}`)} style={{ marginTop: 12 }}>
      <table data-testid="saving-table">
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8, fontSize: '0.85rem' }}>
          Saving = 1 − network ÷ AWS, from each source&apos;s median in its latest bucket of the window, against the AWS list
          price in effect in that bucket. The headline comparison is the 8-GPU instance ÷ 8 (the per-GPU price of a full
          node); the 1-GPU instance is shown where AWS sells one.
        </caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Median, latest bucket</th>
            <th scope="col">vs AWS 8-GPU ÷ 8</th>
            <th scope="col">vs AWS 1-GPU</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.sourceId} data-source={row.sourceId}>
              <th scope="row" style={{ textAlign: 'left', color: 'var(--text)', fontWeight: 500, whiteSpace: 'normal', minWidth: 200 }}>
                {row.label}
              </th>
              <td>
                {formatUsdPerGpuHour(row.median.value)}
                <span className="muted" style={{ display: 'block', fontSize: '0.8rem' }}>
                  {formatUtc(row.median.at)}
                </span>
              </td>
              {row.comparisons.map((c) => (
                <td key={c.sizing} data-testid={`saving-${c.sizing}`}>
                  {c.saving === null ? '—' : describeSaving(c.saving)}
                  {c.aws ? (
                    <span className="muted" style={{ display: 'block', fontSize: '0.8rem' }}>
                      AWS {formatUsdPerGpuHour(c.aws.value)}
                    </span>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NetworkClient(props: {
  network: { slug: string; name: string };
  view: ViewState;
  status: SupplyStatus;
  /** ISO time the page was rendered, so server and browser agree on the bucket in progress. */
  now: string;
  models: readonly ModelOption[];
  /** Their rows packed (lib/charts/packed-rows.ts): the page's largest props, sent once. */
  stacked: readonly PackedStackedChart[];
  stackResolution: ChartResolution;
  latest: { models: LatestModelRow[]; totals: LatestEntry[] };
  claimsOutOfRange: readonly OutOfRangeClaim[];
  annotations: { claimed: readonly Annotation[]; supply: readonly Annotation[]; price: readonly Annotation[] };
}) {
  const { slug, name } = props.network;
  const stacked = useMemo(() => props.stacked.map((chart) => ({ ...chart, rows: unpackChartRows(chart.rows) })), [props.stacked]);
  return (
    <ViewTransition>
      <ViewControls models={props.models} showModel={props.models.length > 0} allowAllModels={false} />
      <DownloadAll href={downloadAllHref({ network: props.network.slug }, props.view)} />
      <ClaimedSection slug={slug} name={name} view={props.view} status={props.status} now={props.now} outOfRange={props.claimsOutOfRange} annotations={props.annotations.claimed} />
      <FreeRentableSection slug={slug} name={name} view={props.view} now={props.now} annotations={props.annotations.supply} />
      <ModelSupplySection
        name={name}
        view={props.view}
        status={props.status}
        now={props.now}
        stacked={stacked}
        resolution={props.stackResolution}
        latest={props.latest}
        annotations={props.annotations.supply}
      />
      <PriceSection slug={slug} name={name} view={props.view} now={props.now} hasModels={props.models.length > 0} annotations={props.annotations.price} />
    </ViewTransition>
  );
}
