/**
 * HTTP caching for the embed pages (/embed/*), which Next.js renders as dynamic pages: those
 * get `Cache-Control: private, no-store` and no ETag from Next itself, and a page cannot set
 * its own response headers. So for a document request this proxy
 *   1. validates the URL (an invalid one gets a 400 page naming the parameter, no rendering),
 *   2. fetches the page from this same server, marked as an internal render,
 *   3. answers with the rendered bytes, an ETag of them (304 when If-None-Match has it) and a
 *      Cache-Control matched to the scrape interval, or immutable for a settled pinned embed.
 * The ETag is of the real bytes: the embed renders the same bytes for the same data within a
 * minute (its "now" is rounded to the minute; no timestamps of its own), checked by e2e.
 * The internal request, non-GET requests and browser fetches that are not navigations (RSC)
 * pass straight to Next.js.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { EMBED_SECURITY_HEADERS, embedCacheControl, etagMatches, etagOf, invalidEmbedHtml } from '@/lib/embed/http';
import { embedKindOfPath, parseEmbedParams } from '@/lib/embed/params';
import { InvalidParameterError } from '@/lib/view-state';
import { currentTime } from '@/lib/clock';

const INTERNAL_RENDER = 'x-rentable-embed-render';

/** This server itself: Next.js sets PORT when it starts listening. */
function internalUrl(request: NextRequest): URL {
  const port = process.env.PORT ?? request.nextUrl.port;
  return new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, `http://127.0.0.1:${port}`);
}

let warnedUnreachable = false;

export async function proxy(request: NextRequest) {
  if (request.headers.has(INTERNAL_RENDER)) return NextResponse.next();
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();
  // Only documents are cached here. Next hides its RSC headers from the proxy, so a client-router
  // fetch (an embed has no navigation, but Next could still ask) is told apart the browser's way:
  // it is not a navigation. Clients that send no Sec-Fetch-Mode (curl, caches) get the document.
  const mode = request.headers.get('sec-fetch-mode');
  if (mode !== null && mode !== 'navigate') return NextResponse.next();
  const kind = embedKindOfPath(request.nextUrl.pathname);
  if (!kind) return NextResponse.next();

  const now = currentTime();
  let params: ReturnType<typeof parseEmbedParams>;
  try {
    params = parseEmbedParams(kind, request.nextUrl.searchParams, now);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return new Response(request.method === 'HEAD' ? null : invalidEmbedHtml(error.message, error.param), {
      status: 400,
      headers: { ...EMBED_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  let inner: Response;
  try {
    inner = await fetch(internalUrl(request), { headers: { [INTERNAL_RENDER]: '1', accept: 'text/html' }, cache: 'no-store', redirect: 'manual' });
  } catch (error) {
    // Bound to an address 127.0.0.1 does not reach: serve the page uncached rather than fail.
    if (!warnedUnreachable) console.warn(`[embed] cannot reach this server at ${internalUrl(request).origin} (${(error as Error).message}); embeds are served without ETag or caching`);
    warnedUnreachable = true;
    return NextResponse.next();
  }
  const body = await inner.text();
  const headers: Record<string, string> = {
    ...EMBED_SECURITY_HEADERS,
    'content-type': inner.headers.get('content-type') ?? 'text/html; charset=utf-8',
    // The same URL serves RSC payloads to the client router: caches must tell them apart.
    vary: inner.headers.get('vary') ?? 'rsc, next-router-state-tree, next-router-prefetch, Accept-Encoding',
  };
  if (inner.status !== 200) {
    return new Response(request.method === 'HEAD' ? null : body, { status: inner.status, headers: { ...headers, 'cache-control': 'no-store' } });
  }
  const etag = etagOf(body);
  const cached = { ...headers, etag, 'cache-control': embedCacheControl(params, now) };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: cached });
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: cached });
}

export const config = { matcher: '/embed/:path*' };
