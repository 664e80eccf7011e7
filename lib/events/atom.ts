/**
 * Atom 1.0 (RFC 4287) feeds of events. Every URL and id starts from the configured public
 * origin (lib/public-origin.ts), never a request's headers, so a cached feed is the same for
 * everyone. Entry ids are tag: URIs of the event id (RFC 4151), stable across restarts and
 * rebuilds; each entry links to its evidence (the scrape run's provenance, with its raw
 * snapshot) and to the page that charts it.
 */
import type { EventRow } from '../queries/events';
import { evidenceUrl, eventPageUrl } from './event-json';
import { EVENT_KIND_LABELS, type EventKind } from './kinds';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
/** The year in every tag: URI we mint; fixed, so ids never change with the date. */
const TAG_YEAR = '2026';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 forbids would make the whole feed unreadable.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** The tag: authority: the public origin's host name (a port is not part of a tag authority). */
export function tagAuthority(origin: string): string {
  return new URL(origin).hostname;
}

export function eventTagUri(origin: string, eventId: string): string {
  return `tag:${tagAuthority(origin)},${TAG_YEAR}:event:${eventId}`;
}

export interface FeedDescription {
  /** Path on the public origin, e.g. `/feeds/events.atom`. */
  path: string;
  /** Stable part of the feed's tag: URI, e.g. `feed:events` or `feed:network:ionet`. */
  tag: string;
  title: string;
  subtitle: string;
  /** The HTML page the feed is about. */
  pagePath: string;
}

export const GLOBAL_FEED: FeedDescription = {
  path: '/feeds/events.atom',
  tag: 'feed:events',
  title: 'Rentable events',
  subtitle: 'Flags raised and cleared, claim jumps, rentable supply at zero, sources failing, GPU models appearing and vanishing, on every network we scrape.',
  pagePath: '/',
};

export function networkFeed(slug: string, name: string): FeedDescription {
  return {
    path: `/feeds/networks/${slug}.atom`,
    tag: `feed:network:${slug}`,
    title: `Rentable events: ${name}`,
    subtitle: `Flags, claim jumps, rentable supply, source failures and GPU models of ${name}.`,
    pagePath: `/networks/${slug}`,
  };
}

function entryXml(origin: string, event: EventRow): string {
  const at = event.occurredAt.toISOString();
  const kind = event.kind as EventKind;
  const evidence = evidenceUrl(origin, event.runId);
  const links = [
    evidence ? `<link rel="alternate" type="application/json" title="Evidence: scrape run ${event.runId}" href="${escapeXml(evidence)}"/>` : null,
    `<link rel="${evidence ? 'related' : 'alternate'}" type="text/html" href="${escapeXml(eventPageUrl(origin, event.networkSlug))}"/>`,
  ].filter((l): l is string => l !== null);
  return [
    '  <entry>',
    `    <id>${escapeXml(eventTagUri(origin, event.id))}</id>`,
    `    <title>${escapeXml(event.title)}</title>`,
    `    <published>${at}</published>`,
    `    <updated>${at}</updated>`,
    ...links.map((l) => `    ${l}`),
    `    <category term="${escapeXml(kind)}" label="${escapeXml(EVENT_KIND_LABELS[kind] ?? kind)}"/>`,
    event.networkSlug ? `    <category term="network:${escapeXml(event.networkSlug)}"/>` : null,
    `    <summary type="text">${escapeXml(event.summary)}</summary>`,
    '  </entry>',
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

/**
 * The feed document. `updated` is the newest entry's time, or (no entries yet) how far
 * detection has run, so it changes only when the feed does.
 */
export function atomFeed(origin: string, feed: FeedDescription, entries: readonly EventRow[], detectedThrough: Date | null): string {
  const newest = entries.reduce<Date | null>((max, e) => (max === null || e.occurredAt > max ? e.occurredAt : max), null);
  const updated = (newest ?? detectedThrough ?? new Date(0)).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(`tag:${tagAuthority(origin)},${TAG_YEAR}:${feed.tag}`)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(origin + feed.path)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(origin + feed.pagePath)}"/>`,
    `  <author><name>Rentable</name><uri>${escapeXml(origin)}</uri></author>`,
    '  <generator>Rentable</generator>',
    '  <rights>CC BY 4.0</rights>',
    ...entries.map((e) => entryXml(origin, e)),
    '</feed>',
    '',
  ].join('\n');
}
