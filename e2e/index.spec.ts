/**
 * The open GPU index as a reader, an embedder and a script see it: the /index page with its
 * headline per model, every value opening the quotes (and through them the runs and raw
 * snapshots) it was computed from, the embed live and pinned agreeing with /api/v1/index value
 * for value, and bad parameters answered 400 naming them.
 */
import type { Page } from '@playwright/test';
import { formatUsdPerGpuHour, formatUtc } from '../lib/format';
import { currentTime } from '../lib/clock';
import { test, expect } from './fixtures';

const MODEL = 'h100-sxm-80gb';
const chartSurface = '.recharts-wrapper > svg.recharts-surface';
/** The embed's chart, drawn on the server. */
const embedChart = 'svg[data-chart]';

interface IndexPoint {
  at: string;
  published: boolean;
  usdPerGpuHour: number | null;
  networks: number;
  vsAwsPercent: number | null;
  methodology: string;
}
interface IndexBody {
  methodology: string;
  models: { model: string; values: IndexPoint[]; headline: { current: IndexPoint | null } }[];
}

/** The chart's data table: bucket label → the index column's text. */
async function indexColumn(page: Page): Promise<Map<string, string>> {
  await page.locator('details.chart-data summary').first().click();
  const table = page.getByTestId('chart-data-table').first();
  await expect(table).toBeVisible();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelectorAll('td')[0]?.textContent ?? '']));
  return new Map(rows.map(([at, value]) => [at as string, value as string]));
}

test('the index page: a headline per model against AWS, each value opening its quotes, runs and raw bytes', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Index' }).click();
  await expect(page).toHaveURL(/\/index$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The open Rentable GPU index');

  const h100 = page.getByTestId('index-headlines').locator(`tr[data-model="${MODEL}"]`);
  await expect(h100.getByTestId('index-headline-value')).toHaveText(/^\$\d+\.\d{2}\/GPU-h$/);
  await expect(h100.getByTestId('index-vs-aws')).toHaveText(/^−\d+\.\d%$/);
  await expect(page.locator(chartSurface).first()).toBeVisible();
  await expect(page.getByTestId('download-csv')).toHaveAttribute('href', /\/api\/v1\/index\?.*format=csv/);

  // The headline value opens the provenance dialog on the quotes behind it.
  await h100.getByTestId('index-headline-value').click();
  const dialog = page.getByTestId('provenance');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('index-evidence-value')).toHaveText(await h100.getByTestId('index-headline-value').innerText());
  const quotes = dialog.getByTestId('index-evidence-quotes').locator('tbody tr');
  expect(await quotes.count()).toBeGreaterThanOrEqual(3);
  await expect(quotes.first().getByRole('link', { name: 'raw bytes' })).toHaveAttribute('href', /^\/api\/v1\/snapshots\/[0-9a-f]{64}$/);
  // Each quote opens its scrape run in the same dialog, and back.
  await quotes.first().getByRole('button', { name: /^run #\d+$/ }).click();
  await expect(dialog.getByTestId('provenance-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await dialog.getByTestId('provenance-back').click();
  await expect(dialog.getByTestId('index-evidence-quotes')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A point of the index line opens the same dialog on that bucket's quotes.
  await page.locator('g.chart-point[data-line="index"]').last().dispatchEvent('click');
  await expect(dialog.getByTestId('index-evidence-quotes')).toBeVisible();
});

test('the embed, live and pinned, agrees with /api/v1/index value for value', async ({ page, request }) => {
  const api = await request.get(`/api/v1/index?model=${MODEL}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as IndexBody;
  const values = body.models[0]!.values;
  const published = values.filter((v) => v.published);
  expect(published.length).toBeGreaterThanOrEqual(2);
  for (const v of published) expect(v.methodology).toBe('gpu-index-v1');

  await page.goto(`/embed/index?model=${MODEL}`);
  await expect(page.locator(embedChart)).toBeVisible();
  await expect(page.getByTestId('embed-source')).toContainText(/^Source: Rentable GPU index \(gpu-index-v1\), \d+ of \d+ buckets published, data as of/);
  await expect(page.getByTestId('embed-link')).toHaveAttribute('href', /^\/index\?model=h100-sxm-80gb#index-heading$/);
  const drawn = await indexColumn(page);
  for (const v of published) expect(drawn.get(formatUtc(v.at)), v.at).toBe(formatUsdPerGpuHour(v.usdPerGpuHour));
  for (const v of values.filter((x) => !x.published)) {
    const cell = drawn.get(formatUtc(v.at));
    if (cell !== undefined) expect(cell, v.at).toBe('—');
  }

  // The embed's index points open their quotes too: a click on the newest one, where the table says it is drawn.
  const point = await page.locator('table[data-testid="chart-data-table"] tbody tr').evaluateAll((rows) => {
    for (const row of rows) {
      const cell = (row as HTMLTableRowElement).cells[1];
      if (cell?.dataset.y) return { x: Number((row as HTMLElement).dataset.x), y: Number(cell.dataset.y) };
    }
    return null;
  });
  const box = (await page.locator(embedChart).boundingBox())!;
  await page.locator(embedChart).click({ position: { x: (box.width * point!.x) / 100, y: point!.y } });
  await expect(page.getByTestId('provenance').getByTestId('index-evidence-quotes')).toBeVisible();

  // Pinned two seconds ago (one clock for the spec and the app): the same values, immutable once settled or revalidated until then.
  const at = new Date(currentTime().getTime() - 2_000).toISOString();
  const pinned = await page.goto(`/embed/index?model=${MODEL}&at=${at}`);
  expect(pinned?.status()).toBe(200);
  expect(pinned?.headers()['cache-control']).toMatch(/no-cache|immutable/);
  await expect(page.getByTestId('embed-source')).toContainText('(pinned: later data is not shown)');
  const pinnedApi = (await (await request.get(`/api/v1/index?model=${MODEL}&at=${at}`)).json()) as IndexBody;
  const pinnedDrawn = await indexColumn(page);
  for (const v of pinnedApi.models[0]!.values.filter((x) => x.published)) expect(pinnedDrawn.get(formatUtc(v.at)), v.at).toBe(formatUsdPerGpuHour(v.usdPerGpuHour));
});

// Read without a browser: a 400 document is logged as a console error, which fails every page test.
test('bad parameters are a 400 naming them: API, page and embed', async ({ request }) => {
  const api = await request.get('/api/v1/index?model=h100');
  expect(api.status()).toBe(400);
  expect((await api.json()).error.param).toBe('model');
  const future = await request.get(`/api/v1/index?at=2099-01-01T00:00:00Z`);
  expect(future.status()).toBe(400);
  expect((await future.json()).error.param).toBe('at');

  const pageResponse = await request.get('/index?model=h100');
  expect(pageResponse.status()).toBe(400);
  expect(await pageResponse.text()).toMatch(/data-testid="invalid-parameter"[^>]*>.*model: must be a model the index is published for/s);

  const embed = await request.get('/embed/index?model=rtx-9999');
  expect(embed.status()).toBe(400);
  expect(await embed.text()).toContain('data-param="model"');
});

test('the index page has its own social image', async ({ page, request }) => {
  await page.goto('/index');
  const content = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(content).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gpu-index\/opengraph-image(\?|$)/);
  const image = await request.get(new URL(content ?? '').pathname);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/png');
});
