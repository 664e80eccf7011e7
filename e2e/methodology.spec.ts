import { test, expect } from './fixtures';
import { NETWORKS } from '../lib/networks';
import { HISTORY_SOURCES, REFERENCE_FEEDS, SOURCES, committedSources } from '../lib/sources/registry';
import { DEFAULT_THRESHOLDS, THRESHOLD_DOCS, THRESHOLD_KEYS } from '../lib/analytics/thresholds';

// The page is generated from the registry, so the registry is what it must show: every adapter,
// under its network, with every row of its methodology.
const registry = [...REFERENCE_FEEDS, ...SOURCES, ...HISTORY_SOURCES, ...committedSources()];

test('/methodology lists every source of the registry under its network, with its methodology rows', async ({ page }) => {
  await page.goto('/methodology');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Methodology');

  for (const source of registry) {
    const section = source.network ?? 'reference-feeds';
    const entry = page.locator(`section#${section} [data-source-id="${source.id}"]`);
    await expect(entry, source.id).toHaveCount(1);
    await expect(entry.locator('[data-testid="methodology-rows"] tbody tr'), source.id).toHaveCount(source.methodology.length);
  }

  for (const network of NETWORKS) {
    const section = page.locator(`#${network.slug}`);
    await expect(section, network.slug).toHaveCount(1);
    await expect(section.getByRole('heading', { level: 3 }).first()).toContainText(network.name);
  }
  await expect(page.locator('#vastai h3').first()).toContainText('not DePIN');
  await expect(page.locator('#aws h3').first()).toContainText('reference');

  // Every in-page link lands somewhere: the unit, token and limit tables point at real source entries.
  const brokenAnchors = await page.locator('a[href^="#"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')?.slice(1) ?? '').filter((id) => !document.getElementById(id)),
  );
  expect(brokenAnchors).toEqual([]);
});

test('a network anchor opens the page at that network', async ({ page }) => {
  await page.goto('/methodology#ionet');
  await expect(page.locator('#ionet-heading')).toBeInViewport();
  await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Akash Network' }).click();
  await expect(page).toHaveURL(/#akash$/);
  await expect(page.locator('#akash-heading')).toBeInViewport();
});

test('/methodology shows the flag thresholds from the code', async ({ page }) => {
  await page.goto('/methodology');
  for (const key of THRESHOLD_KEYS) {
    const row = page.locator(`[data-testid="thresholds"] tr[data-threshold="${key}"]`);
    const value = DEFAULT_THRESHOLDS[key];
    await expect(row.getByTestId('threshold-default'), key).toHaveText(Array.isArray(value) ? value.join(', ') : String(value));
    await expect(row, key).toContainText(THRESHOLD_DOCS[key].env);
  }
});

test('/methodology renders at 360 px without horizontal overflow, and in dark mode', async ({ page }, testInfo) => {
  // Three full-page screenshots of a long page (the GPU index section made it longer): 34 s of the default 30 on two busy cores.
  test.slow();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/methodology');
  await expect(page.locator('[data-source-id="akash-gpu-prices"]')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('methodology-360.png'), fullPage: true });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/methodology');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(17, 19, 24)');
  await expect(page.locator('#units')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('methodology-dark.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/methodology');
  await page.screenshot({ path: testInfo.outputPath('methodology.png'), fullPage: true });
});
