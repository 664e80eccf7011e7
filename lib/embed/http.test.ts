import { describe, expect, it } from 'vitest';
import { embedCacheControl, etagMatches, etagOf, IMMUTABLE, invalidEmbedHtml, PIN_SETTLE_MS } from './http';

const now = new Date('2026-11-24T12:00:00Z');

describe('embedCacheControl', () => {
  it('lets a settled pinned embed be cached for ever', () => {
    expect(embedCacheControl({ at: new Date(now.getTime() - PIN_SETTLE_MS) }, now)).toBe(IMMUTABLE);
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates a pin younger than a run can take to be stored', () => {
    expect(embedCacheControl({ at: new Date(now.getTime() - 5_000) }, now)).toBe('public, no-cache');
  });

  it('matches a live embed to the scrape interval', () => {
    // SCRAPE_INTERVAL_MINUTES defaults to 10.
    expect(embedCacheControl({ at: null }, now)).toBe('public, max-age=60, s-maxage=600, stale-while-revalidate=600');
  });
});

describe('ETags', () => {
  it('are weak, stable and differ with the bytes', () => {
    expect(etagOf('<p>a</p>')).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf('<p>a</p>')).toBe(etagOf('<p>a</p>'));
    expect(etagOf('<p>a</p>')).not.toBe(etagOf('<p>b</p>'));
  });

  it('match If-None-Match lists, weakly, and *', () => {
    const etag = etagOf('x');
    expect(etagMatches(null, etag)).toBe(false);
    expect(etagMatches(`"zzz", ${etag}`, etag)).toBe(true);
    expect(etagMatches(etag.replace(/^W\//, ''), etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('W/"other"', etag)).toBe(false);
  });
});

describe('invalidEmbedHtml', () => {
  it('names the parameter, escaped, and reports its height to the host', () => {
    const html = invalidEmbedHtml('theme: must be light, dark or auto <b>', 'theme');
    expect(html).toContain('data-param="theme"');
    expect(html).toContain('theme: must be light, dark or auto &lt;b&gt;');
    expect(html).toContain('rentable:embed-height');
  });
});
