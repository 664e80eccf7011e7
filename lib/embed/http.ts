/**
 * HTTP of the embed pages: how long they may be cached, their ETag, and the page an invalid
 * embed URL gets (their security headers: lib/http/security-headers.ts). Pure, except for
 * reading the scrape interval.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../http/escape-html';
import { cacheControl } from '../api/route';
import { EMBED_HEIGHT_MESSAGE } from './snippet';
import type { EmbedParams } from './params';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * A pinned view is final once every run that could belong to it is stored: a scrape that
 * started before `at` may still be writing for a few seconds after it. Until then a pinned
 * embed is revalidated like any other.
 */
export const PIN_SETTLE_MS = 2 * 60_000;

export function isSettled(at: Date, now: Date): boolean {
  return now.getTime() - at.getTime() >= PIN_SETTLE_MS;
}

/**
 * Pinned and settled: cacheable for ever. Pinned but recent: stored, revalidated by ETag on
 * every use. Live: as long as the figures last, i.e. matched to the scrape interval.
 */
export function embedCacheControl(params: Pick<EmbedParams, 'at'>, now: Date): string {
  if (params.at) return isSettled(params.at, now) ? IMMUTABLE : 'public, no-cache';
  return cacheControl();
}

/** A weak validator of the bytes sent (weak: a compressing proxy may change them). */
export function etagOf(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** True when If-None-Match names this ETag (or `*`). Weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * The 400 page of an embed URL with a bad parameter: small, self-contained, and it reports its
 * height like a real embed, so the error shows in full in an auto-height frame.
 */
export function invalidEmbedHtml(message: string, param: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Invalid embed · Rentable</title>
<style>:root{color-scheme:light dark}body{margin:0;font:15px/1.5 ui-sans-serif,system-ui,sans-serif}main{margin:8px 12px;padding:12px 14px;border:1px solid #b3261e;border-radius:8px}code{word-break:break-word}</style></head>
<body><main role="alert" data-testid="embed-error" data-param="${escapeHtml(param)}"><strong>This embed has an invalid parameter.</strong><br><code>${escapeHtml(message)}</code><br><a href="/" target="_blank" rel="noopener">Rentable</a></main>
<script>if(parent!==window)parent.postMessage({type:"${EMBED_HEIGHT_MESSAGE}",height:Math.ceil(document.documentElement.getBoundingClientRect().height)},"*")</script></body></html>`;
}
