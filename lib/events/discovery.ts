/**
 * Feed discovery: the `<link rel="alternate" type="application/atom+xml">` links a page
 * carries. Every page has the global feed (the layout's metadata); a network page adds its own.
 * A page that sets its own `alternates` (oEmbed) replaces the layout's, so it merges these in.
 */
import type { Metadata } from 'next';
import { GLOBAL_FEED, networkFeed } from './atom';

export const ATOM_TYPE = 'application/atom+xml';

type Alternates = NonNullable<Metadata['alternates']>;
type AlternateLink = { url: string; title?: string };

export function feedLinks(origin: string, network?: { slug: string; name: string }): AlternateLink[] {
  const links: AlternateLink[] = [{ url: `${origin}${GLOBAL_FEED.path}`, title: GLOBAL_FEED.title }];
  if (network) {
    const feed = networkFeed(network.slug, network.name);
    links.push({ url: `${origin}${feed.path}`, title: feed.title });
  }
  return links;
}

/** `alternates` with the feed links added beside whatever types it already has. */
export function withFeedAlternates(origin: string, alternates: Alternates = {}, network?: { slug: string; name: string }): Alternates {
  return { ...alternates, types: { ...(alternates.types ?? {}), [ATOM_TYPE]: feedLinks(origin, network) } };
}
