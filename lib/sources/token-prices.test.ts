import { describe, expect, it } from 'vitest';
import { readManifest, readRecording } from './recordings';
import { COINGECKO_IDS, tokenPricesCoingecko } from './token-prices';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectFailure, json, parsed } from './test-helpers';
import type { ParsedSnapshot } from './types';

const context = contextAt('2026-07-17T12:00:00Z');

function usdOf(snapshot: ParsedSnapshot, symbol: string) {
  return snapshot.tokenPrices?.find((t) => t.symbol === symbol)?.usd;
}

describe('token-prices-coingecko parse', () => {
  it('reads the USD price of every tracked token from the recorded payload', () => {
    const snapshot = parsed(tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.json'), context));
    expect(snapshot.tokenPrices).toEqual([
      { symbol: 'AKT', usd: 0.543761 },
      { symbol: 'NOS', usd: 0.4412 },
      { symbol: 'IO', usd: 0.5387 },
      { symbol: 'RENDER', usd: 2.87 },
      { symbol: 'GLM', usd: 0.2391 },
      { symbol: 'CLORE', usd: 0.01104 },
      { symbol: 'USDC', usd: 0.999812 },
    ]);
    expect(snapshot.supply).toEqual([]);
    expect(snapshot.prices).toEqual([]);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('requests every tracked coin id, and the manifest names that path', () => {
    const path = tokenPricesCoingecko.request.path;
    for (const id of Object.values(COINGECKO_IDS)) expect(path).toContain(id);
    expect(path).toContain('vs_currencies=usd');
    expect(path).toContain('include_last_updated_at=true');
    expect(readManifest('tokens').recordings.map((r) => r.path)).toEqual([path]);
    expect(tokenPricesCoingecko.apiKey).toEqual({ variable: 'COINGECKO_API_KEY', header: 'x-cg-demo-api-key', required: false });
  });

  it('leaves out a token missing from the response or priced null, never recording 0', () => {
    const snapshot = parsed(tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.partial.json'), context));
    expect(usdOf(snapshot, 'IO')).toBeUndefined();
    expect(usdOf(snapshot, 'CLORE')).toBeUndefined();
    expect(usdOf(snapshot, 'AKT')).toBe(0.543761);
    expect(snapshot.tokenPrices).toHaveLength(5);
    expect(snapshot.tokenPrices?.some((t) => t.usd === 0)).toBe(false);
  });

  it('unit trap: a tiny price in scientific notation is read as the number it is', () => {
    const snapshot = parsed(
      tokenPricesCoingecko.parse(new TextEncoder().encode('{"clore-ai":{"usd":1.5e-7},"nosana":{"usd":4.412E-1}}'), context),
    );
    expect(usdOf(snapshot, 'CLORE')).toBe(0.00000015);
    expect(usdOf(snapshot, 'NOS')).toBe(0.4412);
  });

  it('unit trap: a zero or negative price is no price (it would make listings free)', () => {
    const snapshot = parsed(tokenPricesCoingecko.parse(json({ 'akash-network': { usd: 0 }, golem: { usd: -1 }, 'usd-coin': { usd: 1 } }), context));
    expect(snapshot.tokenPrices).toEqual([{ symbol: 'USDC', usd: 1 }]);
  });

  it('ignores coins it did not ask for', () => {
    const snapshot = parsed(tokenPricesCoingecko.parse(json({ bitcoin: { usd: 118000 }, 'render-token': { usd: 2.87 } }), context));
    expect(snapshot.tokenPrices).toEqual([{ symbol: 'RENDER', usd: 2.87 }]);
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.malformed.json'), context);
    expectFailure(result, /^not JSON/);
  });

  it('fails an empty response instead of recording no rates', () => {
    expect(tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.empty.json'), context)).toEqual({
      ok: false,
      error: expect.stringContaining('empty response'),
    });
    expect(tokenPricesCoingecko.parse(json({ 'akash-network': { usd: null } }), context).ok).toBe(false);
    expectEmptyBodyRefused(tokenPricesCoingecko, context);
  });

  it('fails a changed shape, naming the renamed and retyped fields', () => {
    const result = tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.changed-shape.json'), context);
    expectChangedShape(result, 'akash-network.usd', 'nosana.usd');
  });

  it('reports CoinGecko’s own error body (rate limit) as an upstream error', () => {
    const result = tokenPricesCoingecko.parse(readRecording('tokens', 'simple-price.rate-limited.json'), context);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^upstream error 429: You've exceeded the Rate Limit/) });
  });
});
