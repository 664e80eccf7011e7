/**
 * A property-based fuzz (fast-check) of every endpoint, page and embed of the running server:
 * random and adversarial values for every parameter the OpenAPI document and the page and embed
 * schemas name, and for path segments. Whatever is sent:
 *   - no answer is a 5xx;
 *   - a 400 names a parameter that was sent (or `path`, or `url.<name>` for oEmbed);
 *   - no answer echoes a sent value unescaped (a marker tag never appears raw in a body);
 *   - every answer carries our security headers.
 * The seed is printed on failure (fast-check), so a counterexample replays exactly.
 */
import fc from 'fast-check';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { COMPARE_PAGE_KEYS } from '../app/compare/search-params';
import { NETWORK_PAGE_KEYS } from '../app/networks/[slug]/search-params';
import { embedParamNames } from '../lib/embed/params';
import { NETWORKS } from '../lib/networks';
import { VIEW_KEYS } from '../lib/view-state';

const MARK = 'rentable-echo';
const now = Date.parse(process.env.RENTABLE_NOW ?? '2026-11-24T12:05:00Z');
const isoDay = (offsetDays: number) => new Date(now + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Values that broke, or could break, a parser: each was a 500 or an echo somewhere once. */
const ADVERSARIAL = [
  '',
  ' ',
  '2026-11-20Z',
  '2026-11-20 00:00',
  '2026-11-20,',
  '2026-11-20t00:00',
  '2026-02-30',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2019-12-31',
  '1e308',
  '-1',
  'NaN',
  'Infinity',
  '0001',
  '00',
  '%',
  '%zz',
  '%C0%AF',
  '\u0000',
  '\uffff',
  '💥',
  'x'.repeat(3_000),
  `<${MARK}>`,
  `"><${MARK} a=1>`,
  `unknown:<${MARK}>`,
  `unknown:${'y'.repeat(200)}`,
  '=HYPERLINK("x")',
  'javascript:alert(1)',
  '../../etc/passwd',
  'all',
  'custom',
  '__proto__',
  'constructor',
];

/** Plausible values by parameter name, beside those the OpenAPI document declares. */
const PLAUSIBLE: Record<string, string[]> = {
  range: ['24h', '7d', '30d', '90d', '1y', 'all', 'custom'],
  from: [isoDay(-3), `${isoDay(-2)}T06:00:00Z`, isoDay(-200), '2024-05-01'],
  to: [isoDay(0), `${isoDay(1)}T00:00:00+00:00`, isoDay(-1), isoDay(2)],
  resolution: ['auto', 'hour', 'day'],
  model: ['all', 'h100-sxm-80gb', 'rtx-4090', 'a100-sxm-80gb', 'mi325x'],
  scale: ['linear', 'log'],
  compare: ['0', '1'],
  network: NETWORKS.map((n) => n.slug),
  status: ['claimed', 'free', 'rentable', 'claimed,rentable', 'free,rentable'],
  format: ['json', 'csv'],
  price: ['median', 'min'],
  theme: ['auto', 'light', 'dark'],
  transparent: ['0', '1'],
  height: ['120', '320', '1200', '119', '1201'],
  series: ['akash-gpu-prices', 'aws', 'akash-gpu-prices,aws'],
  at: [`${isoDay(-1)}T00:00:00Z`, isoDay(-5)],
  unit: ['gpus', 'nodes'],
  maxwidth: ['200', '720', '50'],
  maxheight: ['400', '100'],
  id: ['1', '2', '999999'],
  sha256: ['0'.repeat(64)],
};

interface Spec {
  name: string;
  values: string[];
}

const valueFor = (spec: Spec) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...spec.values) },
    { weight: 3, arbitrary: fc.constantFrom(...ADVERSARIAL) },
    { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );

/** A query string: some of the named parameters, sometimes one twice, sometimes a name nobody reads. */
const queryFor = (specs: Spec[]) =>
  fc
    .tuple(
      fc.subarray(specs, { maxLength: Math.min(6, specs.length) }).chain((chosen) => fc.tuple(...chosen.map((spec) => valueFor(spec).map((value) => [spec.name, value] as [string, string])))),
      fc.option(fc.constantFrom(...specs).chain((spec) => valueFor(spec).map((value) => [spec.name, value] as [string, string])), { freq: 5 }),
      fc.option(fc.constantFrom<[string, string]>(['utm_source', 'news'], [`<${MARK}>`, '1'], ['bogus', `<${MARK}>`]), { freq: 6 }),
    )
    .map(([pairs, repeated, unknown]) => {
      const params = new URLSearchParams(pairs);
      if (repeated) params.append(...repeated);
      if (unknown) params.append(...unknown);
      return params;
    });

const segmentArbitrary = (valid: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom(...ADVERSARIAL).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom('%zz', '%', '%C0%AF', '%E0%80', '%2F', '..', '%00', `%3C${MARK}%3E`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }).map(encodeURIComponent) },
  );

interface Sent {
  path: string;
  /** The names in the query string, and every name the endpoint reads (a missing one may be named). */
  names: string[];
}

function expectSafe(response: APIResponse, body: string, sent: Sent, kind: 'json' | 'html') {
  const where = `${response.status()} ${sent.path}`;
  expect(response.status(), where).toBeLessThan(500);
  const headers = response.headers();
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['content-security-policy'], where).toBeTruthy();
  expect(body.includes(`<${MARK}`), `${where} echoes a value unescaped`).toBe(false);
  expect(headers.location?.includes('<') ?? false, where).toBe(false);
  if (response.status() !== 400) return;
  if (kind === 'json' && headers['content-type']?.startsWith('application/json')) {
    const param = (JSON.parse(body) as { error?: { param?: string } }).error?.param;
    expect(param, `${where}: a 400 names its parameter`).toBeTruthy();
    const named = param === 'path' || sent.names.includes(param!) || (param!.startsWith('url.') && sent.names.includes('url'));
    expect(named, `${where}: names ${param}, which was not sent (${sent.names.join(', ')})`).toBe(true);
  } else {
    // Pages and embeds print `<param>: <what is allowed>` in their error panel.
    const named = sent.names.some((name) => body.includes(`${escapeHtml(name)}: `) || body.includes(`data-param="${escapeHtml(name)}"`)) || body.includes('percent-encoding');
    expect(named, `${where}: a 400 page names one of ${sent.names.join(', ')}`).toBe(true);
  }
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function send(request: APIRequestContext, path: string, params: URLSearchParams, known: readonly string[]) {
  const query = params.toString();
  const url = `${path}${query ? `?${query}` : ''}`;
  const response = await request.get(url, { maxRedirects: 0, failOnStatusCode: false });
  return { response, body: await response.text(), sent: { path: url, names: [...new Set([...params.keys(), ...known])] } };
}

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  schema: { enum?: string[]; default?: unknown; items?: { enum?: string[] } };
  example?: unknown;
}

test.describe.configure({ timeout: 180_000 });

test('the API: no 5xx, every 400 names its parameter, nothing echoed, headers on every answer', async ({ request }) => {
  const document = (await (await request.get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { parameters?: OpenApiParameter[] } }> };
  const endpoints = Object.entries(document.paths).map(([path, item]) => {
    const parameters = item.get.parameters ?? [];
    const spec = (p: OpenApiParameter): Spec => ({
      name: p.name,
      values: [...new Set([...(p.schema.enum ?? []), ...(p.schema.items?.enum ?? []), ...(typeof p.example === 'string' ? [p.example] : []), ...(PLAUSIBLE[p.name] ?? [])])].filter(Boolean),
    });
    return { path, pathParams: parameters.filter((p) => p.in === 'path').map(spec), query: parameters.filter((p) => p.in === 'query').map(spec) };
  });
  expect(endpoints.length).toBeGreaterThanOrEqual(10);
  const requestArbitrary = fc.constantFrom(...endpoints).chain((endpoint) =>
    fc.tuple(
      fc.constant(endpoint),
      fc.tuple(...endpoint.pathParams.map((p) => segmentArbitrary(p.values.length > 0 ? p.values : ['x']))),
      queryFor(endpoint.query.length > 0 ? endpoint.query : [{ name: 'range', values: PLAUSIBLE.range! }]),
    ),
  );
  await fc.assert(
    fc.asyncProperty(requestArbitrary, async ([endpoint, segments, params]) => {
      let path = endpoint.path;
      endpoint.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, segments[i] ?? '')));
      const { response, body, sent } = await send(request, path, params, [...endpoint.pathParams, ...endpoint.query].map((p) => p.name));
      expectSafe(response, body, sent, 'json');
    }),
    { numRuns: 1_000 },
  );
});

const PAGES: { path: fc.Arbitrary<string>; names: readonly string[] }[] = [
  { path: segmentArbitrary(NETWORKS.map((n) => n.slug)).map((slug) => `/networks/${slug}`), names: NETWORK_PAGE_KEYS },
  { path: fc.constant('/compare'), names: COMPARE_PAGE_KEYS },
  { path: fc.constant('/flags'), names: VIEW_KEYS },
  { path: fc.constantFrom('/', '/status', '/methodology', '/docs/api'), names: VIEW_KEYS },
  { path: fc.constant('/embed/supply'), names: embedParamNames('supply') },
  { path: fc.constant('/embed/prices'), names: embedParamNames('prices') },
];

const specsOf = (names: readonly string[]): Spec[] => names.map((name) => ({ name, values: PLAUSIBLE[name] ?? ['x'] }));

const pageArbitrary = fc.constantFrom(...PAGES).chain((page) => fc.tuple(page.path, queryFor(specsOf(page.names)), fc.constant(page.names)));

test('pages and embeds: no 5xx, an invalid value of a known parameter is a 400 naming it, nothing echoed', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(pageArbitrary, async ([path, params, names]) => {
      const { response, body, sent } = await send(request, path, params, names);
      expectSafe(response, body, sent, 'html');
      // An HTML answer of 200 is a page that drew: it has no error panel.
      if (response.status() === 200 && response.headers()['content-type']?.startsWith('text/html')) {
        expect(body.includes('data-testid="invalid-parameter"') || body.includes('class="panel error-state"'), `200 with an error panel: ${sent.path}`).toBe(false);
      }
    }),
    { numRuns: 400 },
  );
});

test('oEmbed: answers only for our own dashboard URLs; their parameters are checked like the pages', async ({ request, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:3200').origin;
  const target = fc.tuple(fc.constantFrom(origin, 'http://evil.example', `https://${new URL(origin).host}`, 'javascript:'), pageArbitrary).map(([base, [path, params]]) => {
    const query = params.toString();
    return `${base}${path}${query ? `?${query}` : ''}`;
  });
  await fc.assert(
    fc.asyncProperty(target, fc.option(fc.constantFrom('json', 'xml', `<${MARK}>`)), async (url, format) => {
      const params = new URLSearchParams({ url });
      if (format) params.set('format', format);
      const { response, body, sent } = await send(request, '/api/oembed', params, ['url', 'format', 'maxwidth', 'maxheight']);
      expectSafe(response, body, sent, 'json');
      if (!url.startsWith(origin)) expect(response.status(), url).not.toBe(200);
      if (response.status() === 200) expect(body, url).not.toContain('evil.example');
    }),
    { numRuns: 200 },
  );
});
