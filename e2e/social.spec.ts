/**
 * Every shareable view has its own social preview: the og:image meta is there, absolute, on
 * this host, and the URL answers with a PNG of 1200×630 (read from the IHDR chunk) drawn from
 * the database.
 */
import { test, expect } from './fixtures';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk, which must come first, right after the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const VIEWS = [
  { path: '/', image: /\/opengraph-image(\?|$)/ },
  { path: '/networks/ionet', image: /\/networks\/ionet\/opengraph-image(\?|$)/ },
  { path: '/compare', image: /\/compare\/opengraph-image(\?|$)/ },
] as const;

for (const view of VIEWS) {
  test(`${view.path} has its own 1200×630 PNG social preview`, async ({ page, baseURL }) => {
    await page.goto(view.path);
    const content = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(content).toBeTruthy();
    const url = new URL(content ?? '');
    // Absolute, on the host the page was asked from: a shared link must preview from anywhere.
    expect(url.origin).toBe(new URL(baseURL ?? '').origin);
    expect(url.pathname + url.search).toMatch(view.image);
    await expect(page.locator('meta[property="og:image:width"]')).toHaveAttribute('content', '1200');
    await expect(page.locator('meta[property="og:image:height"]')).toHaveAttribute('content', '630');
    await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', /Rentable/);
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');

    const response = await page.request.get(url.toString());
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
    const bytes = await response.body();
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    // Drawn with figures, not a blank card.
    expect(bytes.length).toBeGreaterThan(20_000);
  });
}

test('an unknown network has no preview image', async ({ page }) => {
  const response = await page.request.get('/networks/nowhere/opengraph-image');
  expect(response.status()).toBe(404);
});
