/**
 * Golem Network, through golemfactory's own stats backend (golem-stats-backend, api2 views,
 * tasks, serializers and scanner at HEAD a131751b / 36bce8ae, 2026-08; ../shared/SOURCES.md §7).
 * No key. A 2026 client reports that api.stats.golem.network no longer resolves: the base URL
 * is an environment variable, and a host that is gone shows up as failed scrapes, not zeros.
 *
 * Unit and staleness traps:
 * - Each `vm-nvidia` offer describes one GPU (property `golem.!exp.gap-35.v1.inf.gpu.model`);
 *   the backend itself counts one GPU per offer.
 * - `hourly_price_usd` is the whole offer per hour (duration price + CPU price × all threads,
 *   start fee spread over the month, at the backend's GLM/USD rate): for a one-GPU offer that
 *   is the price per GPU-hour.
 * - An offer no recent market scan has seen is stale: the serializer sends `data_fresh: false`
 *   and nulls its properties and prices. Stale offers are neither free nor priced.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, mergeRejections, priceStatistics, validateRecords } from './parse-helpers';
import type { RecordRejection, SourceAdapter, SupplyObservation } from './types';

const GPU_RUNTIME = 'vm-nvidia';
const GPU_MODEL_PROPERTY = 'golem.!exp.gap-35.v1.inf.gpu.model';
const GPU_MEMORY_PROPERTY = 'golem.!exp.gap-35.v1.inf.gpu.memory.total.gib';

const count = z.number().int().nonnegative();

const runtimeStats = z.object({
  online: count,
  gpus: count,
  gpu_models: z.record(z.string(), count),
});

/**
 * `online_stats_by_runtime`: one entry per runtime (`vm`, `vm-nvidia`, …) plus
 * `totalOnlineMainnet`/`totalOnlineTestnet`; only the GPU runtime is read.
 */
export const runtimeStatsSchema = z.object({ [GPU_RUNTIME]: runtimeStats.optional() });

const offerSchema = z.object({
  // Null for a stale offer (see the header).
  properties: z.record(z.string(), z.unknown()).nullable(),
  hourly_price_usd: z.number().nullable(),
  // Read only to recognise the backend's price cap (PRICE_CAP_SENTINEL_USD).
  monthly_price_usd: z.number().nullable().optional(),
  // Added with the freshness marker (migration 0041); older payloads lack it.
  data_fresh: z.boolean().nullable().optional(),
});

/** One online provider with its offers keyed by runtime. */
export const onlineNodeSchema = z.object({
  node_id: z.string(),
  online: z.boolean(),
  computing_now: z.boolean(),
  // `mainnet` or `testnet`; absent in payloads older than the network split.
  network: z.string().nullable().optional(),
  runtimes: z.object({ [GPU_RUNTIME]: offerSchema.optional() }),
});

/** `v2_online`: a list of provider records, validated one by one (validateRecords). */
export const onlineNodesSchema = z.array(z.unknown());

/**
 * The backend's "no price" sentinel: `scanner.py` caps every computed price at
 * MAX_PRICE_CAP_VALUE = 9999999 (`min(monthly_pricing * glm_usd, 9999999)`), so an offer whose
 * coefficients overflow is stored at the cap, and its hourly USD price is the capped monthly
 * figure over the month's hours (9,999,999 / 720 ≈ $13,889). Neither is a price anyone quoted.
 */
export const PRICE_CAP_SENTINEL_USD = 9_999_999;

type Offer = z.infer<typeof offerSchema>;

/** Why an offer's price is not one, or null when it is a usable USD price per GPU-hour. */
function unusablePrice(offer: Offer): string | null {
  const { hourly_price_usd: hourly, monthly_price_usd: monthly } = offer;
  if ((monthly ?? 0) >= PRICE_CAP_SENTINEL_USD || (hourly ?? 0) >= PRICE_CAP_SENTINEL_USD) {
    return 'vm-nvidia offer at the backend’s 9,999,999 price cap (a sentinel, not a price)';
  }
  if (hourly === null) return null; // no price at all: handled as "not rentable", not a rejection
  if (hourly < 0) return 'vm-nvidia offer with a negative hourly_price_usd';
  if (hourly === 0) return 'vm-nvidia offer priced at 0 (no price)';
  return null;
}

const gpuName = z.string().trim().min(1);
const gpuMemoryGib = z.number().positive();

const BASE = {
  network: 'golem',
  evidenceGrade: 'official-api',
  baseUrlVariable: 'GOLEM_API_BASE_URL',
  defaultBaseUrl: 'https://api.stats.golem.network',
} as const;

const HOST_CAVEAT =
  'The host may be gone: in 2026 a client reported that api.stats.golem.network no longer resolves; its failures are recorded as failed scrapes.';

export const golemOnlineRuntimeStats: SourceAdapter = {
  ...BASE,
  id: 'golem-online-runtime-stats',
  name: 'Golem stats: online resources by runtime',
  description: 'GPUs offered by online Golem providers (vm-nvidia runtime), in total and per GPU model.',
  version: 1,
  request: { method: 'GET', path: '/v2/network/online/runtime/stats' },
  methodology: [
    {
      figure: 'claimed',
      field: 'vm-nvidia.gpus, vm-nvidia.gpu_models{name: count}',
      reasoning: `The GPU count Golem's stats site shows: one per fresh vm-nvidia offer from an online provider, mainnet and testnet together (the backend does not split them), busy or idle. ${HOST_CAVEAT}`,
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, runtimeStatsSchema);
    if (!decoded.ok) return decoded;
    const gpuRuntime = decoded.value[GPU_RUNTIME];
    // The runtime disappears when no fresh GPU offer exists, which is what a stalled market
    // scanner looks like too; a small network can be at zero, but we will not draw a cliff
    // from a missing key.
    if (!gpuRuntime) return { ok: false, error: 'no vm-nvidia runtime listed (upstream returned an empty inventory)' };

    const supply: SupplyObservation[] = [
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: gpuRuntime.gpus },
    ];
    for (const [name, gpus] of Object.entries(gpuRuntime.gpu_models)) {
      supply.push({ gpuModel: normaliseGpuModel(name), status: 'claimed', unit: 'gpus', quantity: gpus });
    }
    return buildSnapshot(supply, []);
  },
};

function addTo(counts: Map<string, number>, gpuModel: string, quantity: number) {
  counts.set(gpuModel, (counts.get(gpuModel) ?? 0) + quantity);
}

export const golemOnlineOffers: SourceAdapter = {
  ...BASE,
  id: 'golem-online-offers',
  name: 'Golem stats: online providers and their offers',
  description:
    'Online Golem providers with their GPU offers: idle GPUs, those with a current USD price on mainnet, and USD per GPU-hour by model.',
  // 2: provider records validated one by one; the 9,999,999 price cap, negative and zero
  // prices are rejected with a reason (counted on the run), never taken as prices.
  version: 2,
  request: { method: 'GET', path: '/v2/network/online' },
  methodology: [
    {
      figure: 'free',
      field: 'nodes with online && !computing_now whose runtimes.vm-nvidia offer is fresh (data_fresh not false) and names a GPU model',
      reasoning: `computing_now is true while the provider has an open activity or agreement, so an online provider without one is idle; a stale offer may describe a machine that is gone. One GPU per vm-nvidia offer. ${HOST_CAVEAT}`,
    },
    {
      figure: 'rentable',
      field: 'free offers with a runtimes.vm-nvidia.hourly_price_usd above 0 and below the 9,999,999 cap, network not testnet',
      reasoning:
        'Any requestor can sign an agreement with an idle provider at its advertised linear price; testnet providers are paid in test GLM, so they are not a market one pays in dollars. An offer at the backend’s price cap (monthly_price_usd or hourly_price_usd 9,999,999, which scanner.py writes when a price overflows), a negative or a zero price has no price one can pay: it stays free, is not rentable, and is counted on the run as a rejected record with its reason.',
    },
    {
      figure: 'price',
      field: 'runtimes.vm-nvidia.hourly_price_usd over the rentable offers of a model',
      reasoning:
        'The backend’s USD price for running the whole offer (all CPU threads plus duration, start fee spread over a month) for an hour; an offer holds one GPU, so it is the price per GPU-hour. Stale offers report null prices and are left out; the 9,999,999 cap sentinel, negative and zero prices are never price points.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, onlineNodesSchema);
    if (!decoded.ok) return decoded;
    const validated = validateRecords(decoded.value, onlineNodeSchema, 'provider');
    if (!validated.ok) return validated;
    const nodes = validated.records;
    const gpuNodes = nodes.filter((node) => node.runtimes[GPU_RUNTIME] !== undefined);
    if (gpuNodes.length === 0) {
      return { ok: false, error: `no vm-nvidia offers among ${nodes.length} online providers (upstream returned an empty inventory)` };
    }

    const free = new Map<string, number>();
    const rentable = new Map<string, number>();
    const pricesByModel = new Map<string, number[]>();
    const priceRejections: RecordRejection[] = [];
    let freshOffers = 0;
    for (const node of gpuNodes) {
      const offer = node.runtimes[GPU_RUNTIME];
      if (!offer || offer.data_fresh === false || !offer.properties) continue;
      const name = gpuName.safeParse(offer.properties[GPU_MODEL_PROPERTY]);
      if (!name.success) continue; // a vm-nvidia offer that names no GPU is not counted as one
      freshOffers += 1;
      if (!node.online || node.computing_now) continue;

      const memory = gpuMemoryGib.safeParse(offer.properties[GPU_MEMORY_PROPERTY]);
      const gpuModel = normaliseGpuModel(name.data, { memoryGb: memory.success ? Math.round(memory.data) : null });
      addTo(free, gpuModel, 1);
      // A sentinel, negative or zero price is no price: the GPU stays free, never rentable or
      // priced, and the run says how many such offers it saw.
      const unusable = unusablePrice(offer);
      if (unusable) priceRejections.push({ kind: 'record', reason: unusable, count: 1 });
      if (unusable || offer.hourly_price_usd === null || node.network === 'testnet') continue;
      addTo(rentable, gpuModel, 1);
      pricesByModel.set(gpuModel, [...(pricesByModel.get(gpuModel) ?? []), offer.hourly_price_usd]);
    }
    // Every offer goes stale at once when the backend's market scanner stops; zero idle GPUs
    // from that would be a false cliff.
    if (freshOffers === 0) {
      return { ok: false, error: `all ${gpuNodes.length} vm-nvidia offers are stale (upstream market scan is behind)` };
    }

    const supply: SupplyObservation[] = [
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: sum(free) },
      { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: sum(rentable) },
    ];
    for (const [gpuModel, quantity] of free) {
      supply.push(
        { gpuModel, status: 'free', unit: 'gpus', quantity },
        { gpuModel, status: 'rentable', unit: 'gpus', quantity: rentable.get(gpuModel) ?? 0 },
      );
    }
    const prices = [...pricesByModel].flatMap(([gpuModel, values]) => priceStatistics(gpuModel, values));
    return buildSnapshot(supply, prices, mergeRejections(validated.rejected, priceRejections));
  },
};

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const quantity of counts.values()) total += quantity;
  return total;
}
