/**
 * Every request but the build's static files passes here first, so that:
 *   - a path whose percent-encoding does not decode is a 400 (Next would answer a bare 500), and
 *     a trailing slash is redirected away here, so that answer carries our headers too;
 *   - every response, errors included, carries our security headers (lib/http/security-headers.ts):
 *     a page gets a fresh script nonce, an embed the hashes of its inline scripts;
 *   - the read API answers CORS preflights (any origin may read open data, If-None-Match too),
 *     and a read already answered this minute is served from memory (lib/api/route.ts) without
 *     routing to its handler;
 *   - a page or embed URL with an invalid value of a parameter it knows is an HTTP 400 showing
 *     the page's own error panel, not a 200;
 *   - embeds (/embed/*), which their route handlers (app/embed/render-embed.ts) answer with
 *     `private, no-store` and no ETag, are rendered here from this same server and answered with an ETag of their bytes
 *     (304 when If-None-Match has it) and a Cache-Control matched to the scrape interval, or
 *     immutable for a settled pinned embed. The bytes are the same for the same data within a
 *     minute (the embed's "now" is rounded to it), checked by e2e;
 *   - pages asked for as documents are rendered the same way, once per (data version, minute,
 *     URL), with their inline scripts listed by hash instead of a
 *     nonce, and answered from memory with an ETag of the data version (`public, no-cache`: a
 *     304 costs no render and, on PGlite, no query). The client router's RSC fetches still
 *     render per request, with a nonce.
 * A render asked for here is marked with a per-process token, so only this proxy can ask for
 * one; it passes straight to Next, and this proxy adds the headers to what it returns.
 */
import { randomUUID } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { pageParamError } from '@/app/page-params';
import { embedCacheControl, etagMatches, etagOf, IMMUTABLE, invalidEmbedHtml } from '@/lib/embed/http';
import { embedKindOfPath, parseEmbedParams } from '@/lib/embed/params';
import { OPEN_DATA_HEADERS } from '@/lib/api/cors';
import { keptApiAnswer } from '@/lib/api/route';
import { apiHeaders, documentHeaders, documentPolicy, inlineScriptHashes, newNonce, type Framing } from '@/lib/http/security-headers';
import { malformedSegment, plainErrorHtml } from '@/lib/http/paths';
import { jsonText } from '@/lib/http/json-text';
import { InvalidParameterError } from '@/lib/view-state';
import { currentTime } from '@/lib/clock';
import { countCacheLookup } from '@/lib/metrics';
import { getDatabase } from '@/lib/db';
import { dataVersionTag, readDataVersion } from '@/db/data-version';
import { isKept, minuteOf, processCache, requestParameters, versionedEtag, type CachedAnswer } from '@/lib/http/versioned-cache';
import { publicOrigin } from '@/lib/public-origin';

const INTERNAL_RENDER = 'x-rentable-internal-render';
const TOKEN_KEY = Symbol.for('rentable.internal-render-token');

/** One secret per server process: a visitor cannot pass for the proxy's own render request. */
function internalToken(): string {
  const holder = globalThis as { [TOKEN_KEY]?: string };
  holder[TOKEN_KEY] ??= randomUUID();
  return holder[TOKEN_KEY];
}

/** This server itself: Next.js sets PORT when it starts listening. */
function internalUrl(request: NextRequest): URL {
  const port = process.env.PORT ?? request.nextUrl.port;
  return new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, `http://127.0.0.1:${port}`);
}

const isApi = (pathname: string) => pathname.startsWith('/api/');

/** Browsers ask before a cross-origin GET with If-None-Match: say yes, for a day. */
const PREFLIGHT_HEADERS = {
  ...OPEN_DATA_HEADERS,
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Accept, Accept-Language, Cache-Control, Content-Type, If-Match, If-Modified-Since, If-None-Match',
  'access-control-max-age': '86400',
};

function withHeaders(response: NextResponse | Response, headers: Record<string, string>): NextResponse | Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function html(request: NextRequest, status: number, body: string, headers: Record<string, string>): Response {
  return new Response(request.method === 'HEAD' ? null : body, {
    status,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Headers of an answer that carries no script at all (a redirect, a preflight). */
const scriptlessHeaders = () => documentHeaders(documentPolicy({ scripts: { hashes: [] }, framing: 'none' }), 'none');

/** A static HTML answer: its only scripts are its own inline ones, listed by hash. */
function staticDocument(request: NextRequest, status: number, body: string, framing: Framing, extra: Record<string, string> = {}): Response {
  return html(request, status, body, { ...documentHeaders(documentPolicy({ scripts: { hashes: inlineScriptHashes(body) }, framing }), framing), ...extra });
}

function malformedPath(request: NextRequest, segment: string): Response {
  const message = `the path segment ${JSON.stringify(segment)} is not valid percent-encoding (write % as %25)`;
  if (isApi(request.nextUrl.pathname)) {
    return new Response(jsonText({ error: { code: 'invalid_parameter', message: `path: ${message}`, param: 'path' } }), {
      status: 400,
      headers: { ...apiHeaders(), ...OPEN_DATA_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  return staticDocument(request, 400, plainErrorHtml('This address is malformed', message), 'none');
}

let warnedUnreachable = false;

/** The page as this server renders it, asked for by the proxy itself; null when it cannot reach itself. */
async function renderHere(request: NextRequest): Promise<Response | null> {
  try {
    return await fetch(internalUrl(request), { headers: { [INTERNAL_RENDER]: internalToken(), accept: 'text/html' }, cache: 'no-store', redirect: 'manual' });
  } catch (error) {
    // Bound to an address 127.0.0.1 does not reach: serve the page without these extras rather than fail.
    if (!warnedUnreachable) console.warn(`[proxy] cannot reach this server at ${internalUrl(request).origin} (${(error as Error).message}); embeds go uncached and invalid page URLs answer 200`);
    warnedUnreachable = true;
    return null;
  }
}

/** A rendered document answered as is: status, Location of a redirect, and hash-listed scripts. */
async function relay(request: NextRequest, inner: Response, status: number, framing: Framing, extra: Record<string, string>): Promise<Response> {
  const body = await inner.text();
  const headers = { ...documentHeaders(documentPolicy({ scripts: { hashes: inlineScriptHashes(body) }, framing }), framing), ...extra };
  const location = inner.headers.get('location');
  if (location) headers.location = location;
  return new Response(request.method === 'HEAD' ? null : body, {
    status,
    headers: { 'content-type': inner.headers.get('content-type') ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** A page for Next to render, with a fresh nonce Next puts on each of its scripts. */
function pageWithNonce(request: NextRequest, framing: Framing): NextResponse {
  const nonce = newNonce();
  const policy = documentPolicy({ scripts: { nonce }, framing });
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce from the request's Content-Security-Policy header.
  requestHeaders.set('content-security-policy', policy);
  requestHeaders.delete(INTERNAL_RENDER);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), documentHeaders(policy, framing)) as NextResponse;
}

/** A browser document request (navigation); clients without Sec-Fetch-Mode (curl, caches) too. RSC fetches are not. */
function isDocumentRequest(request: NextRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const mode = request.headers.get('sec-fetch-mode');
  return mode === null || mode === 'navigate';
}

/**
 * A document this server renders, from memory: rendered once per `key` (by the proxy asking
 * itself, so the answer is whole before it is kept) and answered with an ETag, 304 when
 * If-None-Match has it. Inline scripts are listed by hash: the bytes are the same for every
 * reader of the key, so they cannot carry a per-response nonce. Only 200s are kept; any other
 * answer is not kept (but a page's redirect): an embed's is relayed as rendered, a page's 404 left to Next.
 * `etag` null: the ETag is the hash of the bytes (a settled pinned embed, kept for ever).
 */
async function cachedDocument(
  request: NextRequest,
  options: { key: string; etag: string | null; previous?: { key: string; etag: string }; cacheControl: string; framing: Framing; metric: 'embed' | 'page' },
): Promise<Response> {
  const { key, cacheControl, framing, metric, previous } = options;
  let etag = options.etag;
  const notModified = (tag: string, vary: string) => new Response(null, { status: 304, headers: { etag: tag, 'cache-control': cacheControl, vary } });
  if (etag !== null && etagMatches(request.headers.get('if-none-match'), etag)) {
    countCacheLookup(`${metric}-etag`, 'hit');
    return notModified(etag, DOCUMENT_VARY);
  }
  let passToNext = false;
  const render = async (): Promise<CachedAnswer> => {
    const inner = await renderHere(request);
    if (!inner) {
      passToNext = true;
      return { status: 0, body: new Uint8Array(0), headers: {} };
    }
    // The same URL serves RSC payloads to the client router: caches must tell them apart.
    const vary = { vary: inner.headers.get('vary') ?? DOCUMENT_VARY };
    if (inner.status !== 200 && metric === 'page') {
      await inner.arrayBuffer();
      const location = inner.headers.get('location');
      if (isKept(inner.status) && location) {
        // A page's redirect to its canonical URL (the default model spelled out) is kept like
        // the page. Next wrote the visitor's Host into it: the one kept for everyone starts
        // with the configured public origin instead.
        const target = new URL(location, publicOrigin());
        return {
          status: inner.status,
          body: new Uint8Array(0),
          headers: { ...scriptlessHeaders(), location: `${publicOrigin()}${target.pathname}${target.search}`, 'cache-control': 'no-store' },
        };
      }
      // A 404 of a page: Next answers it again itself, cheaply, and nothing is kept.
      passToNext = true;
      return { status: 0, body: new Uint8Array(0), headers: {} };
    }
    if (inner.status !== 200) {
      const relayed = await relay(request, inner, inner.status, framing, vary);
      return { status: relayed.status, body: new Uint8Array(await relayed.arrayBuffer()), headers: Object.fromEntries(relayed.headers.entries()) };
    }
    const body = await inner.text();
    const link = inner.headers.get('link');
    return {
      status: 200,
      body: new TextEncoder().encode(body),
      headers: {
        ...documentHeaders(documentPolicy({ scripts: { hashes: inlineScriptHashes(body) }, framing }), framing),
        ...vary,
        ...(link ? { link } : {}),
        'content-type': inner.headers.get('content-type') ?? 'text/html; charset=utf-8',
      },
    };
  };
  // The minute turned and this minute's render is not made yet: the last minute's (same data)
  // is served, with its own ETag, while this one is rendered.
  const { answer, result } = previous
    ? await processCache().getOrRefresh(key, previous.key, render)
    : await processCache()
        .getOrCompute(key, render)
        .then(({ answer, hit }) => ({ answer, result: hit ? ('hit' as const) : ('miss' as const) }));
  if (passToNext) return pageWithNonce(request, framing);
  if (result === 'stale' && previous) etag = previous.etag;
  countCacheLookup(`${metric}-answers`, result);
  if (answer.status !== 200) return new Response(request.method === 'HEAD' ? null : answer.body, { status: answer.status, headers: answer.headers });
  const headers: Record<string, string> = { ...answer.headers, etag: etag ?? etagOf(new TextDecoder().decode(answer.body)), 'cache-control': cacheControl };
  if ((etag === null || result === 'stale') && etagMatches(request.headers.get('if-none-match'), headers.etag ?? '')) {
    countCacheLookup(`${metric}-etag`, 'hit');
    return notModified(headers.etag ?? '', headers.vary ?? DOCUMENT_VARY);
  }
  countCacheLookup(`${metric}-etag`, 'miss');
  return new Response(request.method === 'HEAD' ? null : answer.body, { status: 200, headers });
}

/** What a live cached document is a function of: the data version and the minute of now (ages are stated in minutes). */
async function liveKey(prefix: string, parameters: string): Promise<{ key: string; etag: string; previous: { key: string; etag: string } }> {
  const { db } = await getDatabase();
  const version = dataVersionTag(await readDataVersion(db));
  const minute = minuteOf(currentTime().getTime());
  const at = (m: number) => ({ key: `${prefix}|${version}|${m}|${parameters}`, etag: versionedEtag(version, parameters, m) });
  return { ...at(minute), previous: at(minute - 60_000) };
}

async function embed(request: NextRequest, kind: NonNullable<ReturnType<typeof embedKindOfPath>>): Promise<Response> {
  const now = currentTime();
  let params: ReturnType<typeof parseEmbedParams>;
  try {
    params = parseEmbedParams(kind, request.nextUrl.searchParams, now);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return staticDocument(request, 400, invalidEmbedHtml(error.message, error.param), 'any');
  }
  // The embed is a function of (data version, URL, minute of now): rendered once per key and
  // served from memory, and a conditional request is answered after reading only the version.
  // A settled pinned embed never changes: one entry for ever, its ETag the hash of its bytes.
  const cacheControl = embedCacheControl(params, now);
  const parameters = requestParameters(request.nextUrl);
  if (cacheControl === IMMUTABLE) return cachedDocument(request, { key: `embed|pinned|${parameters}`, etag: null, cacheControl, framing: 'any', metric: 'embed' });
  return cachedDocument(request, { ...(await liveKey('embed', parameters)), cacheControl, framing: 'any', metric: 'embed' });
}

/** The pages served from memory. */
const CACHED_PAGE = /^\/(?:networks\/[^/]+|compare|flags|index|gpu-index|status|methodology|docs\/api)?$/;
/**
 * Pages are the same for every reader, so shared caches may keep them, but must ask again
 * each time: the answer is a 304 from the data version alone while nothing changed.
 */
export const PAGE_CACHE_CONTROL = 'public, no-cache';

/**
 * A page, rendered once per (data version, minute, URL) and served from memory. The whole query
 * string is the key, even on pages whose server code reads none: their client components read
 * it while rendering on the server too (the overview's league table sorts by `sort`).
 */
async function page(request: NextRequest): Promise<Response> {
  return cachedDocument(request, { ...(await liveKey('page', requestParameters(request.nextUrl))), cacheControl: PAGE_CACHE_CONTROL, framing: 'none', metric: 'page' });
}

const DOCUMENT_VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding';

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const internal = request.headers.get(INTERNAL_RENDER);
  if (internal !== null && internal === internalToken()) return NextResponse.next();

  const segment = malformedSegment(pathname);
  if (segment !== null) return malformedPath(request, segment);
  if (pathname.length > 1 && pathname.endsWith('/')) {
    // One URL per page: /compare/ is /compare (Next's own redirect, which would carry no headers).
    const target = request.nextUrl.clone();
    target.pathname = pathname.replace(/\/+$/, '') || '/';
    return withHeaders(NextResponse.redirect(target, 308), isApi(pathname) ? apiHeaders() : scriptlessHeaders());
  }

  if (isApi(pathname)) {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...apiHeaders(), ...PREFLIGHT_HEADERS } });
    // A read already answered this minute is served from memory here, without routing to its handler.
    const kept = request.method === 'GET' ? await keptApiAnswer(request) : null;
    if (kept) return withHeaders(kept, apiHeaders());
    return withHeaders(NextResponse.next(), apiHeaders());
  }

  // Pages and embeds are read, never written: no server actions, no forms posting here.
  if (request.method === 'OPTIONS') return withHeaders(new Response(null, { status: 204, headers: { allow: 'GET, HEAD, OPTIONS' } }), scriptlessHeaders());
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return staticDocument(request, 405, plainErrorHtml('Method not allowed', `${request.method} is not served here: pages are read with GET.`), 'none', { allow: 'GET, HEAD, OPTIONS' });
  }

  const kind = embedKindOfPath(pathname);
  if (kind) return isDocumentRequest(request) ? embed(request, kind) : pageWithNonce(request, 'any');
  const framing: Framing = pathname.startsWith('/embed/') ? 'any' : 'none';

  if (isDocumentRequest(request) && pageParamError(pathname, searchParams)) {
    // The page renders its own error panel for the same URL; answered with status 400.
    const inner = await renderHere(request);
    if (inner) return relay(request, inner, inner.status === 200 ? 400 : inner.status, framing, {});
  }
  if (isDocumentRequest(request) && CACHED_PAGE.test(pathname)) return page(request);
  return pageWithNonce(request, framing);
}

export const config = {
  // The build's hashed static files carry their headers from next.config.js.
  matcher: '/((?!_next/static/).*)',
};
