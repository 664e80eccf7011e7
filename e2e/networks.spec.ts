import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { NETWORKS } from '../lib/networks';

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'lib/sources/recordings', file), 'utf8'));
const explorerTotal = (readJson('ionet/network.json') as { total_gpu: number }).total_gpu;
const caasRentable = (readJson('ionet/caas-max-gpus-per-container.json') as { data: { hardware: { available: number }[] } }).data.hardware.reduce(
  (sum, r) => sum + r.available,
  0,
);
// io.net's declared sides: IO Cloud container availability ÷ the explorer's live network total.
const ionetRatio = `${((100 * caasRentable) / explorerTotal).toFixed(3)}%`;

test('the overview lists every network, with io.net claims set against what can be rented', async ({ page }) => {
  await page.goto('/');
  for (const network of NETWORKS) {
    await expect(page.locator(`[data-testid="network-table"] [data-network="${network.slug}"]`)).toContainText(network.name);
  }
  const ionet = page.locator('[data-testid="network-table"] [data-network="ionet"] td');
  // The explorer's live total, never the 2024 ledger's 564,306; 312 from IO Cloud's container availability recording.
  await expect(ionet.nth(0)).toHaveText(explorerTotal.toLocaleString('en-US'));
  await expect(ionet.nth(2)).toHaveText(caasRentable.toLocaleString('en-US'));
  await expect(page.locator('[data-testid="network-table"] [data-network="ionet"] [data-testid="reality-ratio"]')).toHaveText(ionetRatio);
  // A claims-only network shows no rentable figure, never a zero.
  await expect(page.locator('[data-testid="network-table"] [data-network="aethir"] td').nth(2)).toHaveText('—');
  // A card per network, and the claimed → free → rentable chart drawn on a log scale.
  await expect(page.locator('article.card')).toHaveCount(NETWORKS.length);
  await expect(page.locator('article.card[data-network="ionet"] [data-testid="card-ratio"]')).toHaveText(ionetRatio);
  // Each current figure says how old it is; ledger-only Aethir has no current claim at all.
  await expect(page.locator('article.card[data-network="ionet"] [data-freshness]').first()).toHaveText(/ago|just now/);
  await expect(page.locator('[data-testid="network-table"] [data-network="aethir"] td').nth(0)).toHaveText('—');
  await expect(page.locator('figure[aria-label^="Claimed, free and rentable"] .recharts-bar-rectangle').first()).toBeVisible();
});

test('the league table sorts by any column, and the order lives in the URL', async ({ page }) => {
  await page.goto('/');
  const firstRow = page.locator('[data-testid="network-table"] tbody tr').first();
  await page.locator('button.sort[data-column="claimed"]').click();
  await expect(page).toHaveURL(/sort=claimed&dir=desc/);
  await expect(firstRow).toHaveAttribute('data-network', 'ionet');
  await page.locator('button.sort[data-column="claimed"]').click();
  await expect(page).toHaveURL(/sort=claimed&dir=asc/);
  await page.reload();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Largest claim');
  await expect(firstRow).not.toHaveAttribute('data-network', 'ionet');
});

test('a figure opens the scrape run behind it', async ({ page }) => {
  await page.goto('/');
  await page.locator('article.card[data-network="akash"] button.figure').nth(2).click();
  const dialog = page.locator('[data-testid="provenance"]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Official API');
  await expect(dialog.locator('[data-testid="provenance-sha256"]')).toHaveText(/^[0-9a-f]{64}$/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('/status shows every network’s sources, their evidence grade and the recording they were served from', async ({ page }, testInfo) => {
  await page.goto('/status');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Source status');
  for (const network of NETWORKS) {
    expect(await page.locator(`[data-testid="status-table"] tr[data-network="${network.slug}"]`).count(), network.slug).toBeGreaterThan(0);
  }
  const akash = page.locator('[data-source="akash-gpu-prices"]');
  await expect(akash).toContainText('Official API');
  await expect(akash).toContainText('recording of 2026-09-06');
  await expect(page.locator('[data-source="ionet-claims-headline-total"]')).toContainText('Self-reported claim');
  await expect(page.locator('[data-testid="unknown-names"]')).toContainText('NVIDIA CMP 170HX');
  await page.screenshot({ path: testInfo.outputPath('status.png'), fullPage: true });
});
