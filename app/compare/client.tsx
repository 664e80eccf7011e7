'use client';

/**
 * The interactive part of /compare: controls, the rentable chart, the price chart against AWS
 * and the comparison table. Data comes through TanStack Query with the same options the page
 * prefetched (/api/v1/model-supply and /api/v1/prices), so the first render has it.
 */
import { useQuery } from '@tanstack/react-query';
import { EmbedRow } from '@/components/embed-dialog';
import { TimeSeriesChart } from '@/components/time-series-chart';
import { Loaded } from '@/components/query-state';
import { ViewControls, type ModelOption } from '@/components/view-controls';
import { ViewTransition } from '@/components/view-transition';
import { DownloadAll, downloadAllHref } from '@/components/download-all';
import { modelSupplyPath, modelSupplyQuery, pricesPath, pricesQuery } from '@/lib/api/query-options';
import { bucketMsOf, comparisonRows, formatSaving, priceChart, priceDotPlot, rentableChart, type ComparisonRow } from '@/lib/charts/compare';
import { pricesEmbedPath, supplyEmbedPath } from '@/lib/embed/params';
import { CELL_UNITS, formatCount, formatGpus, formatUsdAxis, formatUsdPerGpuHour, formatWindow } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import type { ViewState } from '@/lib/view-state';
import { ComparisonTable } from './comparison-table';
import { PriceDotPlot } from './price-dot-plot';
import { PriceStatisticToggle } from './price-statistic-toggle';
import { COMPARE_SUPPLY_STATUSES, type PriceStatisticChoice } from './search-params';

const CHART_HEIGHT = 360;



const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** One sentence with the key figures: who rents the card, the lowest DePIN median, and AWS. */
function Summary({ rows, modelLabel }: { rows: readonly ComparisonRow[]; modelLabel: string }) {
  const depin = rows.filter((r) => r.kind === 'depin');
  const renting = depin.filter((r) => r.rentableGpus !== null);
  const networks = new Set(renting.map((r) => r.networkSlug)).size;
  // Rows come cheapest median first.
  const cheapest = depin.find((r) => r.median !== null);
  const aws8 = rows.find((r) => r.key === 'aws-8gpu');
  const parts = [
    renting.length > 0
      ? `${plural(renting.length, 'DePIN source')} on ${plural(networks, 'network')} list ${modelLabel} as rentable.`
      : `No DePIN source lists ${modelLabel} as rentable in this window.`,
  ];
  if (cheapest?.median) {
    const saving = cheapest.savingVsAws8Gpu !== null ? `, ${formatSaving(cheapest.savingVsAws8Gpu)} below AWS's 8-GPU price` : '';
    parts.push(`Lowest DePIN median: ${cheapest.networkName} (${cheapest.sourceName}) at ${formatUsdPerGpuHour(cheapest.median.value)}${saving}.`);
  }
  parts.push(
    aws8?.median
      ? `AWS on-demand: ${formatUsdPerGpuHour(aws8.median.value)} per GPU of an 8-GPU instance.`
      : `AWS publishes no 8-GPU on-demand price for ${modelLabel}.`,
  );
  return (
    <p className="lede" data-testid="compare-summary">
      {parts.join(' ')}
    </p>
  );
}

export function CompareClient({
  view,
  price,
  models,
  now,
}: {
  view: ViewState;
  price: PriceStatisticChoice;
  models: readonly ModelOption[];
  /** ISO time the page was rendered, so server and browser agree on the bucket in progress. */
  now: string;
}) {
  const supply = useQuery(modelSupplyQuery(COMPARE_SUPPLY_STATUSES, view));
  const prices = useQuery(pricesQuery(view));
  const modelLabel = gpuModelLabel(view.model);
  const rows = supply.data && prices.data ? comparisonRows(supply.data, prices.data) : null;

  return (
    <ViewTransition>
      <ViewControls models={models} allowAllModels={false} />
      <DownloadAll href={downloadAllHref({ model: view.model }, view)} />
      {rows ? <Summary rows={rows} modelLabel={modelLabel} /> : null}

      <section className="panel" aria-labelledby="rentable-heading" style={{ marginTop: 16 }}>
        <h2 id="rentable-heading" style={{ marginTop: 0 }}>
          Rentable {modelLabel}, by source
        </h2>
        <Loaded query={supply} what="rentable supply">
          {(data) => {
            const chart = rentableChart(data);
            return (
              <>
                <p className="muted" style={{ marginTop: 0 }}>
                  {formatWindow(data.window)}
                </p>
                {chart.lines.length > 0 ? <EmbedRow embedPath={supplyEmbedPath(null, COMPARE_SUPPLY_STATUSES, view)} title={`Rentable ${modelLabel} GPUs per source`} asOf={now} /> : null}
                {chart.lines.length > 0 ? (
                  <TimeSeriesChart
                    autoScale
                    title={`Rentable ${modelLabel} GPUs per source`}
                    lines={chart.lines}
                    rows={chart.rows}
                    scale={view.scale}
                    formatValue={formatGpus}
                    formatAxis={formatCount}
                    cellUnit={CELL_UNITS.gpus}
                    bucketMs={bucketMsOf(data.window.resolution)}
                    now={now}
                    height={CHART_HEIGHT}
                    downloads={{
                      csvHref: `${modelSupplyPath(COMPARE_SUPPLY_STATUSES, view)}&format=csv`,
                      filename: `rentable-compare-rentable-${view.model}-${data.window.from.slice(0, 10)}_${data.window.to.slice(0, 10)}`,
                    }}
                  />
                ) : (
                  <p className="empty" data-testid="rentable-empty">
                    No source reported {modelLabel} as rentable in this window. Try a longer range, or another model.
                  </p>
                )}
                <p className="muted" style={{ fontSize: '0.85rem' }}>
                  One line per source, labelled network · source, never a sum per network: a network&apos;s sources count
                  different pools (io.net&apos;s containers and VMs, Hyperbolic&apos;s marketplace and on-demand options,
                  Fluence&apos;s VMs and bare metal) that may overlap, so adding them could count a GPU twice. Rentable means
                  listed at a price and orderable now. A gap is a bucket without a successful scrape, never a zero.
                  {view.compare === '1' ? ' Dotted lines: the same sources over the previous period of equal length.' : ''}
                </p>
              </>
            );
          }}
        </Loaded>
      </section>

      <section className="panel" aria-labelledby="ranked-heading" style={{ marginTop: 16 }}>
        <h2 id="ranked-heading" style={{ marginTop: 0 }}>
          Latest median price per source, {modelLabel}, against AWS on-demand
        </h2>
        {rows ? (
          <PriceDotPlot plot={priceDotPlot(rows)} modelLabel={modelLabel} />
        ) : supply.error || prices.error ? (
          <p className="empty failed" role="alert">
            Could not load the prices: {(supply.error ?? prices.error)?.message}
          </p>
        ) : (
          <p className="empty" aria-busy="true">
            Loading prices…
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="price-heading" style={{ marginTop: 16 }}>
        <h2 id="price-heading" style={{ marginTop: 0 }}>
          Price per GPU-hour over time, {modelLabel}, against AWS on-demand
        </h2>
        <PriceStatisticToggle value={price} />
        <Loaded query={prices} what="prices">
          {(data) => {
            const chart = priceChart(data, price);
            const sourceLines = chart.lines.filter((l) => !l.key.startsWith('aws-') && !l.key.startsWith('prev:'));
            return (
              <>
                {chart.lines.length > 0 ? (
                  <EmbedRow
                    embedPath={pricesEmbedPath(view, null, price === 'min' ? 'min' : null)}
                    title={`${price === 'median' ? 'Median' : 'Cheapest'} USD per ${modelLabel} GPU-hour per source, against AWS on-demand`}
                    asOf={now}
                  />
                ) : null}
                {chart.lines.length > 0 ? (
                  <TimeSeriesChart
                    autoScale
                    title={`${price === 'median' ? 'Median' : 'Cheapest'} USD per ${modelLabel} GPU-hour per source, against AWS on-demand`}
                    lines={chart.lines}
                    rows={chart.rows}
                    scale={view.scale}
                    formatValue={formatUsdPerGpuHour}
                    formatAxis={formatUsdAxis}
                    cellUnit={CELL_UNITS.usd}
                    bucketMs={bucketMsOf(data.window.resolution)}
                    now={now}
                    height={CHART_HEIGHT}
                    downloads={{
                      csvHref: `${pricesPath(view)}&format=csv`,
                      filename: `rentable-compare-prices-${view.model}-${data.window.from.slice(0, 10)}_${data.window.to.slice(0, 10)}`,
                    }}
                  />
                ) : (
                  <p className="empty" data-testid="price-empty">
                    No prices for {modelLabel} in this window, from any network or from AWS.
                  </p>
                )}
                {chart.lines.length > 0 && sourceLines.length === 0 ? (
                  <p className="muted">No network priced {modelLabel} {price === 'min' ? 'with a cheapest listing ' : ''}in this window: only AWS is drawn.</p>
                ) : null}
                <p className="muted" style={{ fontSize: '0.85rem' }}>
                  USD per GPU-hour. {price === 'median' ? 'Median' : 'Cheapest'} of each source&apos;s listings for the card in
                  each bucket; switch between median and cheapest above. The two AWS lines, in the text colour, are EC2
                  on-demand list prices (us-east-1, Linux) for the same card: the 8-GPU instance ÷ 8 (long dashes, crosses) and
                  the smallest 1-GPU instance where AWS sells one (short dashes, squares). A list price holds until AWS changes it, so the AWS lines carry the last known price forward; the
                  tooltip shows the snapshot it comes from.
                  {view.compare === '1' ? ' Dotted lines: the previous period of equal length.' : ''}
                </p>
              </>
            );
          }}
        </Loaded>
      </section>

      <section aria-labelledby="table-heading">
        <h2 id="table-heading">Latest figures, {modelLabel}</h2>
        {rows ? (
          rows.length > 0 ? (
            <ComparisonTable rows={rows} modelLabel={modelLabel} />
          ) : (
            <p className="panel empty" data-testid="table-empty">
              No source reported {modelLabel} in this window.
            </p>
          )
        ) : supply.error || prices.error ? (
          <p className="panel empty failed" role="alert">
            Could not load the figures: {(supply.error ?? prices.error)?.message}
          </p>
        ) : (
          <p className="panel empty" aria-busy="true">
            Loading figures…
          </p>
        )}
      </section>
    </ViewTransition>
  );
}
