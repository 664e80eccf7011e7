'use client';

/**
 * The interactive part of /index: the headline table of every model, the controls, and the
 * chosen model's chart. Index values (table cells and chart points) open the provenance
 * dialog on the quotes behind them; AWS and Vast.ai points open their own scrape run.
 */
import { EmbedRow } from '@/components/embed-dialog';
import { useOpenIndexEvidence } from '@/components/provenance';
import { TimeSeriesChart } from '@/components/time-series-chart';
import { ViewControls } from '@/components/view-controls';
import { INDEX_MODELS } from '@/lib/analytics/gpu-index';
import type { IndexChangeBody, IndexModelBody, IndexResponse } from '@/lib/api/gpu-index';
import { bucketMsOf } from '@/lib/charts/compare';
import { indexChart, INDEX_LINE_KEY } from '@/lib/charts/gpu-index';
import { indexEmbedPath } from '@/lib/embed/params';
import { formatAgeMinutes, formatCount, formatUsdAxis, formatUsdPerGpuHour, formatUtc, formatWindow } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { viewToSearchParams, type ViewState } from '@/lib/view-state';

const CHART_HEIGHT = 360;

const percent = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}%`);
const points = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)} pts`);

function Change({ change }: { change: IndexChangeBody }) {
  if (change.fromAt === null) return <span className="muted">—</span>;
  return (
    <span title={`Since the daily value of ${formatUtc(change.fromAt)}`}>
      {percent(change.indexPercent)} <span className="muted">({points(change.vsAwsPoints)} vs AWS)</span>
    </span>
  );
}

type Headline = Pick<IndexModelBody, 'model' | 'label' | 'headline'>;

function HeadlineTable({ headlines, selected }: { headlines: readonly Headline[]; selected: string }) {
  const openEvidence = useOpenIndexEvidence();
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="index-headlines">
        <caption className="muted" style={{ textAlign: 'left' }}>
          Today&apos;s daily value per model (each network&apos;s latest rentable price today), against AWS on-demand; changes since
          the daily values 7 and 30 days before.
        </caption>
        <thead>
          <tr>
            <th scope="col">GPU model</th>
            <th scope="col">Index</th>
            <th scope="col">AWS on-demand</th>
            <th scope="col">Against AWS</th>
            <th scope="col">7 days</th>
            <th scope="col">30 days</th>
            <th scope="col">Networks</th>
            <th scope="col">Depth</th>
            <th scope="col">As of</th>
          </tr>
        </thead>
        <tbody>
          {headlines.map(({ model, label, headline }) => {
            const current = headline.current;
            return (
              <tr key={model} data-model={model} aria-current={model === selected ? 'true' : undefined}>
                <th scope="row">
                  <a href={`/index?model=${model}`}>{label}</a>
                </th>
                <td>
                  {current ? (
                    <button
                      type="button"
                      className="figure"
                      data-testid="index-headline-value"
                      onClick={() => openEvidence({ model, at: current.at, resolution: 'day' })}
                      aria-label={`${label} index ${formatUsdPerGpuHour(current.usdPerGpuHour)}: the quotes behind it`}
                    >
                      {formatUsdPerGpuHour(current.usdPerGpuHour)}
                    </button>
                  ) : (
                    <span className="muted">not published</span>
                  )}
                </td>
                <td>{formatUsdPerGpuHour(current?.aws?.usdPerGpuHour)}</td>
                <td data-testid="index-vs-aws">{percent(current?.vsAwsPercent ?? null)}</td>
                <td>
                  <Change change={headline.change7d} />
                </td>
                <td>
                  <Change change={headline.change30d} />
                </td>
                <td>{current ? current.networks : '—'}</td>
                <td>{current?.depthGpus !== null && current?.depthGpus !== undefined ? `≥ ${formatCount(current.depthGpus)} GPUs` : '—'}</td>
                <td>{current?.asOf ? `${formatUtc(current.asOf)} (${formatAgeMinutes(current.ageMinutes ?? 0)})` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function IndexClient({ view, body, headlines, now }: { view: ViewState; body: IndexResponse; headlines: readonly Headline[]; now: string }) {
  const openEvidence = useOpenIndexEvidence();
  const modelBody = body.models[0];
  const model = modelBody?.model ?? view.model;
  const label = gpuModelLabel(model);
  const chart = modelBody ? indexChart(modelBody) : { lines: [], rows: [] };
  const apiQuery = viewToSearchParams(view);
  apiQuery.delete('scale');
  const csvHref = `/api/v1/index?${apiQuery.toString()}${apiQuery.toString() ? '&' : ''}format=csv`;
  const published = modelBody?.values.filter((v) => v.published).length ?? 0;
  const title = `Rentable GPU index, ${label}: USD per GPU-hour against AWS on-demand`;
  return (
    <>
      <section className="panel" aria-labelledby="headline-heading" style={{ marginTop: 16 }}>
        <h2 id="headline-heading" style={{ marginTop: 0 }}>
          Every model today
        </h2>
        <HeadlineTable headlines={headlines} selected={model} />
      </section>

      <section className="panel" aria-labelledby="index-heading" style={{ marginTop: 16 }}>
        <h2 id="index-heading" style={{ marginTop: 0 }}>
          {label}: DePIN index against AWS on-demand and Vast.ai
        </h2>
        <ViewControls models={INDEX_MODELS.map((id) => ({ id, label: gpuModelLabel(id) }))} allowAllModels={false} />
        <p className="muted">
          {formatWindow(body.window)} · {published} of {modelBody?.values.length ?? 0} buckets published · methodology {body.methodology}
        </p>
        {chart.lines.length > 0 ? <EmbedRow embedPath={indexEmbedPath(view)} title={title} asOf={now} /> : null}
        {chart.lines.length > 0 ? (
          <TimeSeriesChart
            autoScale
            title={title}
            lines={chart.lines}
            rows={chart.rows}
            scale={view.scale}
            formatValue={formatUsdPerGpuHour}
            formatAxis={formatUsdAxis}
            bucketMs={bucketMsOf(body.window.resolution)}
            now={now}
            height={CHART_HEIGHT}
            pointHandlers={{ [INDEX_LINE_KEY]: (at) => openEvidence({ model, at, resolution: body.window.resolution }) }}
            downloads={{ csvHref, filename: `rentable-gpu-index-${model}-${body.window.from.slice(0, 10)}_${body.window.to.slice(0, 10)}` }}
          />
        ) : (
          <p className="empty" data-testid="index-empty">
            No DePIN network listed {label} as rentable at a price in this window. Try a longer range, or another model.
          </p>
        )}
        <p className="muted" style={{ fontSize: '0.85rem' }}>
          A point of the index opens the listings it was computed from; AWS and Vast.ai points open their own scrape run. A gap is a
          bucket where fewer than 3 DePIN networks had rentable listings at a price: the index is not published there, never drawn as
          zero. AWS is the 8-GPU on-demand instance ÷ 8 (us-east-1, Linux), its list price carried forward between scrapes.
        </p>
      </section>
    </>
  );
}
