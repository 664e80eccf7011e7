/**
 * Every dashboard page and embed through axe-core, wide and phone-sized, light and dark: zero
 * violations, and a screenshot per page and variant under test-results/screenshots/, JavaScript
 * off included (<page>-1280-nojs.png).
 *
 * axe-core (a direct dev dependency) is injected into the page as its own script,
 * node_modules/axe-core/axe.min.js: the same engine @axe-core/playwright wraps, without a second
 * package. One test per page keeps one
 * server start and one page, loaded once per width and judged in both colour schemes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// axe goes in as an inline script; the embeds' Content-Security-Policy (script hashes) would
// block it, and the policy is not what this spec judges.
test.use({ bypassCSP: true });

const AXE_SOURCE = fs.readFileSync(path.join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

const PAGES = [
  { name: 'overview', path: '/' },
  { name: 'network-ionet', path: '/networks/ionet' },
  { name: 'network-akash', path: '/networks/akash' },
  { name: 'compare', path: '/compare?model=h100-sxm-80gb' },
  { name: 'flags', path: '/flags' },
  { name: 'status', path: '/status' },
  { name: 'methodology', path: '/methodology' },
  { name: 'docs-api', path: '/docs/api' },
  { name: 'index', path: '/index' },
  { name: 'embed-supply-ionet', path: '/embed/supply?network=ionet' },
  { name: 'embed-prices-h100', path: '/embed/prices?model=h100-sxm-80gb' },
  { name: 'embed-index-h100', path: '/embed/index?model=h100-sxm-80gb' },
] as const;

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

for (const target of PAGES) {
  test(`${target.name} has no axe violations at 1280 and 390 px, light and dark, and draws without JavaScript`, async ({ page, browser }) => {
    test.slow();
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      // One load per width; the colour scheme is CSS only, so it switches in place.
      await page.goto(target.path);
      await expect(page.locator('h1').first()).toBeVisible();
      // Charts draw after hydration: wait for every wrapper's surface before judging the page.
      const wrappers = page.locator('.recharts-wrapper');
      for (let i = 0; i < (await wrappers.count()); i++) await expect(wrappers.nth(i).locator('> svg.recharts-surface')).toBeVisible();
      await page.addScriptTag({ content: AXE_SOURCE });
      for (const scheme of SCHEMES) {
        const label = `${target.name}-${size.width}-${scheme}`;
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
        const violations = await axeViolations(page);
        await page.screenshot({ path: path.join('test-results', 'screenshots', `${label}.png`), fullPage: true });
        // Soft: one run reports every variant's violations, not only the first failing one's.
        expect.soft(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    // The same page as a reader without JavaScript gets it: the server's HTML alone.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: WIDTHS[0], baseURL: test.info().project.use.baseURL });
    try {
      const bare = await noScript.newPage();
      await bare.goto(target.path);
      await expect(bare.locator('h1').first()).toBeVisible();
      await bare.screenshot({ path: path.join('test-results', 'screenshots', `${target.name}-1280-nojs.png`), fullPage: true });
    } finally {
      await noScript.close();
    }
  });
}

test('a chart is one named Tab stop: no unnamed chart layers on the way through /networks/ionet', async ({ page }) => {
  await page.goto('/networks/ionet');
  const wrappers = page.locator('.recharts-wrapper');
  await expect(wrappers.first().locator('> svg.recharts-surface')).toBeVisible();
  const charts = await wrappers.count();
  const stops: { inChart: boolean; isSurface: boolean; name: string | null; tag: string }[] = [];
  // Every stop of the page, in Tab order, until focus comes round again.
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const wrapper = el.closest('.recharts-wrapper');
      return {
        inChart: wrapper !== null,
        isSurface: wrapper !== null && el.matches('.recharts-wrapper > svg.recharts-surface'),
        name: el.getAttribute('aria-label'),
        tag: el.tagName.toLowerCase(),
        marker: el.hasAttribute('data-tab-seen'),
      };
    });
    if (!stop) continue;
    if (stop.marker) break;
    await page.evaluate(() => document.activeElement?.setAttribute('data-tab-seen', ''));
    stops.push(stop);
  }
  const chartStops = stops.filter((s) => s.inChart);
  expect(chartStops.every((s) => s.isSurface), JSON.stringify(chartStops)).toBe(true);
  expect(chartStops.length).toBeLessThanOrEqual(charts);
  for (const s of chartStops) expect(s.name).toBeTruthy();
});
