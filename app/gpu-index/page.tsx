/**
 * /index (rewritten here by next.config.js: a top-level app/index folder fails `next build`,
 * `/index` being the name Next gives the root page's own files). The open Rentable GPU index: a headline per model, the chosen model's index over
 * the window with AWS and Vast.ai beside it, and every value opening the quotes behind it.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { GPU_INDEX_METHODOLOGY, INDEX_MODELS } from '@/lib/analytics/gpu-index';
import { indexHeadlineBody, indexResponse, indexWindow } from '@/lib/api/gpu-index';
import { getDatabase } from '@/lib/db';
import { oembedAlternates, pageUrl } from '@/lib/embed/discovery';
import { gpuModelLabel } from '@/lib/gpu-models';
import { publicOrigin } from '@/lib/public-origin';
import { InvalidParameterError, resolveWindow, VIEW_KEYS } from '@/lib/view-state';
import { currentTime } from '@/lib/clock';
import { liveNow } from '@/app/embed/data';
import { IndexClient } from './client';
import { parseIndexPageParams } from './search-params';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const title = 'The open Rentable GPU index';
  const origin = publicOrigin();
  return {
    title,
    description: 'The DePIN rentable price of a GPU-hour per model, against AWS on-demand, with every value opening the listings it was computed from.',
    alternates: oembedAlternates(origin, pageUrl(origin, '/index', await searchParams, VIEW_KEYS), title),
  };
}

function Intro() {
  return (
    <>
      <h1>The open Rentable GPU index</h1>
      <p className="lede">
        What a GPU-hour costs on DePIN networks when you can actually rent it: per GPU model, the median of the prices networks
        list for GPUs that are rentable now, set against AWS on-demand and the Vast.ai marketplace (beside it, never in it). Every
        value opens the listings, scrape runs and raw snapshots it was computed from. Methodology {GPU_INDEX_METHODOLOGY}:{' '}
        <Link href="/methodology#gpu-index">the rules</Link>.
      </p>
    </>
  );
}

export default async function IndexPage({ searchParams }: { searchParams: SearchParams }) {
  // Reads the database on every request; never frozen at build time.
  await connection();
  let parsed: ReturnType<typeof parseIndexPageParams>;
  try {
    parsed = parseIndexPageParams(await searchParams);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return (
      <>
        <Intro />
        <p className="panel error-state" role="alert" data-testid="invalid-parameter">
          This link has an invalid parameter: <code>{error.message}</code>. <Link href="/index">Open the index</Link>.
        </p>
      </>
    );
  }
  const { view, model } = parsed;
  const now = liveNow(currentTime());
  const { db } = await getDatabase();
  const [body, headlines] = await Promise.all([
    indexResponse(db, { models: [model], window: indexWindow(resolveWindow(view, now)), at: null, now }),
    Promise.all(INDEX_MODELS.map(async (m) => ({ model: m, label: gpuModelLabel(m), headline: await indexHeadlineBody(db, m, now) }))),
  ]);
  return (
    <>
      <Intro />
      <IndexClient view={view} body={body} headlines={headlines} now={now.toISOString()} />
    </>
  );
}
