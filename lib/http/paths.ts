/**
 * Paths as they arrive: a segment whose percent-encoding does not decode (`%zz`, a lone `%`,
 * the overlong `%C0%AF`) is a client's mistake, answered 400 before any route sees it: Next.js
 * would otherwise throw URIError while matching and answer a bare 500.
 */
import { escapeHtml } from './escape-html';
export function malformedSegment(pathname: string): string | null {
  for (const segment of pathname.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/** A small self-contained HTML error page (no script), for answers given before any page renders. */
export function plainErrorHtml(title: string, message: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Rentable</title>
<style>:root{color-scheme:light dark}body{margin:0;font:16px/1.5 ui-sans-serif,system-ui,sans-serif}main{max-width:720px;margin:40px auto;padding:16px 20px;border:1px solid #b3261e;border-radius:8px}</style></head>
<body><main role="alert"><h1 style="font-size:1.3rem;margin-top:0">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Rentable overview</a></p></main></body></html>`;
}
