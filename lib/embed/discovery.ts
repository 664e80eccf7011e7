/**
 * oEmbed discovery: the `<link rel="alternate" type="application/json+oembed">` a dashboard
 * page carries, so a pasted URL of it unfurls into its chart wherever oEmbed is understood.
 */
import type { Metadata } from 'next';
import { searchParamsRecord } from '../view-state';

export const OEMBED_JSON_TYPE = 'application/json+oembed';

type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The page's own absolute URL, as the visitor reached it. */
export function pageUrl(origin: string, pathname: string, searchParams: SearchParamsInput): string {
  const query = new URLSearchParams(searchParamsRecord(searchParams)).toString();
  return `${origin}${pathname}${query ? `?${query}` : ''}`;
}

/** The discovery link of a page URL: our oEmbed endpoint asked about that very URL. */
export function oembedDiscoveryUrl(origin: string, url: string): string {
  return `${origin}/api/oembed?${new URLSearchParams({ url, format: 'json' }).toString()}`;
}

export function oembedAlternates(origin: string, url: string, title: string): NonNullable<Metadata['alternates']> {
  return { types: { [OEMBED_JSON_TYPE]: [{ url: oembedDiscoveryUrl(origin, url), title }] } };
}

/**
 * Origin from the request's Host header (and X-Forwarded-Proto behind a TLS proxy). A forged
 * header can only change the links in its own, uncached response (pages are no-store).
 */
export function originFromHeaders(headers: { get(name: string): string | null }): string {
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || 'localhost:3000';
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return /^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i.test(host) ? `${proto}://${host.toLowerCase()}` : 'http://localhost:3000';
}
