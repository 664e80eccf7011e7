/**
 * Hyperbolic, through its two public listing APIs (see ../shared/SOURCES.md §10).
 *
 * - v2 `GET api.hyperbolic.ai/v2/alpha/on-demand/rental-options`: a bare array of the shapes
 *   one can order now. Field names confirmed by two independent collectors that parse the live
 *   payload (an "opengrid" provider mapping and a "Computable" gpu_index collector, both 2026-08/09).
 * - v1 `POST api.hyperbolic.xyz/v1/marketplace` with `{"filters":{}}`: every node of the
 *   marketplace with its GPUs, reservations and price. Field names from SOURCES.md §10 and
 *   independent clients (agent-toolkit Hyperbolic actions, a Python marketplace test that reads
 *   `pricing.price.amount/100`, `gpus_total`, `gpus_reserved`, `reserved`, `status`).
 *
 * Unit traps: v2 `costPerHourCents` is cents for the WHOLE option (÷100 ÷ gpuCount); v1
 * `pricing.price.amount` is cents per GPU-hour (÷100); v1 GPU `ram` is MiB as nvidia-smi reports
 * it (81559 is an 80GB card, 143771 a 141GB one), not GB.
 */
import { z } from 'zod';
import { normaliseGpuModel, unknownModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, marketedMemoryGb, priceStatistics, SupplyTally, validateRecords } from './parse-helpers';
import type { ApiKeySpec, PriceObservation, SourceAdapter, SupplyObservation } from './types';

const count = z.number().int().nonnegative();

/** The key only raises limits: both listings answer anonymously. */
const apiKey: ApiKeySpec = {
  variable: 'HYPERBOLIC_API_KEY',
  header: 'Authorization',
  format: (key) => `Bearer ${key}`,
  required: false,
};

// ---------------------------------------------------------------------------------------------
// Shared pieces

/**
 * nvidia-smi MiB → the card's marketed size: usable memory sits a few percent under the label
 * (81559 MiB = 79.6 GiB on an "80GB" H100; 46068 MiB on a "48GB" L40S), so a plain division would
 * invent non-standard sizes. Null when nothing is within 8%, and the name decides alone.
 */
export function marketedMemoryGbFromMib(mib: number | null | undefined): number | null {
  return mib == null ? null : marketedMemoryGb(mib / 1024, { rule: 'nearest' });
}

interface ModelTally {
  claimed: number;
  free: number;
  rentable: number;
  prices: number[];
}

function tallyFor(tallies: Map<string, ModelTally>, gpuModel: string): ModelTally {
  let tally = tallies.get(gpuModel);
  if (!tally) {
    tally = { claimed: 0, free: 0, rentable: 0, prices: [] };
    tallies.set(gpuModel, tally);
  }
  return tally;
}

// ---------------------------------------------------------------------------------------------
// v2 rental options (preferred)

/** One rental option; the list is validated record by record (validateRecords). */
export const rentalOptionSchema = z.object({
    enabled: z.boolean(),
    // Cents per hour for the whole option (all its GPUs); see the unit trap above.
    costPerHourCents: z.number(),
    gpuCount: z.number().int().positive(),
    gpuType: z.string().min(1),
    gpuFormFactor: z.string().nullable().optional(),
    region: z.string(),
    machineType: z.string().nullable().optional(),
    connectionType: z.string().nullable().optional(),
    // GPUs available in the option's pool; absent means unknown, never zero.
    totalAvailable: count.nullable().optional(),
});

/** `GET /v2/alpha/on-demand/rental-options` answers a bare array of options. */
export const rentalOptionsSchema = z.array(z.unknown());

export const hyperbolicRentalOptions: SourceAdapter = {
  id: 'hyperbolic-rental-options',
  network: 'hyperbolic',
  name: 'Hyperbolic API v2: on-demand rental options',
  description:
    'Every GPU shape orderable on demand now (type, count, region, machine type) with its hourly price and the GPUs left in its pool.',
  // 2: option records validated one by one (a bad record is skipped and counted, not fatal).
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'HYPERBOLIC_V2_API_BASE_URL',
  defaultBaseUrl: 'https://api.hyperbolic.ai',
  request: { method: 'GET', path: '/v2/alpha/on-demand/rental-options' },
  apiKey,
  methodology: [
    {
      figure: 'free',
      field: 'totalAvailable, once per pool (gpuType + gpuFormFactor + region)',
      reasoning:
        'totalAvailable counts GPUs and repeats the same figure on every size (1x, 2x, 8x…) of one pool, so it is taken once per pool (the largest seen), never summed over sizes. Pools are keyed without machine type or fabric because a VM and a bare-metal option may draw on the same machines: undercounting is safer than counting one GPU twice. Where a pool has no totalAvailable, the largest enabled option is a floor (the API lists only what can be ordered now).',
    },
    {
      figure: 'rentable',
      field: 'free GPUs of pools with at least one enabled, priced option',
      reasoning: 'An option that is enabled and priced can be ordered by anyone with a funded account; a disabled option cannot.',
    },
    {
      figure: 'price',
      field: 'costPerHourCents ÷ 100 ÷ gpuCount (USD per GPU-hour), over enabled options of pools with GPUs left',
      reasoning:
        'costPerHourCents is the whole option in cents, so it is divided by 100 and by the GPU count. Each option is one listing. providerCostPerHourCents (the supplier cost) is not what a renter pays and is ignored.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, rentalOptionsSchema);
    if (!decoded.ok) return decoded;
    // Hyperbolic always has some shape on offer; an empty list is the API failing, and a
    // recorded zero would draw a false cliff.
    if (decoded.value.length === 0) return { ok: false, error: 'no rental options listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value, rentalOptionSchema, 'rental option');
    if (!validated.ok) return validated;
    const options = validated.records;

    interface Pool {
      gpuModel: string;
      totalAvailable: number | null;
      largestEnabledGpuCount: number;
      pricedAndEnabled: boolean;
      usdPerGpuHour: number[];
    }
    const pools = new Map<string, Pool>();
    for (const option of options) {
      const form = option.gpuFormFactor ?? '';
      const key = [option.gpuType, form, option.region].join('|').toLowerCase();
      let pool = pools.get(key);
      if (!pool) {
        pool = {
          gpuModel: normaliseGpuModel(`${option.gpuType} ${form}`.trim()),
          totalAvailable: null,
          largestEnabledGpuCount: 0,
          pricedAndEnabled: false,
          usdPerGpuHour: [],
        };
        pools.set(key, pool);
      }
      if (option.totalAvailable != null) pool.totalAvailable = Math.max(pool.totalAvailable ?? 0, option.totalAvailable);
      if (option.enabled && option.costPerHourCents > 0) {
        pool.pricedAndEnabled = true;
        pool.largestEnabledGpuCount = Math.max(pool.largestEnabledGpuCount, option.gpuCount);
        // Unit trap: cents for the whole option → USD per GPU-hour.
        pool.usdPerGpuHour.push(option.costPerHourCents / 100 / option.gpuCount);
      }
    }

    const tallies = new Map<string, ModelTally>();
    for (const pool of pools.values()) {
      const free = pool.totalAvailable ?? pool.largestEnabledGpuCount;
      const rentable = pool.pricedAndEnabled ? free : 0;
      const tally = tallyFor(tallies, pool.gpuModel);
      tally.free += free;
      tally.rentable += rentable;
      if (rentable > 0) tally.prices.push(...pool.usdPerGpuHour);
    }

    const supply: SupplyObservation[] = [];
    const prices: PriceObservation[] = [];
    let freeTotal = 0;
    let rentableTotal = 0;
    for (const [gpuModel, tally] of tallies) {
      freeTotal += tally.free;
      rentableTotal += tally.rentable;
      supply.push(
        { gpuModel, status: 'free', unit: 'gpus', quantity: tally.free },
        { gpuModel, status: 'rentable', unit: 'gpus', quantity: tally.rentable },
      );
      prices.push(...priceStatistics(gpuModel, tally.prices, { positiveOnly: true }));
    }
    supply.push(
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: freeTotal },
      { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal },
    );
    return buildSnapshot(supply, prices, validated.rejected);
  },
};

// ---------------------------------------------------------------------------------------------
// v1 marketplace

/** One marketplace node; the list is validated record by record (validateRecords). */
export const marketplaceNodeSchema = z.object({
      id: z.string(),
      status: z.string(),
      reserved: z.boolean(),
      gpus_total: count,
      gpus_reserved: count,
      hardware: z.object({
        gpus: z.array(
          z.object({
            model: z.string(),
            // MiB, as nvidia-smi reports it.
            ram: z.number().nullable().optional(),
            interface: z.string().nullable().optional(),
          }),
        ),
      }),
      // A node without a price is listed but cannot be ordered; pricing is optional so one
      // such node does not fail the whole snapshot, but a present price must keep its shape.
      pricing: z
        .object({
          price: z.object({
            // Cents per GPU per hour.
            amount: z.number(),
            period: z.string().nullable().optional(),
          }),
        })
        .nullable()
        .optional(),
    });

/** `POST /v1/marketplace`: `{instances: [...]}`. */
export const marketplaceSchema = z.object({ instances: z.array(z.unknown()) });

export const hyperbolicMarketplace: SourceAdapter = {
  id: 'hyperbolic-marketplace',
  network: 'hyperbolic',
  name: 'Hyperbolic API v1: GPU marketplace',
  description:
    'Every marketplace node with its GPU model, GPUs in total and reserved, readiness and price per GPU-hour.',
  // 2: node records validated one by one (a bad record is skipped and counted, not fatal).
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'HYPERBOLIC_API_BASE_URL',
  defaultBaseUrl: 'https://api.hyperbolic.xyz',
  request: { method: 'POST', path: '/v1/marketplace', body: JSON.stringify({ filters: {} }) },
  apiKey,
  methodology: [
    {
      figure: 'claimed',
      field: 'Σ instances[].gpus_total',
      reasoning: 'Every GPU on a node the marketplace lists, whatever its state: the size Hyperbolic shows.',
    },
    {
      figure: 'free',
      field: 'Σ (gpus_total − gpus_reserved)',
      reasoning: 'GPUs on listed nodes that no rental holds.',
    },
    {
      figure: 'rentable',
      field: 'free GPUs on nodes with status == "node_ready", reserved == false and an hourly price',
      reasoning:
        'Only a ready, unreserved node with a price can be ordered; idle GPUs on a node that is not ready, reserved whole, or unpriced are free but not rentable.',
    },
    {
      figure: 'price',
      field: 'pricing.price.amount ÷ 100 (USD per GPU-hour), one listing per rentable node',
      reasoning:
        'amount is cents per GPU per hour. Statistics are over nodes with rentable GPUs; a period other than hourly is not converted (no guessing).',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, marketplaceSchema);
    if (!decoded.ok) return decoded;
    if (decoded.value.instances.length === 0) return { ok: false, error: 'no marketplace nodes listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value.instances, marketplaceNodeSchema, 'marketplace node', ['instances']);
    if (!validated.ok) return validated;
    const instances = validated.records;

    const tally = new SupplyTally();
    for (const node of instances) {
      // A node carries one GPU model (one entry per card); its first entry names them all.
      const gpu = node.hardware.gpus[0];
      const gpuModel = gpu
        ? normaliseGpuModel(gpu.model, { memoryGb: marketedMemoryGbFromMib(gpu.ram), interface: gpu.interface })
        : unknownModel('unlisted GPU');
      const free = Math.max(0, node.gpus_total - node.gpus_reserved);
      const price = node.pricing?.price;
      const hourly = price != null && (price.period == null || price.period.toLowerCase() === 'hourly');
      // Unit trap: cents per GPU-hour → USD.
      const usdPerGpuHour = price && hourly ? price.amount / 100 : null;
      const orderable = node.status === 'node_ready' && !node.reserved && usdPerGpuHour != null && usdPerGpuHour > 0;
      const rentable = orderable ? free : 0;

      tally.add(gpuModel, { claimed: node.gpus_total, free, rentable, usdPerGpuHour });
    }
    const { supply, prices } = tally.observations({ positiveOnly: true });
    return buildSnapshot(supply, prices, validated.rejected);
  },
};
