import { PrefetchBoundary } from '@/components/prefetch-boundary';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { connection } from 'next/server';
import type { ModelOption } from '@/components/view-controls';
import { prefetchedState } from '@/lib/api/prefetch';
import { modelSupplyQuery, pricesQuery } from '@/lib/api/query-options';
import { modelSupplyResponse, pricesResponse } from '@/lib/api/responses';
import { getDatabase } from '@/lib/db';
import { publicOrigin } from '@/lib/public-origin';
import { oembedAlternates, pageUrl } from '@/lib/embed/discovery';
import { gpuModelLabel } from '@/lib/gpu-models';
import { readModelCoverage, type ModelCoverage } from '@/lib/queries/model-coverage';
import { InvalidParameterError } from '@/lib/view-state';
import { CompareClient } from './client';
import { COMPARE_PAGE_KEYS, COMPARE_SUPPLY_STATUSES, defaultModelRedirect, parseCompareParams } from './search-params';
import { modelIsKnown } from '@/lib/queries/known-models';
import { currentTime } from '@/lib/clock';
import { withFeedAlternates } from '@/lib/events/discovery';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const title = 'Compare a GPU model across networks';
  // oEmbed discovery: a pasted link to this page unfurls into its price chart.
  const origin = publicOrigin();
  return { title, alternates: withFeedAlternates(origin, oembedAlternates(origin, pageUrl(origin, '/compare', await searchParams, COMPARE_PAGE_KEYS), title)) };
}

function modelOptions(coverage: readonly ModelCoverage[], current: string): ModelOption[] {
  const options = coverage.map((m) => ({
    id: m.gpuModel,
    label: `${gpuModelLabel(m.gpuModel)} (${m.networks} network${m.networks === 1 ? '' : 's'}${m.awsReference ? ', AWS' : ''})`,
  }));
  // A linked model with no data yet still shows as chosen, rather than the picker silently showing another.
  if (!coverage.some((m) => m.gpuModel === current)) options.unshift({ id: current, label: `${gpuModelLabel(current)} (no data)` });
  return options;
}

function Intro() {
  return (
    <>
      <h1>Compare one GPU model across networks</h1>
      <p className="lede">
        Pick a card and see, source by source, how many can be rented now on each network and what a GPU-hour costs, set
        against AWS on-demand for the same card.
      </p>
    </>
  );
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Reads the database on every request; never frozen at build time.
  await connection();
  const raw = await searchParams;
  let parsed: ReturnType<typeof parseCompareParams>;
  try {
    parsed = parseCompareParams(raw);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return (
      <>
        <Intro />
        <p className="panel error-state" role="alert" data-testid="invalid-parameter">
          This link has an invalid parameter: <code>{error.message}</code>.{' '}
          <Link href="/compare">Open the default comparison</Link>.
        </p>
      </>
    );
  }
  const target = defaultModelRedirect('/compare', raw);
  if (target) redirect(target);
  const { view, price } = parsed;
  const { db } = await getDatabase();
  // A model we hold no figure or claim of is not a page, as an unknown network is not.
  if (!(await modelIsKnown(db, view.model))) notFound();
  const now = currentTime();
  const [coverage, supply, prices] = await Promise.all([
    readModelCoverage(db),
    modelSupplyResponse(db, { statuses: COMPARE_SUPPLY_STATUSES, view, now }),
    pricesResponse(db, { view, now }),
  ]);
  const state = prefetchedState([
    [modelSupplyQuery(COMPARE_SUPPLY_STATUSES, view).queryKey, supply],
    [pricesQuery(view).queryKey, prices],
  ]);

  return (
    <>
      <Intro />
      {coverage.length === 0 ? (
        <p className="panel empty" data-testid="empty-state">
          No network has reported a rentable or priced GPU model yet. The first scrape pass runs at start-up; the{' '}
          <Link href="/status">status page</Link> says what happened.
        </p>
      ) : null}
      <PrefetchBoundary state={state}>
        <CompareClient view={view} price={price} models={modelOptions(coverage, view.model)} now={now.toISOString()} />
      </PrefetchBoundary>
    </>
  );
}
