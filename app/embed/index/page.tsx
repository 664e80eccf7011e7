/**
 * /embed/index?model=h100-sxm-80gb[&range=30d][&at=…]: the GPU index of one model with AWS and
 * Vast.ai beside it, live or pinned. The data is the body of /api/v1/index for the same view
 * (indexResponse), so the embed, the API and its CSV agree value for value.
 */
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getDatabase } from '@/lib/db';
import { embedTitle, parseEmbedParams, type IndexEmbedParams } from '@/lib/embed/params';
import { dashboardPath } from '@/lib/embed/urls';
import { formatUtc } from '@/lib/format';
import { currentTime } from '@/lib/clock';
import { InvalidParameterError, toSearchParams } from '@/lib/view-state';
import { liveNow } from '../data';
import { loadIndexEmbed } from './data';
import { EmbedError } from '../embed-view';
import { IndexEmbedView } from './view';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function tryParse(raw: Record<string, string | string[] | undefined>): IndexEmbedParams | InvalidParameterError {
  try {
    return parseEmbedParams('index', raw, currentTime());
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const parsed = tryParse(await searchParams);
  return { title: parsed instanceof InvalidParameterError ? 'Invalid embed' : embedTitle(parsed), robots: { index: false } };
}

const day = (iso: string) => iso.slice(0, 10);

export default async function IndexEmbedPage({ searchParams }: { searchParams: SearchParams }) {
  // Reads the database on every request; never frozen at build time.
  await connection();
  const raw = await searchParams;
  const parsed = tryParse(raw);
  if (parsed instanceof InvalidParameterError) {
    const theme = toSearchParams(raw).get('theme');
    return <EmbedError message={parsed.message} theme={theme === 'dark' || theme === 'light' ? theme : 'auto'} />;
  }
  const now = liveNow();
  const { db } = await getDatabase();
  const body = await loadIndexEmbed(db, parsed, now);
  const values = body.models[0]?.values ?? [];
  const newest = values.reduce<string | null>((max, v) => (v.asOf && (!max || v.asOf > max) ? v.asOf : max), null);
  const asOf = parsed.at ? parsed.at.toISOString() : newest;
  const published = values.filter((v) => v.published).length;
  const sourceLine = `Source: Rentable GPU index (${body.methodology}), ${published} of ${values.length} buckets published${asOf ? `, data as of ${formatUtc(asOf)}` : ''}${parsed.at ? ' (pinned: later data is not shown)' : ''}.`;
  return (
    <IndexEmbedView
      title={embedTitle(parsed)}
      body={body}
      scale={parsed.view.scale}
      chartHeight={parsed.chartHeight}
      now={(parsed.at ?? now).toISOString()}
      pinned={parsed.at !== null}
      theme={parsed.theme}
      transparent={parsed.transparent}
      windowText={`${day(body.window.from)} to ${day(body.window.to)} UTC, ${body.window.resolution === 'hour' ? 'hourly' : 'daily'}`}
      sourceLine={sourceLine}
      dashboardHref={dashboardPath(parsed)}
    />
  );
}
