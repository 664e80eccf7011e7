/**
 * Which pages read which parameters, for the proxy: a page URL with an invalid value of a
 * parameter the page knows is answered 400 (with the page's own error panel), never 200. Names
 * a page does not know are ignored, and pages without parameters (/, /status, /methodology,
 * /docs/api) take any query string.
 */
import { parseCompareParams } from './compare/search-params';
import { parseFlagsParams } from './flags/search-params';
import { parseIndexPageParams } from './gpu-index/search-params';
import { parseNetworkParams } from './networks/[slug]/search-params';
import { InvalidParameterError } from '@/lib/view-state';

const PAGE_PARSERS: readonly { path: RegExp; parse: (params: URLSearchParams) => unknown }[] = [
  { path: /^\/networks\/[^/]+\/?$/, parse: parseNetworkParams },
  { path: /^\/compare\/?$/, parse: parseCompareParams },
  { path: /^\/flags\/?$/, parse: parseFlagsParams },
  { path: /^\/(?:index|gpu-index)\/?$/, parse: parseIndexPageParams },
];

/** The first invalid parameter of a page URL, or null when the page would draw it. */
export function pageParamError(pathname: string, params: URLSearchParams): InvalidParameterError | null {
  const page = PAGE_PARSERS.find((p) => p.path.test(pathname));
  if (!page) return null;
  try {
    page.parse(params);
    return null;
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
}
