import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';

// The figures on screen must be the recorded payload's, through fetch → parse → store → page.
const recording = JSON.parse(
  fs.readFileSync(path.join(process.cwd(), 'lib/sources/recordings/akash/gpu-prices.json'), 'utf8'),
) as {
  availability: { total: number; available: number };
  models: { model: string; availability: { total: number; available: number }; price: { min: number; med: number } | null }[];
};
const h100 = recording.models.find((m) => m.model === 'h100')!;

test('the overview draws Akash supply from the recorded payload', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: /Akash Network: GPUs claimed/ })).toBeVisible();

  const chart = page.locator('figure[aria-label^="Akash GPUs"] .recharts-wrapper > svg.recharts-surface');
  await expect(chart).toBeVisible();
  const curves = chart.locator('path.recharts-curve');
  await expect(curves).toHaveCount(3);
  for (const d of await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
    expect(d).toMatch(/^M[\d.]+,[\d.]+/);
  }

  const row = page.locator('[data-model="h100-sxm-80gb"] td');
  await expect(row).toHaveText([
    String(h100.availability.total),
    String(h100.availability.available),
    String(h100.availability.available),
    `$${h100.price!.min.toFixed(2)}/GPU-h`,
    `$${h100.price!.med.toFixed(2)}/GPU-h`,
  ]);
  const total = page.locator('[data-model="all"] td');
  await expect(total.nth(0)).toHaveText(String(recording.availability.total));
  await expect(total.nth(1)).toHaveText(String(recording.availability.available));

  const status = page.locator('[data-source="akash-gpu-prices"]');
  await expect(status).toContainText('ok');
  await expect(status).toContainText('last success');
  await expect(status).toHaveAttribute('data-health', 'ok');
  // A claims ledger line is dated evidence, never a green "ok" beside a 2024 date.
  const ledger = page.locator('[data-source^="ionet-claims-"]').first();
  await expect(ledger).toHaveAttribute('data-health', 'dated-evidence');
  await expect(ledger).toContainText('dated evidence');

  await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });

  // A phone keeps the league table's key columns and the one it is sorted by, whichever it is.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?sort=fresh&dir=desc');
  const headers = page.locator('[data-testid="network-table"] thead th');
  await expect(headers.first()).toBeVisible();
  const shown = await headers.evaluateAll((ths) => ths.filter((th) => getComputedStyle(th).display !== 'none').map((th) => th.textContent?.trim()));
  expect(shown).toEqual(['Network', 'Largest claim', 'Rentable', 'Reality ratio', 'Last scrape ▼']);
  await expect(page.locator('[data-testid="network-table"] caption')).toContainText('Free, Rentable 24 h are left out');
  // Sorted by reality ratio (the default), its column is on screen without scrolling.
  await page.goto('/');
  const sorted = page.locator('[data-testid="network-table"] th[aria-sort="descending"]');
  await expect(sorted).toContainText('Reality ratio');
  expect(await sorted.evaluate((th) => th.getBoundingClientRect().right <= th.closest('.table-wrap')!.getBoundingClientRect().right + 1)).toBe(true);
});
