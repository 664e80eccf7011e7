/**
 * USD prices of the tokens DePIN listings are priced in, from CoinGecko's public
 * `/simple/price` endpoint. They only convert token-priced listings to USD (see
 * `ParseContext.tokenUsdRate`); they are not a network's figures, so this source belongs to no
 * network and the ingest layer wires it apart from the network sources.
 *
 * Unit traps: prices are USD per whole token (not per micro-unit such as uakt); a very small
 * price comes back in scientific notation (`1.5e-7`), which is an ordinary JSON number; a coin
 * CoinGecko has no price for is either missing from the response or `"usd": null`, and that
 * token simply gets no rate (never 0, which would make its listings free).
 */
import { z } from 'zod';
import { buildSnapshot, decodeJson } from './parse-helpers';
import type { ParseResult, SourceAdapter, TokenPriceObservation } from './types';

/** A token-price source: a `SourceAdapter` that belongs to no network. */
export type TokenPriceAdapter = Omit<SourceAdapter, 'network'>;

/** Symbol as listings name it → CoinGecko coin id. */
export const COINGECKO_IDS = {
  AKT: 'akash-network',
  NOS: 'nosana',
  IO: 'io-net',
  RENDER: 'render-token',
  GLM: 'golem',
  CLORE: 'clore-ai',
  USDC: 'usd-coin',
} as const;

const coinSchema = z.object({
  usd: z.number().nullable(),
  // Unix seconds; with include_last_updated_at=true. Kept optional: we do not rely on it.
  last_updated_at: z.number().nullable().optional(),
});

export const simplePriceSchema = z.record(z.string(), coinSchema);

/** CoinGecko's error body (rate limit, bad key): `{status: {error_code, error_message}}`. */
const errorSchema = z.object({
  status: z.object({ error_code: z.number().optional(), error_message: z.string() }),
});

export const tokenPricesCoingecko: TokenPriceAdapter = {
  id: 'token-prices-coingecko',
  name: 'CoinGecko: token prices in USD',
  description: `USD price of ${Object.keys(COINGECKO_IDS).join(', ')} from CoinGecko's public simple/price endpoint, for converting token-priced listings.`,
  version: 1,
  // CoinGecko's public API: the market price aggregator's own documented endpoint.
  evidenceGrade: 'official-api',
  baseUrlVariable: 'TOKEN_PRICES_BASE_URL',
  defaultBaseUrl: 'https://api.coingecko.com',
  request: {
    method: 'GET',
    path: `/api/v3/simple/price?ids=${Object.values(COINGECKO_IDS).join(',')}&vs_currencies=usd&include_last_updated_at=true`,
  },
  // Keyless works; a free demo key raises the limits.
  apiKey: { variable: 'COINGECKO_API_KEY', header: 'x-cg-demo-api-key', required: false },
  // Public/demo plans allow about 30 calls a minute.
  rateLimitPerMinute: 30,
  // CoinGecko refreshes simple/price about every minute; 15 minutes keeps a demo key's
  // monthly call allowance (10,000) with room to spare and is ample for converting listings.
  minIntervalMinutes: 15,
  methodology: [
    {
      figure: 'price',
      field: '<coin id>.usd (USD per whole token)',
      reasoning:
        'CoinGecko’s aggregated spot price across exchanges, used only to convert listings priced in AKT, NOS, IO, RENDER, GLM, CLORE or USDC into USD at the time of the scrape.',
    },
    {
      figure: 'price',
      field: 'missing coin or "usd": null',
      reasoning: 'No rate is stored for that token, so its listings get no USD price rather than a guessed or zero one.',
    },
  ],
  parse(bytes): ParseResult {
    const upstreamError = decodeJson(bytes, errorSchema);
    if (upstreamError.ok) {
      const { error_code: code, error_message: message } = upstreamError.value.status;
      return { ok: false, error: `upstream error${code !== undefined ? ` ${code}` : ''}: ${message}` };
    }
    const decoded = decodeJson(bytes, simplePriceSchema);
    if (!decoded.ok) return decoded;
    const coins = decoded.value;

    const tokenPrices: TokenPriceObservation[] = [];
    for (const [symbol, coinId] of Object.entries(COINGECKO_IDS)) {
      const usd = coins[coinId]?.usd;
      if (usd === undefined || usd === null || !Number.isFinite(usd) || usd <= 0) continue;
      tokenPrices.push({ symbol, usd });
    }
    // Seven listed coins with no price at all is CoinGecko failing, not every token dying.
    if (tokenPrices.length === 0) return { ok: false, error: 'no token prices returned (upstream returned an empty response)' };

    const snapshot = buildSnapshot([], []);
    if (!snapshot.ok) return snapshot;
    return { ok: true, value: { ...snapshot.value, tokenPrices } };
  },
};
