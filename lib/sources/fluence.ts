/**
 * Fluence GPU cloud, through its plan catalogue (see ../shared/SOURCES.md §11). Shapes from
 * Fluence's own docs ("Browse available GPU plans"): `/gpu/plans/vms` and `/gpu/plans/baremetal`
 * answer the same structure, `{data: [{gpu_model, minimum_price, availability_by_number: [{gpu_count,
 * options_available_total, providers, options: [{pricing: {hour, currency}}]}]}]}` (fluencelabs/docs
 * `docs/build/api/gpu_cloud/get_plans/get_plans.md` at 27bdd395, "Response fields"). Both need an
 * `X-API-KEY`.
 *
 * Supply trap: `options_available_total` is the number of configuration options (docs: "Total
 * number of configuration options available"), not stock; the catalogue has no stock field.
 * Only a floor is recorded: one instance per listed option, as rentable.
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
import { buildSnapshot, decodeJson, memoryGbFrom, priceStatistics, validateRecords } from './parse-helpers';
import type { ApiKeySpec, ParseContext, ParseResult, PriceObservation, SourceAdapter, SupplyObservation, TokenConversion } from './types';

/**
 * One configuration option: "a specific deployable configuration from a provider at a location"
 * (Fluence docs). Options are validated one by one (validateRecords), so one malformed option
 * does not fail the catalogue.
 */
export const planOptionSchema = z.object({
  id: z.string(),
  provider: z.string().optional(),
  location: z.string().optional(),
  pricing: z.object({
    // Per instance per hour, in `currency`.
    hour: z.number(),
    currency: z.string(),
  }),
});

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
          // Not read: "Total number of configuration options available" (docs), a count of
          // options, not of instances or GPUs in stock.
          options_available_total: z.number().optional(),
          options: z.array(z.unknown()),
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

  // Every option with its level's GPU count and model, so the options can be validated as one list.
  const listed: { gpuModel: string; gpuCount: number; option: unknown }[] = [];
  const models: string[] = [];
  for (const group of groups) {
    const { vendor, model, vram, interface: gpuInterface } = group.gpu_model;
    const gpuModel = normaliseGpuModel(`${vendor} ${model}`, { memoryGb: memoryGbFrom(vram), interface: gpuInterface });
    models.push(gpuModel);
    for (const level of group.availability_by_number) {
      for (const option of level.options) listed.push({ gpuModel, gpuCount: level.gpu_count, option });
    }
  }
  // The share rule and the counts come from validateRecords; each option is then read again
  // beside its level (the rejected ones were counted there and are skipped here).
  const validated = validateRecords(listed.map((l) => l.option), planOptionSchema, 'plan option');
  if (!validated.ok) return validated;

  const tallies = new Map<string, { rentable: number; prices: number[] }>(models.map((m) => [m, { rentable: 0, prices: [] }]));
  const tokens = new Map<string, TokenConversion>();
  let rentableTotal = 0;
  for (const { gpuModel, gpuCount, option: raw } of listed) {
    const read = planOptionSchema.safeParse(raw);
    if (!read.success) continue;
    const option = read.data;
    const tally = tallies.get(gpuModel);
    if (!tally || option.pricing.hour <= 0) continue;
    // A floor, not stock: a listed, priced option can be deployed now, so at least one
    // instance of gpuCount GPUs is rentable; how many more, Fluence does not say.
    tally.rentable += gpuCount;
    rentableTotal += gpuCount;
    const rate = usdRateOf(option.pricing.currency, context);
    if (!rate) continue;
    if (rate.token) tokens.set(gpuModel, rate.token);
    // Unit trap: per instance → per GPU, then token → USD.
    tally.prices.push((option.pricing.hour / gpuCount) * rate.usdRate);
  }

  const supply: SupplyObservation[] = [{ gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal }];
  const prices: PriceObservation[] = [];
  for (const [gpuModel, tally] of tallies) {
    supply.push({ gpuModel, status: 'rentable', unit: 'gpus', quantity: tally.rentable });
    prices.push(...priceStatistics(gpuModel, tally.prices, { token: tokens.get(gpuModel), positiveOnly: true }));
  }
  return buildSnapshot(supply, prices, validated.rejected);
}

function methodology(what: string): SourceAdapter['methodology'] {
  return [
    {
      figure: 'claimed',
      field: 'none',
      reasoning: 'Fluence publishes no fleet size.',
    },
    {
      figure: 'free',
      field: 'none (options_available_total is not read)',
      reasoning: `Fluence's docs define options_available_total as the "total number of configuration options available": a count of ${what} configurations (provider × location × size), not of idle machines or GPUs, and the catalogue has no stock field. Our vocabulary has no figure for a number of configurations, so none is recorded; until adapter version 2 it was wrongly shown as GPUs free.`,
    },
    {
      figure: 'rentable',
      field: 'a floor: Σ over options[] with pricing.hour > 0 of gpu_count (one instance per listed option)',
      reasoning: `Each listed option is a ${what} configuration one can deploy now with a USDC balance, so at least one instance of gpu_count GPUs is rentable; Fluence does not say how many more, so this is a floor, not the stock. The providers (sesterce, massed-compute, via Shadeform) resell neocloud capacity that other marketplaces list too. An option that does not fit the documented shape is skipped and counted on the run.`,
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
  // 2: options_available_total (a count of configurations) is no longer reported as GPUs free;
  // rentable is a floor of one instance per listed option; options validated one by one.
  version: 2,
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
