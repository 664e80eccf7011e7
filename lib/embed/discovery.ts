/**
 * oEmbed discovery: the `<link rel="alternate" type="application/json+oembed">` a dashboard
 * page carries, so a pasted URL of it unfurls into its chart wherever oEmbed is understood.
 */
import type { Metadata } from 'next';
import { InvalidParameterError, searchParamsRecord } from '../view-state';

export const OEMBED_JSON_TYPE = 'application/json+oembed';

type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The page's absolute URL on our public origin (lib/public-origin.ts), with only the names it reads. */
export function pageUrl(origin: string, pathname: string, searchParams: SearchParamsInput, keys: readonly string[]): string {
  let query = '';
  try {
    query = new URLSearchParams(searchParamsRecord(searchParams, keys)).toString();
  } catch (error) {
    // A repeated parameter: the page itself answers 400; its metadata must not fail first.
    if (!(error instanceof InvalidParameterError)) throw error;
  }
  return `${origin}${pathname}${query ? `?${query}` : ''}`;
}

/** The discovery link of a page URL: our oEmbed endpoint asked about that very URL. */
export function oembedDiscoveryUrl(origin: string, url: string): string {
  return `${origin}/api/oembed?${new URLSearchParams({ url, format: 'json' }).toString()}`;
}

export function oembedAlternates(origin: string, url: string, title: string): NonNullable<Metadata['alternates']> {
  return { types: { [OEMBED_JSON_TYPE]: [{ url: oembedDiscoveryUrl(origin, url), title }] } };
}
