import fs from 'node:fs';
import { test, expect } from './fixtures';

const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

test('every chart downloads its data as CSV, exactly the series on screen', async ({ page, request }) => {
  await page.goto('/networks/akash?range=24h');
  const chart = page.locator('[data-testid="claimed-gpus-chart"]');
  await expect(chart.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  const href = await chart.locator('[data-testid="download-csv"]').getAttribute('href');
  expect(href).toContain('format=csv');
  const csv = await request.get(href ?? '');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="rentable-supply-akash-all-/);
  const text = await csv.text();
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toContain('time_utc,network,source_id');
  // The same request as JSON: every value drawn is a row of the CSV.
  const json = (await (await request.get((href ?? '').replace('&format=csv', ''))).json()) as {
    series: { points: { value: number | null }[] }[];
  };
  const drawn = json.series.flatMap((s) => s.points.filter((p) => p.value !== null));
  const withValues = lines.slice(1).filter((l) => /,\d+(\.\d+)?,\d+,\d{4}-/.test(l));
  expect(withValues.length).toBe(drawn.length);
});

test('charts download as valid SVG and PNG images of the chart’s size', async ({ page }) => {
  await page.goto('/networks/akash?range=24h');
  const chart = page.locator('[data-testid="claimed-gpus-chart"]');
  const surface = chart.locator('.recharts-wrapper > svg.recharts-surface');
  await expect(surface).toBeVisible();
  const box = await surface.boundingBox();

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-testid="download-svg"]').click()]);
  expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
  const svg = fs.readFileSync((await svgDownload.path()) ?? '', 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
  const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
  expect(width).toBe(Math.round(box?.width ?? 0));
  expect(height).toBeGreaterThan(Math.round(box?.height ?? 0));
  expect(svg).toContain('claimed GPUs per source');

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-testid="download-png"]').click()]);
  expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
  const png = fs.readFileSync((await pngDownload.path()) ?? '');
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(pngSize(png)).toEqual({ width: width * 2, height: height * 2 });
});

test('"Download all" on a network page returns the zip for the view in the URL', async ({ page, request }) => {
  await page.goto('/networks/akash?range=24h');
  const href = await page.locator('[data-testid="download-all"]').getAttribute('href');
  expect(href).toMatch(/^\/api\/v1\/download\?/);
  expect(href).toContain('network=akash');
  expect(href).toContain('range=24h');
  const response = await request.get(href ?? '');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/zip');
  const body = await response.body();
  expect(body.subarray(0, 4).toString('hex')).toBe('504b0304');
});

test('the compare page downloads its rentable chart as CSV', async ({ request, page }) => {
  await page.goto('/compare?model=h100-sxm-80gb&range=24h');
  const href = await page.locator('[data-testid="download-csv"]').first().getAttribute('href');
  const response = await request.get(href ?? '');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
});
