/**
 * Akash Network, through its public console API (no key). Shapes from akash-network/console
 * `apps/api/src/gpu/http-schemas/gpu.schema.ts` and `dashboard/http-schemas` (see
 * ../shared/SOURCES.md §2).
 *
 * Unit traps: `price` is already USD per GPU-hour, but it is derived from recent *bids*
 * (single-GPU, best bid per provider, last 14 days), not from asks; `total`/`available` count
 * GPUs on providers that are online now.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, memoryGbFrom } from './parse-helpers';
import type { PriceObservation, SourceAdapter, SupplyObservation } from './types';

const count = z.number().int().nonnegative();
const availability = z.object({ total: count, available: count });

const usdPrice = z.object({
  currency: z.string(),
  min: z.number(),
  max: z.number(),
  avg: z.number(),
  weightedAverage: z.number(),
  med: z.number(),
});

export const gpuPricesSchema = z.object({
  availability,
  models: z.array(
    z.object({
      vendor: z.string(),
      model: z.string(),
      ram: z.string(),
      interface: z.string(),
      availability,
      providerAvailability: availability,
      // null when nobody bid on the model in the window.
      price: usdPrice.nullable().optional(),
    }),
  ),
});

export const networkCapacitySchema = z.object({
  activeProviderCount: count,
  resources: z.object({
    gpu: z.object({ active: count, pending: count, available: count, total: count }),
  }),
});

const BASE = {
  network: 'akash',
  baseUrlVariable: 'AKASH_API_BASE_URL',
  defaultBaseUrl: 'https://console-api.akash.network',
  evidenceGrade: 'official-api',
} as const;

export const akashGpuPrices: SourceAdapter = {
  ...BASE,
  id: 'akash-gpu-prices',
  name: 'Akash console API: GPU prices and availability',
  description:
    'Per GPU model: GPUs allocatable and available on online providers, and USD per GPU-hour statistics from recent provider bids.',
  version: 1,
  request: { method: 'GET', path: '/v1/gpu-prices' },
  methodology: [
    {
      figure: 'claimed',
      field: 'availability.total, models[].availability.total',
      reasoning: 'GPUs that online providers list as allocatable: the size Akash itself shows.',
    },
    {
      figure: 'free',
      field: 'availability.available, models[].availability.available',
      reasoning: 'Allocatable minus allocated on online providers: listed as idle.',
    },
    {
      figure: 'rentable',
      field: 'models[].availability.available where price is set and providerAvailability.available > 0',
      reasoning:
        'Any tenant can order an idle GPU on an online provider, but only models with a recent bid price and a provider with capacity have a price one can act on.',
    },
    {
      figure: 'price',
      field: 'models[].price.min, models[].price.med (USD per GPU-hour)',
      reasoning: 'Statistics of the best single-GPU bid per provider over the last 14 days; bids, not asks.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, gpuPricesSchema);
    if (!decoded.ok) return decoded;
    const { availability: network, models } = decoded.value;
    // Akash has hundreds of GPUs; an empty model list is its indexer failing, not a network
    // that emptied in ten minutes. Recording it as zero would put a false cliff on the chart.
    if (models.length === 0) return { ok: false, error: 'no GPU models listed (upstream returned an empty inventory)' };

    const supply: SupplyObservation[] = [
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: network.total },
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: network.available },
    ];
    const prices: PriceObservation[] = [];
    let rentableTotal = 0;
    for (const entry of models) {
      const gpuModel = normaliseGpuModel(`${entry.vendor} ${entry.model}`, {
        memoryGb: memoryGbFrom(entry.ram),
        interface: entry.interface,
      });
      const priced = entry.price != null && entry.price.currency.toUpperCase() === 'USD';
      const rentable = priced && entry.providerAvailability.available > 0 ? entry.availability.available : 0;
      rentableTotal += rentable;
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: entry.availability.total },
        { gpuModel, status: 'free', unit: 'gpus', quantity: entry.availability.available },
        { gpuModel, status: 'rentable', unit: 'gpus', quantity: rentable },
      );
      if (entry.price && priced) {
        prices.push(
          { gpuModel, statistic: 'min', usdPerGpuHour: entry.price.min, listings: null },
          { gpuModel, statistic: 'median', usdPerGpuHour: entry.price.med, listings: null },
        );
      }
    }
    supply.push({ gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal });
    return buildSnapshot(supply, prices);
  },
};

export const akashNetworkCapacity: SourceAdapter = {
  ...BASE,
  id: 'akash-network-capacity',
  name: 'Akash console API: network capacity',
  description: 'Network-wide GPU totals (active, pending, available) across active providers.',
  version: 1,
  request: { method: 'GET', path: '/v1/network-capacity' },
  methodology: [
    {
      figure: 'claimed',
      field: 'resources.gpu.total (= active + pending + available)',
      reasoning: 'The network-wide GPU count Akash publishes on its stats pages.',
    },
    { figure: 'free', field: 'resources.gpu.available', reasoning: 'GPUs on active providers not leased or pending.' },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, networkCapacitySchema);
    if (!decoded.ok) return decoded;
    const { activeProviderCount, resources } = decoded.value;
    if (activeProviderCount === 0 && resources.gpu.total === 0) {
      return { ok: false, error: 'no active providers reported (upstream returned an empty network)' };
    }
    return buildSnapshot(
      [
        { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: resources.gpu.total },
        { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: resources.gpu.available },
      ],
      [],
    );
  },
};
