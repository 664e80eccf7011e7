/**
 * Bounded views (issue 10 item 1, issue 14 items 1 and 9): a range longer than the tracked
 * history is clipped and says when tracking began; a resolution that would draw more than 1,000
 * buckets is a 400 page naming `resolution`; while a new range loads, the old charts are
 * marked busy.
 */
import { test, expect } from './fixtures';

test('a range longer than the tracked history is clipped to it, and says when tracking began', async ({ page, request }) => {
  await page.goto('/networks/ionet?range=all&model=h100-sxm-80gb');
  const claimed = page.locator('section[aria-labelledby="claimed-heading"]');
  // The seeded history's first observation is the ledger's 2024-05-01 claim, after "all" begins.
  await expect(claimed).toContainText('Tracking began 2024-05-01');
  await expect(claimed).toContainText('weekly buckets');
  const api = await (await request.get('/api/v1/supply?network=ionet&range=all')).json();
  expect(api.window).toMatchObject({ from: '2024-05-01T00:00:00.000Z', resolution: 'week', trackingBegan: '2024-05-01T00:00:00.000Z' });
  // A gap is what a missed schedule leaves, and every point says whether it is one.
  expect(api.series.every((s: { points: { gap: unknown }[] }) => s.points.every((p) => typeof p.gap === 'boolean'))).toBe(true);
});

test('a resolution past 1,000 buckets is a 400 naming resolution and the largest span, on pages and the API', async ({ request }) => {
  for (const url of [
    '/compare?model=h100-sxm-80gb&range=all&resolution=hour',
    '/networks/ionet?model=h100-sxm-80gb&range=90d&resolution=hour',
    '/api/v1/supply?network=ionet&range=all&resolution=day',
    '/api/v1/download?model=h100-sxm-80gb&range=1y&resolution=hour',
  ]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(400);
    expect(await response.text(), url).toMatch(/resolution: (hour|day) draws at most 1,000 buckets a series: the largest span allowed at this resolution is 1,000 (hours|days)/);
  }
  expect((await request.get('/api/v1/supply?network=ionet&range=all&resolution=week')).status()).toBe(200);
});

test('while a new range loads, the old charts are marked busy', async ({ page }) => {
  await page.goto('/networks/ionet?range=7d&model=h100-sxm-80gb');
  const view = page.locator('.view-transition');
  await expect(view).toHaveAttribute('aria-busy', 'false');
  // Hold the new view's server render back, so its loading state can be seen.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/networks\/ionet\?.*range=30d/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '30d' }).click();
  await expect(view).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the new view' })).toBeVisible();
  release();
  // The held render still has to run once let through: on two shared cores that takes seconds.
  await expect(page).toHaveURL(/range=30d/, { timeout: 20_000 });
  await expect(view).toHaveAttribute('aria-busy', 'false');
});
