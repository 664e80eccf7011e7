import { describe, expect, it } from 'vitest';
import { ByteCappedLru, matchesEtag, minuteOf, requestParameters, VersionedCache, versionedEtag } from './versioned-cache';

const answer = (text: string, status = 200) => ({ status, body: new TextEncoder().encode(text), headers: { 'content-type': 'text/plain' } });

describe('ByteCappedLru', () => {
  it('evicts the least recently used past its cap in bytes, and refuses an entry over a quarter of it', () => {
    const lru = new ByteCappedLru<string>(100);
    lru.set('a', 'A', 20);
    lru.set('b', 'B', 20);
    lru.set('c', 'C', 20);
    expect(lru.get('a')).toBe('A');
    lru.set('d', 'D', 20);
    lru.set('e', 'E', 20);
    expect(lru.bytes).toBe(100);
    lru.set('f', 'F', 20);
    // b was the least recently used (a was read after it).
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.bytes).toBe(100);
    expect(lru.set('huge', 'H', 26)).toBe(false);
    expect(lru.get('huge')).toBeUndefined();
  });
});

describe('VersionedCache', () => {
  it('computes once for concurrent requests of one key, and keeps only 200s and redirects', async () => {
    const cache = new VersionedCache(1024 * 1024);
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return answer('body');
    };
    const results = await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    expect(computed).toBe(1);
    expect(results.map((r) => r.hit)).toEqual([false, true, true]);
    expect((await cache.getOrCompute('k', compute)).hit).toBe(true);
    let failures = 0;
    const failing = async () => {
      failures++;
      return answer('bad', 400);
    };
    await cache.getOrCompute('bad', failing);
    await cache.getOrCompute('bad', failing);
    expect(failures).toBe(2);
    let redirects = 0;
    const redirect = async () => {
      redirects++;
      return answer('', 307);
    };
    await cache.getOrCompute('moved', redirect);
    expect((await cache.getOrCompute('moved', redirect)).hit).toBe(true);
    expect(redirects).toBe(1);
  });
});

describe('VersionedCache.getOrRefresh', () => {
  it('serves the minute before at once while this minute is computed once, and waits only when there is none', async () => {
    const cache = new VersionedCache(1024 * 1024);
    let release: () => void = () => undefined;
    let computed = 0;
    const slow = () => {
      computed++;
      return new Promise<ReturnType<typeof answer>>((resolve) => {
        release = () => resolve(answer('minute 2'));
      });
    };
    await cache.getOrCompute('v1|m1|/p', async () => answer('minute 1'));
    const [first, second] = await Promise.all([cache.getOrRefresh('v1|m2|/p', 'v1|m1|/p', slow), cache.getOrRefresh('v1|m2|/p', 'v1|m1|/p', slow)]);
    expect([first.result, second.result]).toEqual(['stale', 'stale']);
    expect(new TextDecoder().decode(first.answer.body)).toBe('minute 1');
    expect(computed).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = await cache.getOrRefresh('v1|m2|/p', 'v1|m1|/p', slow);
    expect(now.result).toBe('hit');
    expect(new TextDecoder().decode(now.answer.body)).toBe('minute 2');
    // Another data version has no minute before to serve: the reader waits for its answer.
    const fresh = await cache.getOrRefresh('v2|m2|/p', 'v2|m1|/p', async () => answer('version 2'));
    expect(fresh.result).toBe('miss');
    expect(new TextDecoder().decode(fresh.answer.body)).toBe('version 2');
  });
});

describe('keys and ETags', () => {
  it('orders parameters, rounds now to the minute, and matches weak ETags', () => {
    expect(requestParameters(new URL('http://x/api/v1/supply?range=7d&network=akash'))).toBe(requestParameters(new URL('http://x/api/v1/supply?network=akash&range=7d')));
    expect(requestParameters(new URL('http://x/a?n=1'))).not.toBe(requestParameters(new URL('http://x/b?n=1')));
    expect(minuteOf(Date.parse('2026-11-24T12:05:59.999Z'))).toBe(Date.parse('2026-11-24T12:05:00Z'));
    const etag = versionedEtag('7.abc', '/api/v1/networks?', Date.parse('2026-11-24T12:05:00Z'));
    expect(etag).toMatch(/^W\/"v7\.abc-[A-Za-z0-9_-]{16}"$/);
    expect(versionedEtag('7.abc', '/api/v1/networks?', Date.parse('2026-11-24T12:06:00Z'))).not.toBe(etag);
    expect(versionedEtag('8.abc', '/api/v1/networks?', Date.parse('2026-11-24T12:05:00Z'))).not.toBe(etag);
    expect(matchesEtag(`"x", ${etag}`, etag)).toBe(true);
    expect(matchesEtag(etag.slice(2), etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('W/"other"', etag)).toBe(false);
    expect(matchesEtag(null, etag)).toBe(false);
  });
});
