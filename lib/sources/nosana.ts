/**
 * Nosana, through the backend its own dashboard calls (`useAPI('/markets')` against
 * `NUXT_PUBLIC_API_BASE=https://dashboard.k8s.prd.nosana.com/api` in nosana-ci/nosana-dashboard);
 * no key for GET. Field names from the official dashboard, the
 * nosana-kit test fixtures (`TEST_MOCK_MARKET`) and independent clients (see
 * ../shared/SOURCES.md §5).
 *
 * Unit traps:
 * - `usd_reward_per_hour` is what the *host* earns; the user pays it plus the network fee
 *   (`network_fee_percentage`, 10%: the dashboard's `NETWORK_FEE_MULTIPLIER = 1.1`).
 * - A market is priced per host and Nosana hosts run one GPU each ("1 GPU per PC"), except the
 *   enterprise multi-GPU markets (`nvidia-8x-a5000`, "Market Enterprise 8xA5000"), whose
 *   price covers the whole host: divided by the GPU count the market's name states.
 * - `nos_job_price_per_second` is NOS per second, fee included (0.0002156 = 0.000196 × 1.1 in
 *   the kit fixture); used only when a market has no USD price, and only with a NOS rate.
 *
 * Supply is left out: the markets list carries no queue (its `nodes` array is empty in the
 * list); idle nodes sit in each market's on-chain NODE_QUEUE, which this source does not read.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { buildSnapshot, decodeJson, priceStatistics, validateRecords } from './parse-helpers';
import type { ParseContext, PriceObservation, SourceAdapter, TokenConversion } from './types';

/** One market record; the list is validated record by record (validateRecords). */
export const marketSchema = z.object({
  address: z.string().optional(),
  slug: z.string(),
  name: z.string(),
  type: z.string().optional(),
  // Documented as float/null: markets priced only in NOS carry null here.
  usd_reward_per_hour: z.number().nullable(),
  nos_job_price_per_second: z.number().nullable().optional(),
  network_fee_percentage: z.number().nonnegative().nullable().optional(),
  gpu_types: z.array(z.string()),
});

/** `GET /markets` answers a bare array of market records. */
export const marketsSchema = z.array(z.unknown());

type Market = z.infer<typeof marketSchema>;

/** The dashboard's fixed `NETWORK_FEE_MULTIPLIER = 1.1`, used when a market omits its fee. */
const DEFAULT_NETWORK_FEE_PERCENT = 10;
const SECONDS_PER_HOUR = 3600;

/** `nvidia-8x-a5000`, `Market Enterprise 8xA5000`: the GPU count of a multi-GPU host. */
const MULTI_GPU_HOST = /(?:^|[^a-z0-9])(\d{1,2})\s*x(?=[\s-]?[a-z])/i;

function gpusPerHost(market: Market): number {
  for (const text of [market.slug, market.name]) {
    const count = Number(MULTI_GPU_HOST.exec(text)?.[1]);
    if (Number.isInteger(count) && count >= 2) return count;
  }
  return 1;
}

interface HostPrice {
  usdPerHostHour: number;
  token?: TokenConversion;
}

/** What a user pays per host-hour, in USD, or null when the market gives no price we can use. */
function userPricePerHostHour(market: Market, context: ParseContext): HostPrice | null {
  if (market.usd_reward_per_hour != null && market.usd_reward_per_hour > 0) {
    const feePercent = market.network_fee_percentage ?? DEFAULT_NETWORK_FEE_PERCENT;
    return { usdPerHostHour: market.usd_reward_per_hour * (1 + feePercent / 100) };
  }
  const nosPerSecond = market.nos_job_price_per_second;
  if (nosPerSecond == null || nosPerSecond <= 0) return null;
  const token = context.tokenUsdRate?.('NOS');
  if (!token) return null; // never a guessed NOS rate
  return { usdPerHostHour: nosPerSecond * SECONDS_PER_HOUR * token.usdRate, token };
}

interface Listing {
  usdPerGpuHour: number;
  token?: TokenConversion;
}

/** The model's statistics over its markets, carrying the token of the first NOS-priced one. */
function marketStatistics(gpuModel: string, listings: readonly Listing[]): PriceObservation[] {
  const token = listings.find((l) => l.token)?.token;
  return priceStatistics(gpuModel, listings.map((l) => l.usdPerGpuHour), { token });
}

export const nosanaMarkets: SourceAdapter = {
  id: 'nosana-markets',
  network: 'nosana',
  name: 'Nosana backend: GPU markets',
  description:
    'Every Nosana GPU market with the GPU types it admits and its hourly price; USD per GPU-hour as the user pays it (host reward plus the 10% network fee).',
  // 2: market records validated one by one (a bad record is skipped and counted, not fatal).
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'NOSANA_API_BASE_URL',
  // What the official dashboard calls in production: `NUXT_PUBLIC_API_BASE` in
  // nosana-ci/nosana-dashboard `.env.production` (f347c802, 2026-08-18); it moved from
  // dashboard.k8s.prd.nos.ci.
  defaultBaseUrl: 'https://dashboard.k8s.prd.nosana.com/api',
  request: { method: 'GET', path: '/markets' },
  // Market prices are set by Nosana and move rarely; hourly is plenty.
  minIntervalMinutes: 60,
  methodology: [
    {
      figure: 'claimed',
      field: 'none',
      reasoning:
        'The markets list carries no node or GPU count, and Nosana publishes no GPU total through an API; its claims are marketing copy (cost savings), not sizes.',
    },
    {
      figure: 'free',
      field: 'none',
      reasoning:
        'Idle nodes wait in each market’s on-chain queue (queueType NODE_QUEUE), which /api/markets does not carry: the documented list shape has no queue field and its `nodes` array is always empty. Not read rather than guessed.',
    },
    {
      figure: 'rentable',
      field: 'none',
      reasoning:
        'Rentable needs idle nodes in a priced market; without the queue we cannot tell which priced markets have a node waiting, so prices below are list prices of markets, not proof of an idle GPU.',
    },
    {
      figure: 'price',
      field: 'usd_reward_per_hour × (1 + network_fee_percentage / 100), per gpu_types entry',
      reasoning:
        'usd_reward_per_hour is the host’s reward; the user also pays the 10% network fee (the dashboard multiplies by 1.1). A market admits several GPU types (e.g. RTX 4090 and 4090 D) and its price applies to each. Statistics are taken over the markets listing a model (PREMIUM and COMMUNITY alike).',
    },
    {
      figure: 'price',
      field: 'market slug/name "<n>x" (e.g. nvidia-8x-a5000)',
      reasoning: 'Multi-GPU enterprise markets hire out the whole host: their price is divided by the GPU count in the name.',
    },
    {
      figure: 'price',
      field: 'nos_job_price_per_second × 3600 × NOS/USD, only where usd_reward_per_hour is null',
      reasoning:
        'A market priced only in NOS (fee included in the job price) is converted at the last NOS rate; without a rate it gets no price.',
    },
  ],
  parse(bytes, context) {
    const decoded = decodeJson(bytes, marketsSchema);
    if (!decoded.ok) return decoded;
    // Nosana runs dozens of markets; an empty list is the backend failing, not the network closing.
    if (decoded.value.length === 0) return { ok: false, error: 'no markets listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value, marketSchema, 'market');
    if (!validated.ok) return validated;
    const markets = validated.records;

    const listingsByModel = new Map<string, Listing[]>();
    for (const market of markets) {
      const price = userPricePerHostHour(market, context);
      if (!price) continue;
      const listing: Listing = { usdPerGpuHour: price.usdPerHostHour / gpusPerHost(market), token: price.token };
      // Two published names can land on one canonical model: one market is one listing.
      const models = new Set(market.gpu_types.map((name) => normaliseGpuModel(name)));
      for (const gpuModel of models) {
        const listings = listingsByModel.get(gpuModel) ?? [];
        listings.push(listing);
        listingsByModel.set(gpuModel, listings);
      }
    }
    if (listingsByModel.size === 0) {
      return { ok: false, error: `none of ${markets.length} markets carries a usable price and GPU type` };
    }
    const prices = [...listingsByModel].flatMap(([gpuModel, listings]) => marketStatistics(gpuModel, listings));
    return buildSnapshot([], prices, validated.rejected);
  },
};
