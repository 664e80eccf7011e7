/**
 * GET /api/oembed?url=<dashboard URL>[&maxwidth=][&maxheight=][&format=json] (oEmbed 1.0):
 * a pasted /networks/<slug> or /compare URL (or an /embed/ URL) unfurls into the matching
 * embed, a "rich" response whose html is the iframe snippet. A URL that is not one of our
 * charts is a 404, a bad parameter a 400 naming it (`url.<name>` for the dashboard URL's own),
 * format=xml too (JSON only).
 */
import { z } from 'zod';
import { DEFAULT_COMPARE_MODEL } from '@/app/compare/search-params';
import { apiRoute, errorResponse, json } from '@/lib/api/route';
import { publicOrigin } from '@/lib/public-origin';
import { getDatabase } from '@/lib/db';
import { modelIsKnown } from '@/lib/queries/known-models';
import { embedCacheControl, IMMUTABLE } from '@/lib/embed/http';
import { embedPath, embedTitle, MIN_CHART_HEIGHT } from '@/lib/embed/params';
import { EMBED_CHROME_HEIGHT, embedSnippet } from '@/lib/embed/snippet';
import { embedForDashboardUrl } from '@/lib/embed/urls';
import { env } from '@/lib/env';
import { InvalidParameterError, parseParams } from '@/lib/view-state';
import { currentTime } from '@/lib/clock';

const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 200;

const pixels = (name: string) =>
  z
    .string()
    .regex(/^\d{1,5}$/, `must be a whole number of pixels`)
    .transform(Number)
    .pipe(z.number().min(1, `${name} must be at least 1`))
    .optional();

const oembedSchema = z.object({
  url: z.string({ message: 'is required: the dashboard URL to embed' }).url('must be an absolute http(s) URL'),
  format: z.enum(['json', 'xml'], { message: 'must be json (xml is not served)' }).default('json'),
  maxwidth: pixels('maxwidth'),
  maxheight: pixels('maxheight'),
});

export const GET = apiRoute(async (request) => {
  const query = parseParams(oembedSchema, new URL(request.url).searchParams);
  // oEmbed 1.0 asks for a 501 here; we answer 400 naming the parameter, as for any input we do
  // not serve: no input ever gets a 5xx, which is kept for our own faults.
  if (query.format === 'xml') throw new InvalidParameterError('format', 'must be json: xml is not served');

  const target = new URL(query.url);
  // Only our own pages unfurl: a URL on another origin is not a chart of ours. Our origin is the
  // configured one, never the request's Host or X-Forwarded-Host (this answer is cached publicly).
  const origin = publicOrigin();
  if (target.origin !== origin) return errorResponse(404, 'not_found', `url is not a Rentable URL: charts are served from ${origin}`);
  const now = currentTime();
  let params: ReturnType<typeof embedForDashboardUrl>;
  try {
    params = embedForDashboardUrl(target, { now, defaultCompareModel: DEFAULT_COMPARE_MODEL });
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return errorResponse(400, 'invalid_parameter', `url has an invalid parameter: ${error.message}`, `url.${error.param}`);
  }
  if (!params) return errorResponse(404, 'not_found', `${target.pathname} has no chart to embed; /networks/<slug> and /compare do`);
  const { db } = await getDatabase();
  if (!(await modelIsKnown(db, params.view.model))) return errorResponse(404, 'not_found', 'url names a GPU model we hold no figure or claim of');

  if (query.maxwidth !== undefined && query.maxwidth < MIN_WIDTH) throw new InvalidParameterError('maxwidth', `is too small: an embed needs at least ${MIN_WIDTH} pixels`);
  const width = Math.min(query.maxwidth ?? DEFAULT_WIDTH, DEFAULT_WIDTH);
  // Fit maxheight by shrinking the plot (the title, legend and source line keep their size).
  const chartHeight = query.maxheight
    ? Math.max(MIN_CHART_HEIGHT, Math.min(params.chartHeight, query.maxheight - EMBED_CHROME_HEIGHT))
    : params.chartHeight;
  if (query.maxheight && chartHeight + EMBED_CHROME_HEIGHT > query.maxheight) {
    throw new InvalidParameterError('maxheight', `is too small: an embed needs at least ${MIN_CHART_HEIGHT + EMBED_CHROME_HEIGHT} pixels`);
  }
  const embed = { ...params, chartHeight };
  const height = chartHeight + EMBED_CHROME_HEIGHT;
  const title = embedTitle(embed);
  const src = `${origin}${embedPath(embed)}`;
  const pinned = embed.at !== null && embedCacheControl(embed, now) === IMMUTABLE;
  return json(request, {
    version: '1.0',
    type: 'rich',
    provider_name: 'Rentable',
    provider_url: `${origin}/`,
    title,
    html: embedSnippet({ src, title, height, width, maxHeight: query.maxheight }),
    width,
    height,
    // Consumers may keep a live embed's unfurl as long as its figures last; a pinned one for ever.
    cache_age: pinned ? 31_536_000 : Math.round(env().SCRAPE_INTERVAL_MINUTES * 60),
  });
});

// Reads nothing stored, but its answer depends on the clock and the configured origin.
export const dynamic = 'force-dynamic';
