import { test, expect } from './fixtures';

test('a keyboard user reaches every chart value and its scrape run through the data table', async ({ page }) => {
  await page.goto('/networks/akash?range=24h');
  const chart = page.locator('[data-testid="claimed-gpus-chart"]');
  const summary = chart.locator('details.chart-data summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const table = chart.locator('[data-testid="chart-data-table"]');
  await expect(table).toBeVisible();
  const firstValue = table.locator('button.figure').first();
  await firstValue.focus();
  await expect(firstValue).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid="provenance"]');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-testid="provenance-sha256"]')).toHaveText(/^[0-9a-f]{64}$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
