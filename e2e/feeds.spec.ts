/**
 * The event feeds as a reader meets them: the Atom documents served with their content type,
 * valid and with entries for the seeded io.net week; their discovery links on the overview and
 * on a network page; bad parameters answered 400 / 404; and the webhook log on /status, fed by
 * the e2e server's local receiver.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { test, expect } from './fixtures';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) });
type Feed = { feed: { id: string; updated: string; title: string; link: Record<string, string>[]; entry?: { id: string; title: string; link: Record<string, string>[] }[] } };

test('serves the global and per-network feeds as valid Atom with stable ids and evidence links', async ({ request, baseURL }) => {
  for (const path of ['/feeds/events.atom', '/feeds/networks/ionet.atom']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(XMLValidator.validate(xml), path).toBe(true);
    const doc = parser.parse(xml) as Feed;
    expect(doc.feed.link.find((l) => l['@rel'] === 'self')?.['@href']).toBe(`${baseURL}${path}`);
    expect(doc.feed.id).toMatch(/^tag:127\.0\.0\.1,2026:feed:/);
    const entries = doc.feed.entry ?? [];
    // The seeded week: io.net's devices total never moves and its totals disagree, so both flags are raised.
    expect(entries.length, path).toBeGreaterThan(0);
    expect(entries.some((e) => /frozen claim flag raised/.test(e.title))).toBe(true);
    for (const entry of entries) {
      expect(entry.id).toMatch(/^tag:127\.0\.0\.1,2026:event:[0-9a-f]{32}$/);
      expect(entry.link.some((l) => (l['@href'] ?? '').startsWith(`${baseURL}/`))).toBe(true);
    }
    // The evidence link opens the scrape run's provenance.
    const evidence = entries.flatMap((e) => e.link).find((l) => l['@type'] === 'application/json');
    expect(evidence).toBeDefined();
    const run = await request.get(evidence?.['@href'] ?? '');
    expect(run.status()).toBe(200);
    // Asked again with its ETag: 304, nothing sent.
    const etag = response.headers().etag ?? '';
    expect((await request.get(path, { headers: { 'if-none-match': etag } })).status()).toBe(304);
  }
  // The same event is the same entry on both feeds.
  const global = parser.parse(await (await request.get('/feeds/events.atom')).text()) as Feed;
  const ionet = parser.parse(await (await request.get('/feeds/networks/ionet.atom')).text()) as Feed;
  const globalIds = new Set((global.feed.entry ?? []).map((e) => e.id));
  expect((ionet.feed.entry ?? []).filter((e) => globalIds.has(e.id)).length).toBeGreaterThan(0);
});

test('answers bad feed parameters with 400 naming them and unknown networks with 404', async ({ request }) => {
  const bad = await request.get('/feeds/events.atom?limit=0');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('limit');
  expect((await request.get('/feeds/events.atom?limit=5')).status()).toBe(200);
  expect((await request.get('/feeds/events.atom?colour=red')).status()).toBe(400);
  expect((await request.get('/feeds/networks/nowhere.atom')).status()).toBe(404);
  expect((await request.get('/feeds/networks/ionet.rss')).status()).toBe(404);
});

test('pages carry feed discovery links: the global feed on the overview, the network feed on its page', async ({ page, baseURL }) => {
  await page.goto('/');
  const feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  await expect(feeds).toHaveCount(1);
  await expect(feeds.first()).toHaveAttribute('href', `${baseURL}/feeds/events.atom`);
  await page.goto('/networks/ionet');
  const networkFeeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  await expect(networkFeeds).toHaveCount(2);
  await expect(networkFeeds.nth(1)).toHaveAttribute('href', `${baseURL}/feeds/networks/ionet.atom`);
  // The oEmbed discovery link is still there beside them.
  await expect(page.locator('head link[rel="alternate"][type="application/json+oembed"]')).toHaveCount(1);
});

test('/status shows the webhook delivery log', async ({ page }) => {
  await page.goto('/status');
  await expect(page.getByRole('heading', { name: 'Webhook deliveries' })).toBeVisible();
  // The app delivers the seeded events to the local receiver after it starts.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('[data-testid="webhook-log"] tr[data-status="delivered"]').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const row = page.locator('[data-testid="webhook-log"] tr[data-status="delivered"]').first();
  await expect(row).toContainText('HTTP 204');
  // The receiver's host only, never its path (a token may live there).
  await expect(row).toContainText('127.0.0.1:');
  await expect(page.locator('[data-testid="webhook-log"]')).not.toContainText('rentable-events');
  expect(await page.locator('[data-testid="webhook-log"] tbody tr').count()).toBeLessThanOrEqual(20);
});
