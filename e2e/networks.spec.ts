import { test, expect } from './fixtures';
import { NETWORKS } from '../lib/networks';

test('the overview lists every network, with io.net claims set against what can be rented', async ({ page }) => {
  await page.goto('/');
  for (const network of NETWORKS) {
    await expect(page.locator(`[data-testid="network-table"] [data-network="${network.slug}"]`)).toContainText(network.name);
  }
  const ionet = page.locator('[data-network="ionet"] td');
  // 564,306 from the claims ledger; 312 from IO Cloud's container availability recording.
  await expect(ionet.nth(0)).toHaveText('564,306');
  await expect(ionet.nth(1)).toHaveText('25,000');
  await expect(ionet.nth(3)).toHaveText('312');
  await expect(page.locator('[data-network="ionet"] [data-testid="reality-ratio"]')).toHaveText('0.055%');
  // A claims-only network shows no rentable figure, never a zero.
  await expect(page.locator('[data-network="aethir"] td').nth(3)).toHaveText('—');
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
