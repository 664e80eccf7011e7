/**
 * Embeds as another site sees them: a plain HTML page on another origin pastes the snippet,
 * the chart renders in the frame and the frame takes the height the embed posts. Plus the
 * headers that make it safe and cacheable: embeds may be framed, nothing else may; pinned
 * embeds are immutable; ETags revalidate; a bad parameter is a 400 naming it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, FrameLocator, Page } from '@playwright/test';
import { embedSnippet } from '../lib/embed/snippet';
import { test, expect } from './fixtures';
import { currentTime, currentTimeMs } from '../lib/clock';

/** The chart an embed draws on the server (lib/charts/svg-chart.ts). */
const chartSurface = 'svg[data-chart]';

/** A plain page on its own origin (another port is another origin) with the snippets pasted in. */
async function hostPage(snippets: (string | { html: string; background: string })[]): Promise<{ url: string; close: () => Promise<void> }> {
  const holders = snippets.map((s) => (typeof s === 'string' ? `<div class="holder">${s}</div>` : `<div class="holder" style="background:${s.background};padding:8px">${s.html}</div>`));
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A blog post</title></head>
<body style="margin:0;font-family:sans-serif;background:#fafafa"><article style="max-width:760px;margin:0 auto;padding:16px"><h1>Someone else's page</h1>
<p>Here is a chart from Rentable:</p>${holders.join('\n')}<p>The end.</p></article></body></html>`;
  const server = http.createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const EMBEDS = [
  '/embed/supply?network=akash',
  '/embed/supply?network=ionet&status=claimed,free,rentable',
  '/embed/prices?model=h100-sxm-80gb',
  '/embed/index?model=h100-sxm-80gb',
];

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('every embed shows its chart: the SVG with a path per series, the legend, the source line', async ({ page }) => {
    for (const path of EMBEDS) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const chart = page.locator(chartSurface);
      await expect(chart, path).toBeVisible();
      await expect(chart, path).toHaveAttribute('role', 'img');
      const paths = chart.locator('path.series');
      const drawn = await paths.evaluateAll((elements) => elements.filter((e) => /^M[\d.]+,[\d.]+/.test(e.getAttribute('d') ?? '')).length);
      expect(drawn, `${path}: series drawn`).toBeGreaterThan(0);
      const legend = page.locator('ul.legend li');
      await expect(legend.first(), path).toBeVisible();
      expect(await legend.count(), `${path}: a legend entry per series`).toBe(await paths.count());
      // The accessible name and the text summary are in the SVG itself.
      expect(await chart.locator('title').textContent(), path).toBe(await page.getByRole('heading', { level: 1 }).textContent());
      await expect(chart.locator('desc'), path).toContainText(/^Line chart of \d+ series/);
      await expect(page.getByTestId('embed-source'), path).toContainText(/^Source: Rentable/);
      await expect(page.locator('.chart-gap-note'), path).toContainText('never a zero');
    }
    // io.net's free GPUs dwarf its rentable ones: the scale turns logarithmic by itself, and says so.
    await page.goto(EMBEDS[1]!);
    await expect(page.locator(chartSurface)).toHaveAttribute('data-scale', 'log');
    await expect(page.locator(`${chartSurface} text.scale-note`)).toHaveText(/^Log scale: largest series [\d,]+× the smallest/);
    // An explicit linear scale is kept.
    await page.goto(`${EMBEDS[1]!}&scale=linear`);
    await expect(page.locator(chartSurface)).toHaveAttribute('data-scale', 'linear');
  });
});

test('hovering the chart shows a tooltip of the bucket; the keyboard moves it; a click opens the point’s scrape run', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 800 });
  await page.goto('/embed/supply?network=akash');
  const chart = page.locator(chartSurface);
  const tooltip = page.locator('.chart-tooltip');
  await expect(tooltip).toBeHidden();
  // The newest bucket with a drawn value, where the data table says it is.
  const point = await page.locator('table[data-testid="chart-data-table"] tbody tr').evaluateAll((rows) => {
    for (const row of rows) {
      const cell = row.querySelector<HTMLElement>('td[data-y]');
      if (cell) return { x: Number((row as HTMLElement).dataset.x), y: Number(cell.dataset.y), at: (row as HTMLElement).dataset.at ?? '' };
    }
    return null;
  });
  expect(point).not.toBeNull();
  const box = (await chart.boundingBox())!;
  await chart.hover({ position: { x: (box.width * point!.x) / 100, y: point!.y } });
  await expect(tooltip).toBeVisible();
  await expect(tooltip.locator('.tip-time')).toHaveText(new RegExp(`^${point!.at.slice(0, 16).replace('T', ' ')} UTC`));
  await expect(tooltip).toContainText(/GPUs · snapshot \d{4}-\d{2}-\d{2}/);
  await expect(chart.locator('g.hover circle').first()).toBeAttached();
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();

  // By keyboard: focus shows the newest bucket, the left arrow steps back one.
  await chart.focus();
  await expect(tooltip).toBeVisible();
  const newest = await tooltip.locator('.tip-time').textContent();
  await page.keyboard.press('ArrowLeft');
  await expect(tooltip.locator('.tip-time')).not.toHaveText(newest ?? '');
  await page.keyboard.press('End');
  await expect(tooltip.locator('.tip-time')).toHaveText(newest ?? '');

  await chart.click({ position: { x: (box.width * point!.x) / 100, y: point!.y } });
  const dialog = page.getByTestId('provenance');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('provenance-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

/** The embed's own measure of itself, from inside the frame. */
const contentHeight = (frame: FrameLocator) =>
  frame.locator('[data-testid="embed"]').evaluate((element) => Math.ceil(element.getBoundingClientRect().bottom + window.scrollY));

async function iframeHeight(page: Page, index = 0): Promise<number> {
  return page.locator('iframe[data-rentable-embed]').nth(index).evaluate((element) => element.getBoundingClientRect().height);
}

test('the snippet on another site renders the chart and takes its height', async ({ page, baseURL }, testInfo) => {
  const src = `${baseURL}/embed/supply?network=akash`;
  // A deliberately wrong starting height: the posted one must replace it.
  const host = await hostPage([embedSnippet({ src, title: 'Akash supply', height: 120 })]);
  try {
    await page.goto(host.url);
    const frame = page.frameLocator('iframe[data-rentable-embed]');
    await expect(frame.locator(chartSurface)).toBeVisible();
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Akash Network: free and rentable GPUs per source');
    await expect(frame.locator('ul.legend li').first()).toBeVisible();
    // One source line; the APIs behind it are one click away.
    await expect(frame.getByTestId('embed-source')).toContainText(/^Source: Rentable, from \d+ public APIs?, data as of \d{4}-\d{2}-\d{2}/);
    await expect(frame.getByTestId('embed-sources').locator('li').first()).toBeHidden();
    await frame.getByText('Which APIs').click();
    await expect(frame.getByTestId('embed-sources').locator('li').first()).toContainText('Akash');
    await expect(frame.getByTestId('embed-link')).toHaveAttribute('href', /^\/networks\/akash(\?.*)?#free-rentable-heading$/);
    // No site header or footer in an embed.
    await expect(frame.locator('header.site')).toBeHidden();

    await expect.poll(() => iframeHeight(page), { message: 'iframe height set from the posted message' }).toBeGreaterThan(200);
    const measured = await contentHeight(frame);
    await expect.poll(() => iframeHeight(page)).toBeGreaterThanOrEqual(measured - 1);
    expect(Math.abs((await iframeHeight(page)) - measured)).toBeLessThanOrEqual(2);
    // Nothing to scroll inside the frame: it is exactly as tall as its content.
    const overflow = await frame.locator('html').evaluate((element) => element.scrollHeight - element.clientHeight);
    expect(overflow).toBeLessThanOrEqual(1);

    await page.screenshot({ path: testInfo.outputPath('embed.png'), fullPage: true });
  } finally {
    await host.close();
  }
});

test('several embeds on one page each get their own height; dark and transparent render', async ({ page, baseURL }, testInfo) => {
  const model = 'h100-sxm-80gb';
  const host = await hostPage([
    // A dark theme on a transparent background, over a dark part of the host page.
    { html: embedSnippet({ src: `${baseURL}/embed/prices?model=${model}&theme=dark&transparent=1`, title: 'Prices', height: 120 }), background: '#202430' },
    embedSnippet({ src: `${baseURL}/embed/supply?network=ionet&status=claimed&height=160&theme=light`, title: 'Claims', height: 120 }),
  ]);
  try {
    await page.goto(host.url);
    const dark = page.frameLocator('iframe[data-rentable-embed] >> nth=0');
    const light = page.frameLocator('iframe[data-rentable-embed] >> nth=1');
    await expect(dark.locator(chartSurface)).toBeVisible();
    await expect(light.locator(chartSurface)).toBeVisible();
    await expect(dark.getByRole('heading', { level: 1 })).toContainText('USD per H100');
    await expect(dark.locator('ul.legend li', { hasText: 'AWS on-demand' }).first()).toBeVisible();

    // Dark palette whatever the system prefers, and the host page shows through.
    const darkLook = await dark.locator('[data-testid="embed"]').evaluate((element) => ({
      text: getComputedStyle(element).color,
      page: getComputedStyle(document.documentElement).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
    }));
    expect(darkLook).toEqual({ text: 'rgb(232, 234, 239)', page: 'rgba(0, 0, 0, 0)', body: 'rgba(0, 0, 0, 0)' });
    const lightLook = await light.locator('[data-testid="embed"]').evaluate((element) => ({ text: getComputedStyle(element).color, body: getComputedStyle(document.body).backgroundColor }));
    expect(lightLook).toEqual({ text: 'rgb(22, 24, 29)', body: 'rgb(255, 255, 255)' });

    // Each frame is sized to its own content (a 160 px plot is shorter than the default 320).
    for (const [index, frame] of [dark, light].entries()) {
      const measured = await contentHeight(frame);
      await expect.poll(() => iframeHeight(page, index)).toBeGreaterThan(200);
      expect(Math.abs((await iframeHeight(page, index)) - measured), `frame ${index}`).toBeLessThanOrEqual(2);
    }
    expect(await iframeHeight(page, 1)).toBeLessThan(await iframeHeight(page, 0));
    // Both frames in the viewport: a full-page capture does not paint cross-origin frames below it.
    await page.setViewportSize({ width: 1100, height: 1500 });
    await page.screenshot({ path: testInfo.outputPath('embed-dark-transparent.png'), fullPage: true });
  } finally {
    await host.close();
  }
});

test('an embed fits a 360 px wide frame without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/embed/prices?model=h100-sxm-80gb&network=ionet');
  await expect(page.locator(chartSurface)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByTestId('embed-link')).toBeVisible();
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Map<string, string[]> {
  return new Map((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

test('embeds may be framed by any site; every other page refuses framing; scripts run only by nonce or hash', async ({ request }) => {
  for (const path of ['/', '/networks/akash?model=h100-sxm-80gb', '/compare?model=h100-sxm-80gb', '/methodology', '/networks/akash?model=h100-sxm-80gb&range=2w', '/no-such-page']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const csp = directives(response.headers()['content-security-policy']);
    expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
    expect(response.headers()['permissions-policy'], path).toContain('camera=()');
    const scripts = csp.get('script-src') ?? [];
    expect(scripts, path).not.toContain("'unsafe-inline'");
    // Every script the page carries is allowed by its nonce, or (a page rendered by the proxy) by its hash.
    const html = await response.text();
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
      if (nonce) expect(tag, path).toContain(`nonce="${nonce}"`);
      else expect(scripts.some((s) => s.startsWith("'sha256-")) || !/<script\b(?![^>]*\bsrc=)/.test(html), path).toBe(true);
    }
  }
  const api = await request.get('/api/oembed?url=x');
  expect(directives(api.headers()['content-security-policy']).get('default-src')).toEqual(["'none'"]);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  for (const path of ['/embed/supply?network=akash', '/embed/prices?model=h100-sxm-80gb', '/embed/supply?network=akash&theme=blue']) {
    const response = await request.get(path);
    const csp = directives(response.headers()['content-security-policy']);
    expect(csp.get('frame-ancestors'), path).toEqual(['*']);
    expect(response.headers()['x-frame-options'], path).toBeUndefined();
    expect(csp.get('script-src')?.some((s) => s.startsWith("'sha256-")), path).toBe(true);
    expect(csp.get('script-src'), path).not.toContain("'unsafe-inline'");
  }
});

async function getTwiceWithinAMinute(request: APIRequestContext, path: string) {
  // A live embed renders the same bytes within a minute; across a minute boundary, try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await request.get(path);
    const etag = first.headers()['etag'] ?? '';
    const again = await request.get(path, { headers: { 'if-none-match': etag } });
    if (again.status() === 304 || attempt === 2) return { first, again, etag };
  }
  throw new Error('unreachable');
}

test('live embeds: interval-matched caching, ETag and 304', async ({ request }) => {
  const { first, again, etag } = await getTwiceWithinAMinute(request, '/embed/supply?network=akash');
  expect(first.status()).toBe(200);
  expect(first.headers()['content-type']).toMatch(/^text\/html/);
  // SCRAPE_INTERVAL_MINUTES is 10 in the e2e server.
  expect(first.headers()['cache-control']).toBe('public, max-age=60, s-maxage=600, stale-while-revalidate=600');
  expect(etag).toMatch(/^W\/".+"$/);
  expect(again.status()).toBe(304);
  expect(again.headers()['etag']).toBe(etag);
  expect(await again.body()).toHaveLength(0);
});

test('pinned embeds are immutable and show only what was stored by their time', async ({ request, page }) => {
  // Settled (older than any run still being written): cacheable for ever.
  const settled = new Date(currentTimeMs() - 5 * 60_000).toISOString();
  const pinned = await request.get(`/embed/supply?network=akash&at=${settled}`);
  expect(pinned.status()).toBe(200);
  expect(pinned.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const etag = pinned.headers()['etag'] ?? '';
  const again = await request.get(`/embed/supply?network=akash&at=${settled}`, { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);
  expect(again.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // Same bytes on a fresh request: the pinned view does not move while the scheduler scrapes on.
  expect((await request.get(`/embed/supply?network=akash&at=${settled}`)).headers()['etag']).toBe(etag);

  // Pinned now: every seeded run is in; until it settles it is revalidated rather than frozen.
  const now = currentTime().toISOString();
  const fresh = await request.get(`/embed/supply?network=akash&at=${now}`);
  expect(fresh.headers()['cache-control']).toBe('public, no-cache');
  await page.goto(`/embed/supply?network=akash&at=${now}`);
  await expect(page.locator(chartSurface)).toBeVisible();
  await expect(page.getByTestId('embed-source')).toContainText(`data as of ${now.slice(0, 10)}`);
  await expect(page.getByTestId('embed-source')).toContainText('pinned');
});

test('an invalid parameter is a 400 page naming it', async ({ request }) => {
  const response = await request.get('/embed/supply?network=akash&theme=blue');
  expect(response.status()).toBe(400);
  expect(response.headers()['cache-control']).toBe('no-store');
  const html = await response.text();
  expect(html).toContain('data-param="theme"');
  expect(html).toContain('theme: must be light, dark or auto');
  for (const [query, param] of [
    ['network=nowhere', 'network'],
    ['network=akash&range=2w', 'range'],
    ['network=akash&at=2999-01-01T00:00:00Z', 'at'],
    ['network=akash&colour=red', 'colour'],
  ]) {
    const bad = await request.get(`/embed/supply?${query}`);
    expect(bad.status(), query).toBe(400);
    expect(await bad.text(), query).toContain(`data-param="${param}"`);
  }
  expect((await request.get('/embed/prices?network=akash')).status()).toBe(400);
});

test('the Embed dialog gives the snippet, live or pinned, themed, with a preview', async ({ page, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/networks/akash?model=h100-sxm-80gb');
  const section = page.locator('section[aria-labelledby="free-rentable-heading"]');
  await section.getByTestId('embed-button').click();
  const dialog = page.getByTestId('embed-dialog');
  await expect(dialog).toBeVisible();
  const snippet = dialog.getByTestId('embed-snippet');
  await expect(snippet).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/supply\?network=akash" /);
  await expect(snippet).toHaveValue(/<script>addEventListener\("message"/);
  const preview = page.frameLocator('[data-testid="embed-preview"]');
  await expect(preview.locator(chartSurface)).toBeVisible();

  await dialog.getByLabel('Theme').selectOption('dark');
  await dialog.getByLabel('Transparent background').check();
  await expect(snippet).toHaveValue(/theme=dark&amp;transparent=1/);
  await dialog.getByLabel(/Pinned/).check();
  await expect(snippet).toHaveValue(/&amp;at=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z&amp;theme=dark/);
  await expect(preview.getByTestId('embed-source')).toContainText('pinned');
  await expect(preview.locator(chartSurface)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('embed-dialog.png') });
  await dialog.getByTestId('embed-copy').click();
  await expect(dialog.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.inputValue());
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // /compare's charts have theirs too.
  await page.goto('/compare?model=h100-sxm-80gb');
  await expect(page.getByTestId('embed-button')).toHaveCount(2);
});

test('an embed renders within the height its oEmbed response states, however many series it draws', async ({ page, request, baseURL }) => {
  await page.setViewportSize({ width: 640, height: 800 });
  // io.net draws claimed, free and rentable from five sources; the H100 prices 15 series.
  for (const dashboard of ['/networks/ionet', '/networks/akash', '/compare?model=h100-sxm-80gb']) {
    const oembed = (await (await request.get(`/api/oembed?url=${encodeURIComponent(`${baseURL}${dashboard}`)}`)).json()) as { html: string; height: number };
    const src = /<iframe src="([^"]+)"/.exec(oembed.html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    await page.goto(src);
    await expect(page.locator(chartSurface)).toBeVisible();
    const rendered = await page.getByTestId('embed').evaluate((element) => Math.ceil(element.getBoundingClientRect().bottom + window.scrollY));
    expect(rendered, `${dashboard}: rendered ${rendered} px, oEmbed states ${oembed.height}`).toBeLessThanOrEqual(oembed.height);
  }
});

test('dashboard pages advertise oEmbed, and a pasted URL unfurls into the embed', async ({ page, request, baseURL }) => {
  await page.goto('/networks/akash?model=h100-sxm-80gb');
  const link = page.locator('link[rel="alternate"][type="application/json+oembed"]');
  await expect(link).toHaveCount(1);
  const href = (await link.getAttribute('href')) ?? '';
  expect(new URL(href).searchParams.get('url')).toBe(`${baseURL}/networks/akash?model=h100-sxm-80gb`);
  const oembed = await request.get(href);
  expect(oembed.status()).toBe(200);
  const body = (await oembed.json()) as { type: string; html: string; title: string; provider_name: string };
  expect(body).toMatchObject({ type: 'rich', provider_name: 'Rentable', title: 'Akash Network: free and rentable GPUs per source' });
  expect(body.html).toContain(`<iframe src="${baseURL}/embed/supply?network=akash"`);

  await page.goto('/compare?model=h100-sxm-80gb');
  await expect(page.locator('link[rel="alternate"][type="application/json+oembed"]')).toHaveCount(1);
  expect((await request.get(`/api/oembed?url=${encodeURIComponent(`${baseURL}/status`)}`)).status()).toBe(404);
  expect((await request.get(`/api/oembed?url=${encodeURIComponent(`${baseURL}/compare`)}&format=xml`)).status()).toBe(400);
});
