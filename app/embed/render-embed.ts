/**
 * The server half of every embed: parse the URL, load the data (live or pinned), shape the
 * chart, draw it as SVG and answer the whole page as HTML (lib/embed/document.ts). An embed is a
 * route handler rather than a page: a page carries the framework's client runtime (~350 KB
 * gzipped, measured by scripts/embed-weight.ts) and drew its chart only after hydration, so
 * with JavaScript off it was blank. The proxy (../../proxy.ts) has already answered an invalid
 * URL with a 400 page and adds the security and cache headers; parsing again here keeps a page
 * requested some other way honest too.
 */
import type { NextRequest } from 'next/server';
import { getDatabase } from '@/lib/db';
import { embedChart } from '@/lib/charts/embed';
import { indexChart, INDEX_LINE_KEY } from '@/lib/charts/gpu-index';
import { bucketMsOf } from '@/lib/charts/compare';
import { renderSvgChart, type ChartScale, type ChartUnit, type SvgChartPoint } from '@/lib/charts/svg-chart';
import { seriesFromRows } from '@/lib/charts/svg-series';
import { indexEvidencePath } from '@/lib/api/query-options';
import { embedDocument, embedNotFoundDocument, type EmbedDocumentProps } from '@/lib/embed/document';
import { invalidEmbedHtml } from '@/lib/embed/http';
import { embedTitle, parseEmbedParams, type EmbedParams } from '@/lib/embed/params';
import { dashboardPath } from '@/lib/embed/urls';
import { BUCKET_ADJECTIVES, formatUtc } from '@/lib/format';
import { InvalidParameterError } from '@/lib/view-state';
import { modelIsKnown } from '@/lib/queries/known-models';
import type { LineStyle } from '@/lib/charts/palette';
import type { ChartRow } from '@/lib/charts/series-rows';
import { currentTime } from '@/lib/clock';
import { liveNow, loadEmbedData } from './data';
import { loadIndexEmbed } from './index/data';

type EmbedKind = EmbedParams['kind'];

const html = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' } });

const day = (iso: string) => iso.slice(0, 10);

/** The nonce of a response the proxy could not render itself (its fallback), for our one script. */
function nonceOf(request: NextRequest): string | null {
  return /'nonce-([^']+)'/.exec(request.headers.get('content-security-policy') ?? '')?.[1] ?? null;
}

/** `scale=log` is log; an explicit `scale=linear` is linear; by default the chart chooses (svg-chart.ts). */
function scaleOf(params: EmbedParams, search: URLSearchParams): ChartScale | 'auto' {
  if (params.view.scale === 'log') return 'log';
  return search.get('scale') === 'linear' ? 'linear' : 'auto';
}

const runHref = (point: SvgChartPoint) => (typeof point.runId === 'number' ? { href: `/api/v1/runs/${point.runId}`, kind: 'run' as const } : null);

function chartOf(input: {
  title: string;
  lines: readonly { key: string; label: string; style: LineStyle }[];
  rows: readonly ChartRow[];
  unit: ChartUnit;
  scale: ChartScale | 'auto';
  height: number;
  bucketMs: number;
  now: string;
  pointHref: (key: string, point: SvgChartPoint) => { href: string; kind: 'run' | 'evidence' } | null;
}): EmbedDocumentProps['chart'] {
  if (input.lines.length === 0 || input.rows.length === 0) return null;
  const svg = renderSvgChart({
    id: 'embed-chart',
    title: input.title,
    series: seriesFromRows(input.lines, input.rows),
    unit: input.unit,
    scale: input.scale,
    height: input.height,
    bucketMs: input.bucketMs,
    now: input.now,
    focusable: true,
  });
  return { svg, table: { title: input.title, pointHref: input.pointHref } };
}

const demo = () => process.env.RENTABLE_DEMO === 'true' || process.env.RENTABLE_DEMO === '1';

export async function embedResponse(kind: EmbedKind, request: NextRequest): Promise<Response> {
  const search = request.nextUrl.searchParams;
  let parsed: EmbedParams;
  try {
    parsed = parseEmbedParams(kind, search, currentTime());
  } catch (error) {
    if (error instanceof InvalidParameterError) return html(400, invalidEmbedHtml(error.message, error.param));
    throw error;
  }
  const now = liveNow();
  const rendered = (parsed.at ?? now).toISOString();
  const title = embedTitle(parsed);
  const pinnedNote = parsed.at ? ' (pinned: later data is not shown)' : '';
  const common = {
    title,
    pinned: parsed.at !== null,
    theme: parsed.theme,
    transparent: parsed.transparent,
    demo: demo(),
    chartHeight: parsed.chartHeight,
    dashboardHref: dashboardPath(parsed),
    nonce: nonceOf(request),
  };
  const { db } = await getDatabase();

  if (parsed.kind === 'index') {
    const body = await loadIndexEmbed(db, parsed, now);
    const model = body.models[0];
    const values = model?.values ?? [];
    const newest = values.reduce<string | null>((max, v) => (v.asOf && (!max || v.asOf > max) ? v.asOf : max), null);
    const asOf = parsed.at ? parsed.at.toISOString() : newest;
    const published = values.filter((v) => v.published).length;
    const chart = model ? indexChart(model) : { lines: [], rows: [] };
    const resolution = body.window.resolution;
    return html(
      200,
      embedDocument({
        ...common,
        windowText: `${day(body.window.from)} to ${day(body.window.to)} UTC, ${resolution === 'hour' ? 'hourly' : 'daily'}`,
        chart: model
          ? chartOf({
              title,
              lines: chart.lines,
              rows: chart.rows,
              unit: 'usd',
              scale: scaleOf(parsed, search),
              height: parsed.chartHeight,
              bucketMs: bucketMsOf(resolution),
              now: rendered,
              // An index value opens the quotes it was computed from, not one run.
              pointHref: (key, point) => (key === INDEX_LINE_KEY ? { href: indexEvidencePath({ model: model.model, at: point.at, resolution }), kind: 'evidence' } : runHref(point)),
            })
          : null,
        emptyMessage: `Nothing to draw in this window${parsed.at ? ' as of the pinned time' : ''}: no DePIN network listed this model as rentable at a price. A gap is never drawn as zero.`,
        sourceLine: `Source: Rentable GPU index (${body.methodology}), ${published} of ${values.length} buckets published${asOf ? `, data as of ${formatUtc(asOf)}` : ''}${pinnedNote}.`,
        sourceNames: [],
      }),
    );
  }

  // A model we hold no figure or claim of is a 404, as an unknown network is.
  if (!(await modelIsKnown(db, parsed.view.model))) return html(404, embedNotFoundDocument(`No figure or claim is held for the model ${parsed.view.model}.`));
  const data = await loadEmbedData(db, parsed, now);
  const chart = embedChart(data, parsed);
  const asOf = parsed.at ? parsed.at.toISOString() : chart.latestObservedAt;
  // One line whatever the number of sources; their names are one click away.
  const apis = chart.sourceNames.length;
  const sources = apis > 0 ? `, from ${apis} public API${apis === 1 ? '' : 's'}` : '';
  const unmatched = chart.unmatchedSeries.length > 0 ? ` No series matches ${chart.unmatchedSeries.join(', ')}.` : '';
  return html(
    200,
    embedDocument({
      ...common,
      windowText: `${day(data.window.from)} to ${day(data.window.to)} UTC, ${BUCKET_ADJECTIVES[data.window.resolution]}`,
      chart: chartOf({
        title,
        lines: chart.lines,
        rows: chart.rows,
        unit: chart.unit,
        scale: scaleOf(parsed, search),
        height: parsed.chartHeight,
        bucketMs: chart.bucketMs,
        now: rendered,
        pointHref: (_key, point) => runHref(point),
      }),
      emptyMessage: `Nothing to draw in this window${parsed.at ? ' as of the pinned time' : ''}: no source reported these figures.${unmatched} A gap is never drawn as zero.`,
      sourceLine: `Source: Rentable${sources}${asOf ? `, data as of ${formatUtc(asOf)}` : ''}${pinnedNote}.`,
      sourceNames: chart.sourceNames,
    }),
  );
}
