/**
 * Fluence GPU cloud, through its plan catalogue (see ../shared/SOURCES.md §11). Shapes from
 * Fluence's own docs ("Browse available GPU plans"): `/gpu/plans/vms` and `/gpu/plans/baremetal`
 * answer the same structure, `{data: [{gpu_model, minimum_price, availability_by_number: [{gpu_count,
 * options_available_total, providers, options: [{pricing: {hour, currency}}]}]}]}`. Both need an
 * `X-API-KEY`.
 *
 * Unit traps: `pricing.hour` is per instance (all `gpu_count` GPUs), so it is divided by the GPU
 * count; prices are in USDC, a token, converted at the USDC rate the ingest layer supplies (no
 * rate, no price).
 *
 * Resold capacity: the providers seen (`sesterce`, `massed-compute`, with `*_shade_os` images
 * pointing at Shadeform) are neoclouds whose machines are also listed on Shadeform, Spheron and
 * others. Fluence's figures are what Fluence lists, not hardware only Fluence has.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, memoryGbFrom, priceStatistics } from './parse-helpers';
import type { ApiKeySpec, ParseContext, ParseResult, PriceObservation, SourceAdapter, SupplyObservation, TokenConversion } from './types';

const count = z.number().int().nonnegative();

export const gpuPlansSchema = z.object({
  data: z.array(
    z.object({
      gpu_model: z.object({
        vendor: z.string(),
        model: z.string(),
        // e.g. "80Gi"
        vram: z.string().nullable().optional(),
        // "pcie" / "sxm" (docs show both cases)
        interface: z.string().nullable().optional(),
      }),
      availability_by_number: z.array(
        z.object({
          // GPUs per instance at this level (1, 2, 4, 8).
          gpu_count: z.number().int().positive(),
          minimum_price: z.number().nullable().optional(),
          options_available_total: count,
          providers: z.array(z.string()).optional(),
          options: z.array(
            z.object({
              id: z.string(),
              provider: z.string().optional(),
              location: z.string().optional(),
              pricing: z.object({
                // Per instance per hour, in `currency`.
                hour: z.number(),
                currency: z.string(),
              }),
            }),
          ),
        }),
      ),
    }),
  ),
});

const apiKey: ApiKeySpec = { variable: 'FLUENCE_API_KEY', header: 'X-API-KEY', required: true };

/** USD per unit of `currency`: 1 for USD itself, the token rate for anything else (USDC), or undefined. */
function usdRateOf(currency: string, context: ParseContext): { usdRate: number; token?: TokenConversion } | undefined {
  const symbol = currency.trim().toUpperCase();
  if (symbol === 'USD') return { usdRate: 1 };
  // USDC is a token: close to $1 but not $1 by definition, so it goes through the rate source too.
  const token = context.tokenUsdRate?.(symbol);
  return token ? { usdRate: token.usdRate, token } : undefined;
}

function parsePlans(bytes: Uint8Array, context: ParseContext, what: string): ParseResult {
  const decoded = decodeJson(bytes, gpuPlansSchema);
  if (!decoded.ok) return decoded;
  const groups = decoded.value.data;
  // Fluence always lists some GPU plans; an empty catalogue is the API failing.
  if (groups.length === 0) return { ok: false, error: `no ${what} plans listed (upstream returned an empty inventory)` };

  const tallies = new Map<string, { free: number; rentable: number; prices: number[] }>();
  const tokens = new Map<string, TokenConversion>();
  let freeTotal = 0;
  let rentableTotal = 0;
  for (const group of groups) {
    const { vendor, model, vram, interface: gpuInterface } = group.gpu_model;
    const gpuModel = normaliseGpuModel(`${vendor} ${model}`, { memoryGb: memoryGbFrom(vram), interface: gpuInterface });
    let tally = tallies.get(gpuModel);
    if (!tally) {
      tally = { free: 0, rentable: 0, prices: [] };
      tallies.set(gpuModel, tally);
    }
    for (const level of group.availability_by_number) {
      // Each available option is one instance of gpu_count GPUs.
      const gpus = level.options_available_total * level.gpu_count;
      const priced = level.options.some((o) => o.pricing.hour > 0) || (level.minimum_price ?? 0) > 0;
      const rentable = priced ? gpus : 0;
      tally.free += gpus;
      tally.rentable += rentable;
      freeTotal += gpus;
      rentableTotal += rentable;
      if (rentable === 0) continue;
      for (const option of level.options) {
        const rate = usdRateOf(option.pricing.currency, context);
        if (!rate || option.pricing.hour <= 0) continue;
        if (rate.token) tokens.set(gpuModel, rate.token);
        // Unit trap: per instance → per GPU, then token → USD.
        tally.prices.push((option.pricing.hour / level.gpu_count) * rate.usdRate);
      }
    }
  }

  const supply: SupplyObservation[] = [
    { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: freeTotal },
    { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal },
  ];
  const prices: PriceObservation[] = [];
  for (const [gpuModel, tally] of tallies) {
    supply.push(
      { gpuModel, status: 'free', unit: 'gpus', quantity: tally.free },
      { gpuModel, status: 'rentable', unit: 'gpus', quantity: tally.rentable },
    );
    prices.push(...priceStatistics(gpuModel, tally.prices, { token: tokens.get(gpuModel), positiveOnly: true }));
  }
  return buildSnapshot(supply, prices);
}

function methodology(what: string): SourceAdapter['methodology'] {
  return [
    {
      figure: 'free',
      field: 'Σ availability_by_number[].options_available_total × gpu_count',
      reasoning: `Each available ${what} option is one instance of gpu_count GPUs that can be deployed now. Fluence publishes no fleet size, so there is no claimed figure. The providers (sesterce, massed-compute, via Shadeform) resell neocloud capacity that other marketplaces list too.`,
    },
    {
      figure: 'rentable',
      field: 'the same GPUs, where the level has a price',
      reasoning: 'A listed option with an hourly price can be deployed by any account with a USDC balance; the catalogue lists only what is available.',
    },
    {
      figure: 'price',
      field: 'options[].pricing.hour ÷ gpu_count × USDC rate (USD per GPU-hour)',
      reasoning:
        'pricing.hour is per instance in USDC: divided by the GPU count, then converted at the USDC/USD rate of the snapshot time; without a rate there is no price. Each option (provider × location) is one listing. The upfront hours charged at deploy are a prepayment, not a surcharge, and are ignored.',
    },
  ];
}

const BASE = {
  network: 'fluence',
  version: 1,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'FLUENCE_API_BASE_URL',
  defaultBaseUrl: 'https://api.fluence.dev',
  apiKey,
} as const;

export const fluenceGpuVms: SourceAdapter = {
  ...BASE,
  id: 'fluence-gpu-vms',
  name: 'Fluence GPU API: VM plans',
  description: 'GPU VM configurations available now, by GPU model and GPUs per instance, with hourly prices in USDC.',
  request: { method: 'GET', path: '/gpu/plans/vms' },
  methodology: methodology('VM'),
  parse: (bytes, context) => parsePlans(bytes, context, 'VM'),
};

export const fluenceGpuBaremetal: SourceAdapter = {
  ...BASE,
  id: 'fluence-gpu-baremetal',
  name: 'Fluence GPU API: bare-metal plans',
  description: 'GPU bare-metal servers available now, by GPU model and GPUs per server, with hourly prices in USDC.',
  request: { method: 'GET', path: '/gpu/plans/baremetal' },
  methodology: methodology('bare-metal'),
  parse: (bytes, context) => parsePlans(bytes, context, 'bare-metal'),
};
