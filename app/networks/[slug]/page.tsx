import { PrefetchBoundary } from '@/components/prefetch-boundary';
import { packChartRows } from '@/lib/charts/packed-rows';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { FlagArticles, FlagsCapped } from '@/components/flag-list';
import type { ModelOption } from '@/components/view-controls';
import { thresholds } from '@/lib/analytics/config';
import { annotationsFor, annotationsForPage, loadAnnotations } from '@/lib/annotations/annotations';
import { prefetchedState } from '@/lib/api/prefetch';
import { pricesQuery, supplyQuery } from '@/lib/api/query-options';
import { pricesResponse, supplyResponse } from '@/lib/api/responses';
import { claimRows, claimsOutsideWindow } from '@/lib/charts/network-claims';
import { defaultPriceModel, latestTable, stackedByModel } from '@/lib/charts/network-page';
import { loadLedger } from '@/lib/claims/ledger';
import { oembedAlternates, pageUrl } from '@/lib/embed/discovery';
import { getDatabase } from '@/lib/db';
import { publicOrigin } from '@/lib/public-origin';
import { formatCount } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { findNetwork, type Network } from '@/lib/networks';
import type { FlagsReport } from '@/lib/queries/analytics';
import { readFlagsState } from '@/lib/queries/analytics-state';
import { modelIsKnown } from '@/lib/queries/known-models';
import { FigureAge, LeftOutFigures } from '@/components/figure-age';
import { realitySides } from '@/lib/analytics/reality-sides';
import { readNetworkSummaries, type CurrentFigure, type NetworkSummary } from '@/lib/queries/network-summary';
import { readNetworkLatestFigures, readNetworkModelSeries, readPriceModels, type PriceModels } from '@/lib/queries/network-page';
import { InvalidParameterError } from '@/lib/view-state';
import { readWindow } from '@/lib/queries/window';
import { ALL_MODELS } from '@/lib/vocabulary';
import { AnnotationList } from './annotation-list';
import { ClaimsTable } from './claims-table';
import { NetworkClient } from './client';
import { CLAIMED_STATUSES, FREE_RENTABLE_STATUSES } from './statuses';
import { defaultModelRedirect, NETWORK_PAGE_KEYS, parseNetworkParams } from './search-params';
import { currentTime } from '@/lib/clock';
import { withFeedAlternates } from '@/lib/events/discovery';

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const KIND_LABEL = { depin: 'DePIN network', marketplace: 'Marketplace (not DePIN), shown for comparison', cloud: 'Cloud reference' } as const;

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const network = findNetwork((await params).slug);
  if (!network) return { title: 'Network not found' };
  const title = `${network.name}: claimed, rentable and price`;
  // oEmbed discovery: a pasted link to this page unfurls into its chart.
  const origin = publicOrigin();
  // Feed discovery too: the global feed and this network's (lib/events/discovery.ts).
  const alternates = oembedAlternates(origin, pageUrl(origin, `/networks/${network.slug}`, await searchParams, NETWORK_PAGE_KEYS), title);
  return { title, alternates: withFeedAlternates(origin, alternates, { slug: network.slug, name: network.name }) };
}

function Intro({ network }: { network: Network }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="muted" style={{ marginTop: 16, fontSize: '0.9rem' }}>
        <Link href="/">Overview</Link> › {network.name}
      </nav>
      <h1 style={{ marginTop: 8 }}>{network.name}</h1>
      <p className="lede">
        {KIND_LABEL[network.kind]} ·{' '}
        <a href={network.website} rel="noreferrer" target="_blank">
          {network.website.replace(/^https?:\/\//, '')}
        </a>
        . Every source is its own line, so totals that disagree stay visible. Claimed is what is advertised, free is what is
        listed idle, rentable is what can be ordered now at a price.
      </p>
    </>
  );
}

function formatRatio(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${percent < 0.1 ? percent.toFixed(3) : percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

/** The overview's figures for this network, so the page opens on the same numbers, each with its age. */
function KeyFigures({ summary }: { summary: NetworkSummary | undefined }) {
  const figures: [string, string, CurrentFigure | null | undefined, string][] = [
    ['largest-claim', 'Largest claim', summary?.largestClaim, 'GPUs'],
    ['claim-nodes', 'Claim in nodes', summary?.largestClaimNodes, 'nodes'],
    ['free', 'Free (listed idle)', summary?.free, 'GPUs'],
    ['rentable', 'Rentable now', summary?.rentable, 'GPUs'],
  ];
  const sides = summary?.realitySides;
  return (
    <div className="cards" data-testid="key-figures" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))' }}>
      {figures.map(([key, label, figure, unit]) => (
        <div className="card" key={key} data-figure={key}>
          <div className="muted" style={{ fontSize: '0.85rem' }}>
            {label}
          </div>
          <div style={{ fontSize: '1.3rem', fontWeight: 600 }} data-testid={`figure-${key}`}>
            {figure ? `${formatCount(figure.value)} ${unit}` : '—'}
          </div>
          {figure ? (
            <small>
              <FigureAge figure={figure} />
            </small>
          ) : null}
        </div>
      ))}
      <div className="card" data-figure="reality-ratio">
        <div className="muted" style={{ fontSize: '0.85rem' }}>
          Reality ratio
        </div>
        <div style={{ fontSize: '1.3rem', fontWeight: 600 }} data-testid="figure-reality-ratio">
          {formatRatio(summary?.realityRatio ?? null)}
        </div>
        <small className="muted" data-testid="ratio-sides">
          {sides
            ? `${sides.rentable ? formatCount(sides.rentable.value) : '—'} rentable (${realitySidesOf(summary)?.rentable}) ÷ ${sides.claimed ? formatCount(sides.claimed.value) : '—'} claimed (${realitySidesOf(summary)?.claimed})`
            : 'no declared sides for this network'}
        </small>
      </div>
      <p className="muted" style={{ gridColumn: '1 / -1', margin: 0, fontSize: '0.85rem' }}>
        Current figures: each source&apos;s latest successful scrape within its freshness window (stale ones are marked);
        where sources disagree, the largest. Dated claims from the ledger are listed below, never counted as current. The
        reality ratio divides this network&apos;s declared rentable source by its declared claimed source (
        <a href="/methodology#reality-ratio">methodology</a>); when either has no current figure there is no ratio.
      </p>
      {summary ? (
        <div style={{ gridColumn: '1 / -1' }}>
          <LeftOutFigures figures={summary.leftOut} />
        </div>
      ) : null}
    </div>
  );
}

function realitySidesOf(summary: NetworkSummary | undefined) {
  return summary ? realitySides(summary.slug) : null;
}

/** The network's flags over the page's range, as /flags shows them, each linked to its points. */
function NetworkFlags({ name, report, windowTo, maxRuns }: { name: string; report: FlagsReport; windowTo: Date; maxRuns: number }) {
  return (
    <section aria-labelledby="flags-heading" data-testid="network-flags">
      <h2 id="flags-heading">Flags</h2>
      <p className="lede">
        What the rules found in {name}&apos;s claims over this range, from every scrape run in it (the chart resolution changes
        nothing here). <Link href="/flags">Every network&apos;s flags</Link> · <Link href="/methodology#thresholds">rules and thresholds</Link>.
      </p>
      <FlagsCapped capped={report.capped} maxRuns={maxRuns} />
      {report.flags.length === 0 ? (
        <p className="panel empty" data-testid="flags-empty">
          No flags raised in this range.
        </p>
      ) : (
        <div className="panel">
          <FlagArticles flags={report.flags} windowTo={windowTo} />
        </div>
      )}
    </section>
  );
}

function modelOptions(priceModels: PriceModels, current: string): ModelOption[] {
  const options = priceModels.models.map((id) => ({ id, label: `${gpuModelLabel(id)}${priceModels.awsModels.includes(id) ? ' (AWS too)' : ''}` }));
  // A linked model this network never priced still shows as chosen, rather than the picker silently showing another.
  if (current !== ALL_MODELS && !priceModels.models.includes(current)) options.unshift({ id: current, label: `${gpuModelLabel(current)} (no prices here)` });
  return options;
}

export default async function NetworkPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  // Reads the database on every request; never frozen at build time.
  await connection();
  const { slug } = await params;
  const network = findNetwork(slug);
  if (!network) notFound();
  const raw = await searchParams;
  let parsed: ReturnType<typeof parseNetworkParams>;
  try {
    parsed = parseNetworkParams(raw);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    // proxy.ts answers this render with status 400.
    return (
      <>
        <Intro network={network} />
        <p className="panel error-state" role="alert" data-testid="invalid-parameter">
          This link has an invalid parameter: <code>{error.message}</code>.{' '}
          <Link href={`/networks/${network.slug}`}>Open the default view</Link>.
        </p>
      </>
    );
  }
  const { db } = await getDatabase();
  const priceModels = await readPriceModels(db, network.slug);
  const target = defaultModelRedirect(`/networks/${network.slug}`, raw, defaultPriceModel(priceModels.models, priceModels.awsModels));
  if (target) redirect(target);
  // A model we hold no figure or claim of is not a page, as an unknown network is not.
  if (!(await modelIsKnown(db, parsed.view.model))) notFound();
  const { view, status } = parsed;
  const now = currentTime();
  // The supply charts are network totals; `model` belongs to the price chart.
  const totalsView = { ...view, model: ALL_MODELS };
  const window = await readWindow(db, view, now);
  const hasPriceModel = view.model !== ALL_MODELS;

  // Cloud references are the baseline, not claims: no flags are computed for them.
  // A preset range's flags are stored once per data version (lib/queries/analytics-state.ts), as of the instant they cover.
  const flagsOf = network.kind === 'cloud' ? Promise.resolve(null) : readFlagsState(db, view, now, thresholds(), network.slug);
  const [claimed, freeRentable, prices, modelSeries, latest, awsLatest, summaries, flags] = await Promise.all([
    supplyResponse(db, { network: network.slug, statuses: CLAIMED_STATUSES, view: totalsView, now }),
    supplyResponse(db, { network: network.slug, statuses: FREE_RENTABLE_STATUSES, view: totalsView, now }),
    hasPriceModel ? pricesResponse(db, { network: network.slug, view, now }) : Promise.resolve(null),
    readNetworkModelSeries(db, { networkSlug: network.slug, status, from: window.from, to: window.to, resolution: window.resolution }),
    readNetworkLatestFigures(db, network.slug),
    readNetworkLatestFigures(db, 'aws'),
    readNetworkSummaries(db, now),
    flagsOf,
  ]);
  const summary = summaries.find((s) => s.slug === network.slug);
  const state = prefetchedState([
    [supplyQuery(network.slug, CLAIMED_STATUSES, totalsView).queryKey, claimed],
    [supplyQuery(network.slug, FREE_RENTABLE_STATUSES, totalsView).queryKey, freeRentable],
    ...(prices ? ([[pricesQuery(view, network.slug).queryKey, prices]] as const) : []),
  ]);

  const sourceNames = latest.map((f) => ({ id: f.sourceId, name: f.sourceName, evidenceGrade: f.evidenceGrade }));
  const ledger = loadLedger();
  const annotations = loadAnnotations();
  const claims = claimRows(ledger, network.slug, {
    rentable: summary?.rentable ?? null,
    rentableSourceName: sourceNames.find((s) => s.id === summary?.rentable?.sourceId)?.name ?? null,
    latest,
    awsLatest,
  });

  return (
    <>
      <Intro network={network} />
      <KeyFigures summary={summary} />
      <PrefetchBoundary state={state}>
        <NetworkClient
          network={{ slug: network.slug, name: network.name }}
          view={view}
          status={status}
          now={now.toISOString()}
          models={modelOptions(priceModels, view.model)}
          stacked={stackedByModel(modelSeries, sourceNames).map((chart) => ({ ...chart, rows: packChartRows(chart.rows) }))}
          stackResolution={window.resolution}
          latest={latestTable(latest)}
          claimsOutOfRange={claimsOutsideWindow(ledger, network.slug, claimed.window)}
          annotations={{
            claimed: annotationsFor(annotations, network.slug, 'claimed'),
            supply: annotationsFor(annotations, network.slug, 'supply'),
            price: annotationsFor(annotations, network.slug, 'price'),
          }}
        />
      </PrefetchBoundary>

      {flags ? <NetworkFlags name={network.name} report={flags.report} windowTo={flags.window.to} maxRuns={flags.maxRunsPerSource} /> : null}

      <section aria-labelledby="claims-heading">
        <h2 id="claims-heading">What {network.name} claims, beside what was measured</h2>
        {claims.length > 0 ? (
          <ClaimsTable claims={claims} />
        ) : (
          <p className="panel empty" data-testid="claims-empty">
            The claims ledger holds no public claim by {network.name} yet.
          </p>
        )}
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <AnnotationList annotations={annotationsForPage(annotations, network.slug)} networkName={network.name} />
      </section>
    </>
  );
}
