import { test, expect } from './fixtures';

test('/flags sees io.net flagged from the recorded payloads, each flag linked to its points', async ({ page }, testInfo) => {
  await page.goto('/flags');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flags and reality checks');
  const ionet = page.locator('div.panel[data-network="ionet"]');
  await expect(ionet.locator('article[data-rule="claim-spread"]').first()).toBeVisible();
  const frozen = ionet.locator('article[data-rule="frozen-claim"]').first();
  await expect(frozen).toContainText('69,415');
  // A steady network raises nothing.
  await expect(page.locator('div.panel[data-network="akash"]')).toHaveCount(0);

  await frozen.locator('summary').click();
  await frozen.locator('ul.evidence button').first().click();
  const dialog = page.locator('[data-testid="provenance"]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('ionet-devices-hardware');
  await expect(dialog.locator('[data-testid="provenance-sha256"]')).toHaveText(/^[0-9a-f]{64}$/);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(page.locator('[data-testid="reality-league"] tr[data-network="ionet"]')).toBeVisible();
  await expect(page.locator('[data-claim="ionet-2024-05-01-savings"]')).toContainText('up to 90%');
  await page.screenshot({ path: testInfo.outputPath('flags.png'), fullPage: true });
});

test('/flags keeps its range in the URL and names a bad parameter with a 400', async ({ page, request }) => {
  await page.goto('/flags?range=7d');
  await expect(page.locator('a.range-link[aria-current="page"]')).toHaveText('7d');
  const invalid = await request.get('/flags?range=2w');
  expect(invalid.status()).toBe(400);
  const html = await invalid.text();
  expect(html).toContain('class="panel error-state"');
  expect(html).toContain('range: ');
});

test('/flags raises the same flags, word for word, whatever the resolution', async ({ page }) => {
  await page.goto('/flags?range=30d&resolution=day');
  const articles = page.locator('div.panel[data-network] article');
  await expect(articles.first()).toBeVisible();
  const daily = await articles.allTextContents();
  expect(daily.some((text) => text.includes('69,415'))).toBe(true);
  await page.goto('/flags?range=30d&resolution=hour');
  await expect(articles.first()).toBeVisible();
  expect(await articles.allTextContents()).toEqual(daily);
});
