/**
 * What a reader downloads: /compare at 7 days stays under its HTML budget (issue 10), and the
 * page's inline flight data carries each series of the view once, the series the API sends for
 * the same view and no other copy of them in any form. Run against the e2e server's data; the
 * figures on demo data: `npx tsx scripts/page-weight.ts <base URL>`.
 */
import { test, expect } from './fixtures';
import { isPackedSeriesList, unpackSeriesList } from '../lib/api/packed-series';
import { modelSupplyPath, pricesPath } from '../lib/api/query-options';
import type { ModelSupplyResponse, PricesResponse } from '../lib/api/responses';
import type { Series } from '../lib/queries/series';
import { findObjects, flightValues, longestRepeats, weighPage } from '../lib/page-weight';
import { parseViewState } from '../lib/view-state';
import { COMPARE_SUPPLY_STATUSES } from '../app/compare/search-params';

const PAGE = '/compare?model=h100-sxm-80gb&range=7d';
/** Bytes of HTML, uncompressed: what a reader on a slow link waits for before the first chart. */
const BUDGET = 150_000;

const identity = (s: Series) => `${s.sourceId} ${s.gpuModel} ${s.metric}`;

test('/compare at 7 days is under its HTML budget and sends each series once', async ({ request }) => {
  const view = parseViewState(new URLSearchParams(PAGE.split('?')[1]));
  const apiSeries = async () => {
    const supply = (await (await request.get(modelSupplyPath(COMPARE_SUPPLY_STATUSES, view))).json()) as ModelSupplyResponse;
    const prices = (await (await request.get(pricesPath(view))).json()) as PricesResponse;
    return [...supply.series, ...prices.series];
  };
  // The app keeps scraping: the page is read between two identical reads of the API, so both
  // saw the same data.
  let html = '';
  let api: Series[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await apiSeries();
    const response = await request.get(PAGE);
    expect(response.status()).toBe(200);
    html = await response.text();
    api = await apiSeries();
    if (JSON.stringify(before) === JSON.stringify(api)) break;
  }
  const weight = weighPage(html);
  expect(weight.htmlBytes, `${PAGE}: ${weight.htmlBytes} bytes of HTML`).toBeLessThan(BUDGET);
  // The server's HTML draws the charts and fills the tables (JavaScript off), the flight is the data.
  expect(weight.markup).toContain('data-testid="chart-data-table"');
  expect(weight.markup).toMatch(/<svg [^>]*class="svg-chart"/);

  // The series the page hands the browser are the API's for the same view, each once.
  expect(api.length, 'the e2e data holds series for the page to send').toBeGreaterThan(2);
  const sent = findObjects(flightValues(weight.flightData), isPackedSeriesList).flatMap((list) => unpackSeriesList(list));
  expect(sent.map(identity).sort()).toEqual(api.map(identity).sort());
  expect(new Set(sent.map(identity)).size).toBe(sent.length);
  for (const series of api) expect(sent.find((s) => identity(s) === identity(series)), identity(series)).toEqual(series);

  // No second copy in another shape (chart rows as props, a table tree, unpacked points): the
  // flight data holds no long string twice, and no point as an object with its field names.
  const repeats = longestRepeats(weight.flightData, 1).filter((r) => r.length >= 256);
  expect(repeats.map((r) => `${r.length} chars ×${r.count}: ${r.sample.slice(0, 120)}`)).toEqual([]);
  expect(weight.flightData).not.toContain('"observedAt":');
});
