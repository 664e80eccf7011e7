/**
 * Pages are rendered once per (data version, minute, URL) and served from memory (proxy.ts):
 * the same bytes for every reader within a minute, an ETag of the data version that a
 * conditional request gets a 304 for, every inline script allowed by its hash (a cached page
 * cannot carry a per-response nonce), and no page served for another's query string.
 */
import { createHash } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';

const NAVIGATE = { 'sec-fetch-mode': 'navigate' };

/** Two answers for a page within one minute: the second conditional on the first's ETag. */
async function twiceWithinAMinute(request: APIRequestContext, path: string) {
  for (let attempt = 0; ; attempt++) {
    const first = await request.get(path, { headers: NAVIGATE });
    const etag = first.headers()['etag'] ?? '';
    const plain = await request.get(path, { headers: NAVIGATE });
    const conditional = await request.get(path, { headers: { ...NAVIGATE, 'if-none-match': etag } });
    // Across a minute boundary (or a scrape pass committing) the key moves on: ask again.
    if ((plain.headers()['etag'] === etag && conditional.status() === 304) || attempt === 3) return { first, plain, conditional, etag };
  }
}

function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes ?? ''))
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body ?? '', 'utf8').digest('base64')}'`);
}

for (const path of ['/', '/compare?model=h100-sxm-80gb&range=7d', '/flags', '/status', '/methodology', '/networks/akash?model=h100-sxm-80gb']) {
  test(`${path} is served from memory: same bytes, an ETag of the data version, 304, scripts by hash`, async ({ request }) => {
    const { first, plain, conditional, etag } = await twiceWithinAMinute(request, path);
    expect(first.status()).toBe(200);
    expect(first.headers()['cache-control']).toBe('public, no-cache');
    expect(etag).toMatch(/^W\/"v\d+\..+-.+"$/);
    const html = await first.text();
    expect(await plain.text()).toBe(html);
    expect(conditional.status()).toBe(304);
    expect(conditional.headers()['etag']).toBe(etag);
    expect(await conditional.body()).toHaveLength(0);
    const scriptSrc = (first.headers()['content-security-policy'] ?? '').split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toContain('nonce-');
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const hashes = inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(scriptSrc).toContain(hash);
  });
}

test('every query string is its own entry: the overview sorted by a column is not the overview', async ({ page, request }) => {
  // Client components read the query while rendering on the server too: a sorted league table
  // served for the plain URL would not match what the browser renders (a hydration error).
  await page.goto('/?sort=claimed&dir=asc');
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Largest claim');
  await page.goto('/');
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveCount(0);
  const sorted = await request.get('/?sort=claimed&dir=asc', { headers: NAVIGATE });
  const plain = await request.get('/', { headers: NAVIGATE });
  expect(sorted.headers()['etag']).not.toBe(plain.headers()['etag']);
  const week = await request.get('/flags?range=7d', { headers: NAVIGATE });
  const month = await request.get('/flags?range=30d', { headers: NAVIGATE });
  expect(week.headers()['etag']).not.toBe(month.headers()['etag']);
  expect(await week.text()).not.toBe(await month.text());
});

test('a cached page still runs its scripts: the client router navigates without reloading', async ({ page }) => {
  await page.goto('/methodology');
  await page.goto('/');
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Methodology' }).click();
  await expect(page).toHaveURL(/\/methodology$/);
  // A full load would have dropped the marker: the page hydrated and its router took the click.
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test('/metrics counts pages served from memory', async ({ request }) => {
  await twiceWithinAMinute(request, '/methodology');
  const text = await (await request.get('/metrics')).text();
  const hits = /rentable_cache_requests_total\{cache="page-answers",result="hit"\} (\d+)/.exec(text);
  expect(Number(hits?.[1] ?? 0)).toBeGreaterThan(0);
});

test('a page’s redirect to its canonical URL is kept, and names the configured origin whatever Host was sent', async ({ request, baseURL }) => {
  for (const headers of [NAVIGATE, { ...NAVIGATE, host: 'attacker.example' }, NAVIGATE]) {
    const response = await request.get('/compare?range=7d', { headers, maxRedirects: 0 });
    expect(response.status()).toBe(307);
    const location = response.headers()['location'] ?? '';
    // Next makes a Location on this server's origin relative; either way, never the Host sent.
    expect(new URL(location, baseURL).href).toBe(`${baseURL}/compare?range=7d&model=h100-sxm-80gb`);
    expect(location).not.toContain('attacker.example');
  }
});

test('a read already answered this minute comes from memory as the same answer, with every header the API sends', async ({ request }) => {
  const path = '/api/v1/supply?network=akash&range=7d';
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await request.get(path);
    const again = await request.get(path);
    if (again.headers()['etag'] !== first.headers()['etag']) continue; // the minute turned
    expect(again.status()).toBe(200);
    expect(await again.text()).toBe(await first.text());
    for (const name of ['content-type', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers', 'content-security-policy', 'x-content-type-options', 'x-frame-options']) {
      expect(again.headers()[name], name).toBe(first.headers()[name]);
    }
    // Next adds its router's request headers to a routed answer's Vary; JSON varies by encoding alone.
    expect(again.headers()['vary']).toMatch(/accept-encoding/i);
    const conditional = await request.get(path, { headers: { 'if-none-match': first.headers()['etag'] ?? '' } });
    expect(conditional.status()).toBe(304);
    expect(conditional.headers()['access-control-allow-origin']).toBe('*');
    return;
  }
  throw new Error('the minute turned between every pair of requests');
});
