/**
 * Contract of GET /api/oembed (oEmbed 1.0): a pasted dashboard URL of ours unfurls into the
 * matching embed; anything else is a 404; bad parameters are 400s naming them, format=xml among them.
 */
import { describe, expect, it } from 'vitest';
import { GET } from './route';

const noContext = { params: Promise.resolve({}) };
const call = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost:3000/api/oembed?${new URLSearchParams(query).toString()}`, { headers: { host: 'localhost:3000', ...headers } }), noContext);

interface OEmbed {
  version: string;
  type: string;
  provider_name: string;
  provider_url: string;
  title: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
}
interface ApiError {
  error: { code: string; message: string; param?: string };
}

const srcOf = (html: string) => /<iframe src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('GET /api/oembed', () => {
  it('unfurls a network page into its free and rentable chart', async () => {
    const response = await call({ url: 'http://localhost:3000/networks/akash?range=30d&model=h100-sxm-80gb', format: 'json' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('etag')).toMatch(/^W\//);
    const body = (await response.json()) as OEmbed;
    expect(body).toMatchObject({
      version: '1.0',
      type: 'rich',
      provider_name: 'Rentable',
      provider_url: 'http://localhost:3000/',
      title: 'Akash Network: free and rentable GPUs per source',
      width: 720,
      height: 564,
      cache_age: 600,
    });
    expect(srcOf(body.html)).toBe('http://localhost:3000/embed/supply?network=akash&range=30d');
    expect(body.html).toContain('<script>');
  });

  it('unfurls /compare into its price chart and a fragment into the section it names', async () => {
    const prices = (await (await call({ url: 'http://localhost:3000/compare?model=a100-sxm-80gb&price=min' })).json()) as OEmbed;
    expect(srcOf(prices.html)).toBe('http://localhost:3000/embed/prices?model=a100-sxm-80gb&price=min');
    expect(prices.title).toMatch(/^Cheapest USD per A100/);
    const price = (await (await call({ url: 'http://localhost:3000/networks/akash?model=h100-sxm-80gb#price-heading' })).json()) as OEmbed;
    expect(srcOf(price.html)).toBe('http://localhost:3000/embed/prices?network=akash&model=h100-sxm-80gb');
  });

  it('fits maxwidth and maxheight by shrinking the plot', async () => {
    const body = (await (await call({ url: 'http://localhost:3000/networks/akash', maxwidth: '500', maxheight: '400' })).json()) as OEmbed;
    expect(body.width).toBe(500);
    expect(body.height).toBe(400);
    expect(srcOf(body.html)).toBe('http://localhost:3000/embed/supply?network=akash&height=156');
  });

  it('marks a pinned embed cacheable for ever', async () => {
    const body = (await (await call({ url: 'http://localhost:3000/embed/supply?network=akash&at=2026-01-01T00:00:00Z' })).json()) as OEmbed;
    expect(body.cache_age).toBe(31_536_000);
    expect(srcOf(body.html)).toBe('http://localhost:3000/embed/supply?network=akash&at=2026-01-01T00:00:00.000Z');
  });

  it('is a 404 for URLs that are not charts of ours', async () => {
    for (const url of ['http://localhost:3000/methodology', 'http://localhost:3000/networks/nowhere', 'https://elsewhere.example/networks/akash']) {
      const response = await call({ url });
      expect(response.status, url).toBe(404);
      expect(((await response.json()) as ApiError).error.code).toBe('not_found');
    }
  });

  it('is a 400 naming the bad parameter', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'http://localhost:3000/networks/akash', maxwidth: 'wide' }, 'maxwidth'],
      [{ url: 'http://localhost:3000/networks/akash', maxwidth: '50' }, 'maxwidth'],
      [{ url: 'http://localhost:3000/networks/akash', maxheight: '100' }, 'maxheight'],
      [{ url: 'http://localhost:3000/networks/akash', format: 'yaml' }, 'format'],
      [{ url: 'http://localhost:3000/networks/akash?range=2w' }, 'url.range'],
      [{ url: 'http://localhost:3000/embed/supply?network=akash&theme=blue' }, 'url.theme'],
    ];
    for (const [query, param] of cases) {
      const response = await call(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(((await response.json()) as ApiError).error).toMatchObject({ code: 'invalid_parameter', param });
    }
  });

  it('answers format=xml with a 400 naming format (no input gets a 5xx)', async () => {
    const response = await call({ url: 'http://localhost:3000/networks/akash', format: 'xml' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiError).error.param).toBe('format');
  });

  it('answers for our configured origin only, whatever Host or X-Forwarded-Host say', async () => {
    // The test servers run with the default RENTABLE_PUBLIC_URL, the listen address localhost:3000.
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const own = await call({ url: 'http://localhost:3000/networks/akash' }, forged);
    expect(own.status).toBe(200);
    const body = (await own.json()) as OEmbed;
    expect(srcOf(body.html)).toBe('http://localhost:3000/embed/supply?network=akash');
    expect(JSON.stringify(body)).not.toContain('evil.example');
    for (const url of ['http://evil.example/networks/ionet', 'https://evil.example/networks/ionet', 'https://localhost:3000/networks/akash', 'http://localhost:3001/networks/akash']) {
      const response = await call({ url }, forged);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('evil.example');
    }
  });

  it('revalidates by ETag', async () => {
    const first = await call({ url: 'http://localhost:3000/networks/akash' });
    const again = await call({ url: 'http://localhost:3000/networks/akash' }, { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
  });
});
