/**
 * The security headers of every response this server writes, in one place: pages, embeds, the
 * API, and every error (400, 404, 500) among them. proxy.ts sets them; static build files get
 * theirs from next.config.js.
 *
 * Scripts run only when we wrote them: a page gets a fresh nonce per request (Next.js puts it
 * on each of its own scripts), an embed, whose bytes must stay the same for its ETag, lists the
 * sha256 of each inline script it carries. Neither allows 'unsafe-inline' for scripts. Styles
 * keep 'unsafe-inline': recharts and React write style attributes, which only it allows.
 */
import { createHash, randomBytes } from 'node:crypto';

export type Framing = 'none' | 'any';

/** Features no page of ours uses, switched off for us and for anything we frame. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/** A nonce for one response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** The CSP hash sources of the inline scripts of an HTML document (scripts with src are 'self'). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = '', body = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/** Next.js in development evaluates its own code with eval (React's call stacks); never in production. */
const devEval = () => (process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : '');

/**
 * The Content-Security-Policy of an HTML document. `scripts` are its script sources beyond
 * 'self': a nonce ('nonce-…', with 'strict-dynamic' so the scripts it loads run too) or the
 * hashes of its inline scripts.
 */
export function documentPolicy(options: { scripts: { nonce: string } | { hashes: readonly string[] }; framing: Framing }): string {
  const scripts = 'nonce' in options.scripts ? `'nonce-${options.scripts.nonce}' 'strict-dynamic'` : options.scripts.hashes.join(' ');
  return [
    "default-src 'self'",
    `script-src 'self'${scripts ? ` ${scripts}` : ''}${devEval()}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The embed dialog previews an embed of ours in a frame.
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${options.framing === 'any' ? '*' : "'none'"}`,
  ].join('; ');
}

/** JSON, CSV and zip answers run nothing and are framed by nobody. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': PERMISSIONS_POLICY,
} as const;

/** Headers of an HTML document: a page (never framed) or an embed (framed by any site). */
export function documentHeaders(policy: string, framing: Framing): Record<string, string> {
  return { ...COMMON, 'content-security-policy': policy, ...(framing === 'none' ? { 'x-frame-options': 'DENY' } : {}) };
}

/** Headers of an API answer. */
export function apiHeaders(): Record<string, string> {
  return { ...COMMON, 'content-security-policy': API_POLICY, 'x-frame-options': 'DENY' };
}
