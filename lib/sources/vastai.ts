/**
 * Vast.ai, a reference marketplace (not DePIN), shown beside the DePIN networks for comparison.
 * Shapes from `vast-ai/docs` `api-reference/openapi/yaml/auto_post_api_v0_bundles_*.yaml` and
 * `auto_get_api_v0_metrics_gpu_current_*.yaml` (generated from Vast's backend, 2026), with the
 * `search.*` price breakdown confirmed by independent clients (../shared/SOURCES.md §9).
 *
 * Unit traps:
 * - `dph_total` is USD per hour for the whole OFFER (all `num_gpus` GPUs) and includes the
 *   default storage allocation the renter pays for; per GPU-hour = dph_total ÷ num_gpus.
 * - `gpu_ram` is MiB as the card reports it (46068 for an L40S sold as 48GB), not marketed GB.
 * - In the supply metrics, `total`/`available` count machines (rigs); `total_gpus`/
 *   `available_gpus` count GPUs. The GPU fields are used, the rig counts only as a fallback.
 *
 * Terms: Vast's terms restrict systematic retrieval to compile a database; both sources are
 * therefore polled hourly at most, and only aggregate figures are kept.
 *
 * The offer search is capped: keyless it returns at most 64 offers whatever `limit` says, and
 * it takes no offset (vast-cli's `search offers` has `--limit` and filters, no page or offset),
 * so a capped answer is the 64 cheapest offers, 1–2 % of the market. The only known way past
 * the cap, slicing the search by GPU name and price band (the computex crawler), needs ~200
 * requests an hour: over our per-run request bound, against terms that forbid systematic
 * retrieval, and still incomplete where more than 64 offers share one price. So a capped
 * answer is read as what it is, a price sample: it gives prices and no rentable count, and the
 * market's size comes from the supply metrics (`vastai-gpu-metrics`). An answer under the cap
 * is the whole result of the query (with VASTAI_API_KEY the limit holds), and is counted.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, marketedMemoryGb, priceStatistics } from './parse-helpers';
import type { PriceObservation, SourceAdapter, SupplyObservation } from './types';

const count = z.number().int().nonnegative();

const BASE = {
  network: 'vastai',
  baseUrlVariable: 'VASTAI_API_BASE_URL',
  defaultBaseUrl: 'https://console.vast.ai',
  evidenceGrade: 'official-api',
  // A reference market changes slowly enough for hourly figures, and Vast's terms frown on bulk retrieval.
  minIntervalMinutes: 60,
} as const;

// ---------------------------------------------------------------------------------------------
// Offers: POST /api/v0/bundles/

export const bundlesSchema = z.object({
  offers: z.array(
    z.object({
      id: z.number().int(),
      gpu_name: z.string(),
      num_gpus: count,
      /** USD per hour for the whole offer, storage included. */
      dph_total: z.number().nonnegative().nullable(),
      /** MiB per card. */
      gpu_ram: z.number().nonnegative().nullable().optional(),
      rentable: z.boolean().optional(),
      rented: z.boolean().optional(),
    }),
  ),
});

/**
 * Verified, rentable, unrented, on-demand offers, cheapest first. Keyless requests are capped
 * at 64 offers whatever `limit` says (since 2026-06-23); with VASTAI_API_KEY the limit holds
 * (3,167 offers were listed on 2026-09-06). `type: on-demand` is how Vast's own CLI asks for
 * on-demand pricing; the default 8GB storage allocation is what `dph_total` prices in.
 */
export const VASTAI_OFFER_QUERY = {
  verified: { eq: true },
  rentable: { eq: true },
  rented: { eq: false },
  type: 'on-demand',
  order: [['dph_total', 'asc']],
  limit: 5000,
} as const;

/** Most offers a keyless search returns, whatever `limit` asks (since 2026-06-23). */
export const VASTAI_KEYLESS_OFFER_CAP = 64;

/**
 * Whether an answer may be cut short: as many offers as a keyless search returns at most, or
 * as many as the query's own limit. Such an answer is a sample, not the market.
 */
export function isCappedOfferList(offers: number): boolean {
  return offers === VASTAI_KEYLESS_OFFER_CAP || offers >= VASTAI_OFFER_QUERY.limit;
}

export const vastaiBundles: SourceAdapter = {
  ...BASE,
  id: 'vastai-bundles',
  name: 'Vast.ai API: offer search',
  description:
    'Verified on-demand offers one can rent now on Vast.ai, with their GPUs and hourly prices. Without an API key only the 64 cheapest offers come back: then a price sample, with no rentable count.',
  // v2: an answer of exactly 64 offers (the keyless cap) is a price sample and gives no rentable count.
  version: 2,
  request: { method: 'POST', path: '/api/v0/bundles/', body: JSON.stringify(VASTAI_OFFER_QUERY) },
  apiKey: { variable: 'VASTAI_API_KEY', header: 'Authorization', format: (key) => `Bearer ${key}`, required: false },
  methodology: [
    {
      figure: 'rentable',
      field: 'Σ offers[].num_gpus (query: verified, rentable, unrented, on-demand), only when fewer than 64 offers came back',
      reasoning:
        'Each offer is a listing one can rent now at its price. Without VASTAI_API_KEY Vast returns only the 64 cheapest offers (since 2026-06-23) and takes no offset (vast-ai/vast-cli vast.py `search offers`: `--limit` and filters only), so 64 offers would be 1–2 % of the 6,195 GPUs on offer on 2026-09-06. Such an answer gives no rentable figure at all; Vast’s size and idle GPUs come from its supply metrics. Crawling past the cap in slices (per GPU name, then price bands: parvathamtej/computex-market-graph build/capture_inventory.py) takes ~200 requests per reading, beyond the 40 a run may make and against Vast’s terms on systematic retrieval, and cannot split a band where more than 64 offers share one price.',
    },
    {
      figure: 'price',
      field: 'offers[].dph_total ÷ offers[].num_gpus (USD per GPU-hour)',
      reasoning:
        '`dph_total` is the documented total per hour for the whole offer, including the default storage a renter pays for, so it is divided by the GPUs in the offer. `search.gpuCostPerHour` is not used: it is undocumented, equals the whole-offer `dph_base` in observed payloads (so it too would need dividing) and leaves out the storage the renter pays. Keyless, the 64 offers are the cheapest of the market: a price sample, so min/p25/median are biased low (Vast’s own percentiles over the whole market come from the supply metrics).',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, bundlesSchema);
    if (!decoded.ok) return decoded;
    const { offers } = decoded.value;
    // Vast lists thousands of offers; none at all is the search failing, not a sold-out market.
    if (offers.length === 0) return { ok: false, error: 'no offers returned (upstream returned an empty inventory)' };

    const rentableByModel = new Map<string, number>();
    const pricesByModel = new Map<string, number[]>();
    for (const offer of offers) {
      // The query already asks for these; a listing that says otherwise is not orderable.
      if (offer.rentable === false || offer.rented === true) continue;
      if (offer.num_gpus === 0 || offer.dph_total === null || offer.dph_total <= 0) continue;
      const gpuModel = normaliseGpuModel(offer.gpu_name, {
        memoryGb: marketedMemoryGb(offer.gpu_ram == null ? null : offer.gpu_ram / 1024), // MiB → GiB
      });
      rentableByModel.set(gpuModel, (rentableByModel.get(gpuModel) ?? 0) + offer.num_gpus);
      const prices = pricesByModel.get(gpuModel) ?? [];
      prices.push(offer.dph_total / offer.num_gpus); // per offer-hour → per GPU-hour
      pricesByModel.set(gpuModel, prices);
    }

    const supply: SupplyObservation[] = [];
    // A capped answer is the cheapest slice of the market: its count would chart 1–2 % of it.
    if (!isCappedOfferList(offers.length)) {
      let rentableTotal = 0;
      for (const [gpuModel, quantity] of rentableByModel) {
        rentableTotal += quantity;
        supply.push({ gpuModel, status: 'rentable', unit: 'gpus', quantity });
      }
      supply.push({ gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal });
    }
    const prices = [...pricesByModel].flatMap(([gpuModel, usd]) => priceStatistics(gpuModel, usd, { roundToMicroUsd: true }));
    return buildSnapshot(supply, prices);
  },
};

// ---------------------------------------------------------------------------------------------
// Supply metrics: GET /api/v0/metrics/gpu/current/

const usdPerGpuHour = z.number().nonnegative().nullable().optional();

export const gpuMetricsSchema = z.object({
  success: z.boolean().optional(),
  /** True when the host key has no active machines; `gpus` is then empty. */
  needs_machine: z.boolean().optional(),
  gpus: z.array(
    z.object({
      gpu_name: z.string(),
      /** Machines (rigs). */
      total: count,
      available: count,
      /** GPUs; newer payloads carry them beside the rig counts. */
      total_gpus: count.optional(),
      available_gpus: count.optional(),
      price_p25: usdPerGpuHour,
      price_median: usdPerGpuHour,
    }),
  ),
});

export const vastaiGpuMetrics: SourceAdapter = {
  ...BASE,
  id: 'vastai-gpu-metrics',
  name: 'Vast.ai API: current GPU supply metrics',
  description:
    'Vast.ai’s own per-GPU-type snapshot of the whole marketplace: GPUs listed, GPUs not rented, and price percentiles per GPU-hour. Needs a host API key.',
  version: 1,
  // verified=all: the fleet as listed, unverified hosts included (the endpoint defaults to
  // verified only); num_gpus=all: the true population rather than one rig-size bucket.
  request: { method: 'GET', path: '/api/v0/metrics/gpu/current/?verified=all&hosting_type=all&num_gpus=all' },
  apiKey: { variable: 'VASTAI_HOST_API_KEY', header: 'Authorization', format: (key) => `Bearer ${key}`, required: true },
  methodology: [
    {
      figure: 'claimed',
      field: 'gpus[].total_gpus (else gpus[].total), summed per canonical model',
      reasoning:
        'Every GPU listed on the marketplace, rented or not, verified or not: the size Vast itself reports. `total` counts rigs, so the GPU count is preferred. Vast omits GPU types with fewer than 10 units, so the network total runs slightly low.',
    },
    {
      figure: 'free',
      field: 'gpus[].available_gpus (else gpus[].available)',
      reasoning: 'GPUs on listed machines that are not rented now, as Vast counts them.',
    },
    {
      figure: 'price',
      field: 'gpus[].price_p25, gpus[].price_median (USD per GPU-hour)',
      reasoning:
        'Vast’s own percentiles of the per-GPU-hour price, taken over its whole listed population (not only the idle offers; listing count not given). Where two published names are one canonical card, the figures of the name with more GPUs are kept.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, gpuMetricsSchema);
    if (!decoded.ok) return decoded;
    const { success, needs_machine: needsMachine, gpus } = decoded.value;
    if (success === false) return { ok: false, error: 'Vast answered success: false' };
    if (gpus.length === 0) {
      return needsMachine
        ? { ok: false, error: 'the host key has no active machines (needs_machine), so Vast returned no metrics' }
        : { ok: false, error: 'no GPU types listed (upstream returned an empty inventory)' };
    }

    const supply: SupplyObservation[] = [];
    const prices: PriceObservation[] = [];
    const totals = { claimed: 0, free: 0 };
    // Largest first, so when two names map to one model buildSnapshot keeps the bigger one's percentiles.
    const byGpuCount = [...gpus].sort((a, b) => (b.total_gpus ?? b.total) - (a.total_gpus ?? a.total));
    for (const entry of byGpuCount) {
      const gpuModel = normaliseGpuModel(entry.gpu_name);
      // With num_gpus=all each rig bucket is one GPU, so the rig counts are the best fallback.
      const claimed = entry.total_gpus ?? entry.total;
      const free = entry.available_gpus ?? entry.available;
      totals.claimed += claimed;
      totals.free += free;
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: claimed },
        { gpuModel, status: 'free', unit: 'gpus', quantity: free },
      );
      if (entry.price_p25 != null) prices.push({ gpuModel, statistic: 'p25', usdPerGpuHour: entry.price_p25, listings: null });
      if (entry.price_median != null) prices.push({ gpuModel, statistic: 'median', usdPerGpuHour: entry.price_median, listings: null });
    }
    supply.push(
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: totals.claimed },
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: totals.free },
    );
    return buildSnapshot(supply, prices);
  },
};
