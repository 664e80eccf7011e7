/**
 * The HTML another site pastes to embed a chart: an iframe plus a few bytes of inline script
 * that sets the iframe's height from the message the embed posts (no external script to load
 * or trust). The embed side of the protocol is `heightMessage`; the host side is the script.
 */
import { z } from 'zod';
import { escapeHtml } from '../http/escape-html';

export const EMBED_HEIGHT_MESSAGE = 'rentable:embed-height';
/**
 * What an embed measures around its plot, title to source line: one-line title and window,
 * the data-table toggle, a legend of at most two lines (it scrolls past them), the one-line gap
 * note and the one-line source with its links. Measured in Chromium without the gap note: 183 px
 * at 640 px wide, 203 px at 360 px, where the source line wraps; the note adds a line or two.
 * e2e/embed.spec.ts checks that an embed fits the height it states.
 */
export const EMBED_CHROME_HEIGHT = 244;
/** Never grow a host's iframe past this, whatever a message says. */
export const MAX_EMBED_HEIGHT = 4_000;

export interface EmbedHeightMessage {
  type: typeof EMBED_HEIGHT_MESSAGE;
  height: number;
}

const heightMessageSchema = z.object({ type: z.literal(EMBED_HEIGHT_MESSAGE), height: z.number().finite().positive() });

export function heightMessage(height: number): EmbedHeightMessage {
  return { type: EMBED_HEIGHT_MESSAGE, height: Math.ceil(height) };
}

/** The height in a message from an embed, clamped, or null for any other message. */
export function readHeightMessage(data: unknown): number | null {
  const parsed = heightMessageSchema.safeParse(data);
  return parsed.success ? Math.min(Math.ceil(parsed.data.height), MAX_EMBED_HEIGHT) : null;
}

/** A string literal safe inside an inline <script> (no `</script>` can close it early). */
const scriptString = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The snippet. The script only listens to messages from the embed's own origin and only
 * resizes the iframe that sent them, so several embeds on one page each get their own height.
 * A host that asked for a maximum height (oEmbed's maxheight) gets it as the iframe's
 * `data-max-height`: the script never grows the iframe past it. The width is a style (an
 * iframe's width attribute must be a whole number of pixels, so "100%" is invalid there).
 */
export function embedSnippet(options: { src: string; title: string; height: number; width?: number; maxHeight?: number }): string {
  const origin = new URL(options.src).origin;
  const maxWidth = options.width ? `max-width:${Math.round(options.width)}px;` : '';
  const maxHeight = Math.min(Math.round(options.maxHeight ?? MAX_EMBED_HEIGHT), MAX_EMBED_HEIGHT);
  const iframe =
    `<iframe src="${escapeHtml(options.src)}" title="${escapeHtml(options.title)}" height="${Math.round(Math.min(options.height, maxHeight))}" ` +
    `style="border:0;width:100%;${maxWidth}" loading="lazy" data-rentable-embed data-max-height="${maxHeight}"></iframe>`;
  const script =
    `<script>addEventListener("message",function(e){var d=e.data;if(e.origin!==${scriptString(origin)}||!d||d.type!==${scriptString(EMBED_HEIGHT_MESSAGE)}||!(d.height>0))return;` +
    `document.querySelectorAll("iframe[data-rentable-embed]").forEach(function(f){if(f.contentWindow===e.source)f.style.height=Math.min(Math.ceil(d.height),+f.dataset.maxHeight||${MAX_EMBED_HEIGHT})+"px"})})</script>`;
  return `${iframe}\n${script}`;
}
