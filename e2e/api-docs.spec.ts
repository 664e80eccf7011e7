/**
 * /docs/api: every endpoint of the OpenAPI document with its parameters, example URLs that work
 * against this instance, the licence and how to cite; and the document itself.
 */
import { test, expect } from './fixtures';
import { ENDPOINTS, endpointParameters } from '../lib/api/openapi';

test('/docs/api documents every endpoint, and every example URL works here', async ({ page, baseURL }) => {
  await page.goto('/docs/api');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API and open data');
  for (const endpoint of ENDPOINTS) {
    const section = page.locator(`[data-endpoint="${endpoint.path}"]`);
    await expect(section, endpoint.path).toHaveCount(1);
    for (const param of endpointParameters(endpoint)) {
      await expect(section.locator(`tr[data-param="${param.name}"]`), `${endpoint.path} ${param.name}`).toHaveCount(1);
    }
  }

  const examples = await page.getByTestId('example-url').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  // Every example, the run and snapshot ones included: the seeded database has runs.
  expect(examples.length).toBe(ENDPOINTS.reduce((n, e) => n + e.examples.length, 0));
  for (const href of examples) {
    expect(new URL(href).origin, href).toBe(new URL(baseURL ?? '').origin);
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(200);
  }

  await expect(page.getByTestId('licence')).toContainText('CC BY 4.0');
  await expect(page.getByTestId('citation')).toContainText('retrieved');
});

test('/api/v1/openapi.json is an OpenAPI 3.1 document with this instance as its server', async ({ request, baseURL }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(doc.servers[0]?.url).toBe(new URL(baseURL ?? '').origin);
  expect(Object.keys(doc.paths).sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
});

test('"Download all" answers with a zip named after the view', async ({ request }) => {
  const response = await request.get('/api/v1/download?network=akash&range=24h');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/zip');
  // Named for what was asked: no model in the name when none was asked for.
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="rentable-akash-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-hour\.zip"$/);
  const withModel = await request.get('/api/v1/download?network=akash&model=h100-sxm-80gb&range=24h');
  expect(withModel.headers()['content-disposition']).toMatch(/^attachment; filename="rentable-akash-h100-sxm-80gb-\d{4}-/);
  const bytes = await response.body();
  // A zip starts with a local file header.
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
});

test('/docs/api renders at 360 px without horizontal overflow, and in dark mode', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/docs/api');
  await expect(page.locator('[data-endpoint="/api/v1/supply"]')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await expect(page.locator('[data-endpoint="/api/v1/download"]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('api-docs.png'), fullPage: true });
});
