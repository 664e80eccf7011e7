/**
 * The server half of every embed page: parse the URL, load the data (live or pinned), shape the
 * chart, hand it to EmbedView. The proxy (../../proxy.ts) has already answered an invalid URL
 * with a 400 page; parsing again here keeps a page requested some other way honest too.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getDatabase } from '@/lib/db';
import { embedChart } from '@/lib/charts/embed';
import { embedTitle, parseEmbedParams, type SeriesEmbedParams } from '@/lib/embed/params';

type SeriesEmbedKind = SeriesEmbedParams['kind'];
import { dashboardPath } from '@/lib/embed/urls';
import { BUCKET_ADJECTIVES, formatUtc } from '@/lib/format';
import { InvalidParameterError, toSearchParams } from '@/lib/view-state';
import { modelIsKnown } from '@/lib/queries/known-models';
import { notFound } from 'next/navigation';
import { liveNow, loadEmbedData } from './data';
import { EmbedError, EmbedView } from './embed-view';
import { currentTime } from '@/lib/clock';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function tryParse(kind: SeriesEmbedKind, raw: Record<string, string | string[] | undefined>, now: Date): SeriesEmbedParams | InvalidParameterError {
  try {
    return parseEmbedParams(kind, raw, now);
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
}

export async function embedMetadata(kind: SeriesEmbedKind, searchParams: SearchParams): Promise<Metadata> {
  const parsed = tryParse(kind, await searchParams, currentTime());
  return {
    title: parsed instanceof InvalidParameterError ? 'Invalid embed' : embedTitle(parsed),
    // The dashboard is the page to find; an embed is a piece of it.
    robots: { index: false },
  };
}

const day = (iso: string) => iso.slice(0, 10);

export async function EmbedPage({ kind, searchParams }: { kind: SeriesEmbedKind; searchParams: SearchParams }) {
  // Reads the database on every request; never frozen at build time.
  await connection();
  const raw = await searchParams;
  const now = liveNow();
  const parsed = tryParse(kind, raw, currentTime());
  if (parsed instanceof InvalidParameterError) {
    const theme = toSearchParams(raw).get('theme');
    return <EmbedError message={parsed.message} theme={theme === 'dark' || theme === 'light' ? theme : 'auto'} />;
  }
  const { db } = await getDatabase();
  // A model we hold no figure or claim of is a 404, as an unknown network is.
  if (!(await modelIsKnown(db, parsed.view.model))) notFound();
  const data = await loadEmbedData(db, parsed, now);
  const chart = embedChart(data, parsed);
  const asOf = parsed.at ? parsed.at.toISOString() : chart.latestObservedAt;
  // One line whatever the number of sources; their names are one click away (EmbedView).
  const apis = chart.sourceNames.length;
  const sources = apis > 0 ? `, from ${apis} public API${apis === 1 ? '' : 's'}` : '';
  const sourceLine = `Source: Rentable${sources}${asOf ? `, data as of ${formatUtc(asOf)}` : ''}${parsed.at ? ' (pinned: later data is not shown)' : ''}.`;
  const unmatched = chart.unmatchedSeries.length > 0 ? ` No series matches ${chart.unmatchedSeries.join(', ')}.` : '';
  const window = data.window;
  const windowText = `${day(window.from)} to ${day(window.to)} UTC, ${BUCKET_ADJECTIVES[window.resolution]}`;
  return (
    <EmbedView
      title={embedTitle(parsed)}
      chart={chart}
      scale={parsed.view.scale}
      chartHeight={parsed.chartHeight}
      now={(parsed.at ?? now).toISOString()}
      pinned={parsed.at !== null}
      theme={parsed.theme}
      transparent={parsed.transparent}
      windowText={windowText}
      sourceLine={sourceLine}
      sourceNames={chart.sourceNames}
      dashboardHref={dashboardPath(parsed)}
      emptyMessage={`Nothing to draw in this window${parsed.at ? ' as of the pinned time' : ''}: no source reported these figures.${unmatched} A gap is never drawn as zero.`}
    />
  );
}
