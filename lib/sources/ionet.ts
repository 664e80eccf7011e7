/**
 * io.net, the network that started Rentable (../shared/SOURCES.md §1 and §17). In 2024 one
 * could read four different GPU totals off io.net's own pages (7,648 / 11,107 / 69,415 /
 * 564,306) while only about 320 GPUs could actually be rented. Each endpoint below is its own
 * source, so the totals keep disagreeing in the open instead of being averaged away.
 *
 * Shapes: io.net's OpenAPI (`ionet-official/docs` `openapi/full/IO_Explorer__IO_CLouds.json`,
 * `openapi/caas/check-maximum-gpus-per-container.json`, `openapi/vmaas/get-hardware-list.json`),
 * except `/network/market-snapshot` (untyped in the spec; keys from two independent live
 * parsers) and the keyless `/v1/io-cloud/vmaas/hardware` `sold_out` flag (io.net's own
 * deployment guide example and one public aggregator; not in the published schema).
 *
 * Unit traps: market-snapshot `price` is already USD per card-hour; vmaas `price` is USD per
 * hour for the whole configuration (÷ `num_cards`); explorer `idle` is listed-as-idle, never
 * orderable-now (IO Cloud `available` is).
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, priceStatistics, validateRecords } from './parse-helpers';
import type {
  DatedSnapshot,
  HistoryAdapter,
  ParseResult,
  PriceObservation,
  SourceAdapter,
  SupplyObservation,
} from './types';

const count = z.number().int().nonnegative();

/** The explorer's network endpoints answer keyless requests that look like the explorer's own. */
const EXPLORER_HEADERS = {
  Accept: 'application/json',
  Referer: 'https://explorer.io.net/',
  Origin: 'https://explorer.io.net',
} as const;

const BASE = {
  network: 'ionet',
  baseUrlVariable: 'IONET_API_BASE_URL',
  defaultBaseUrl: 'https://api.io.solutions',
  // docs.io.net: 150 requests per 10 seconds across the Explorer API.
  rateLimitPerMinute: 900,
} as const;

function isGpuRow(type: string | null | undefined): boolean {
  // Rows without a type are kept: the market snapshot is already filtered to GPUs by the query.
  return type == null || type.trim().toUpperCase() === 'GPU';
}

/** min, p25 and median per model over the listings given, rounded to a millionth of a dollar (division leaves float noise). */
function modelPriceStatistics(listingsByModel: ReadonlyMap<string, number[]>): PriceObservation[] {
  return [...listingsByModel].flatMap(([gpuModel, listed]) => priceStatistics(gpuModel, listed, { roundToMicroUsd: true }));
}

function addListing(listingsByModel: Map<string, number[]>, gpuModel: string, usdPerGpuHour: number): void {
  const listed = listingsByModel.get(gpuModel);
  if (listed) listed.push(usdPerGpuHour);
  else listingsByModel.set(gpuModel, [usdPerGpuHour]);
}

// ---------------------------------------------------------------------------------------------
// 1. Explorer network totals
// ---------------------------------------------------------------------------------------------

/** `GetNetworkAggregatedResponse` (flat, no `data` wrapper). */
export const explorerNetworkSchema = z.object({
  total: count.optional(),
  total_gpu: count,
  hired_gpu: count.optional(),
  idle_gpu: count,
  total_cpu: count.optional(),
  hired_cpu: count.optional(),
  idle_cpu: count.optional(),
});

export const ionetExplorerNetwork: SourceAdapter = {
  ...BASE,
  id: 'ionet-explorer-network',
  name: 'io.net explorer: network totals',
  description: 'The GPU total and idle GPUs on the io.net explorer front page (keyless).',
  version: 1,
  evidenceGrade: 'official-api',
  request: { method: 'GET', path: '/v1/io-explorer/network', headers: { ...EXPLORER_HEADERS } },
  methodology: [
    {
      figure: 'claimed',
      field: 'total_gpu',
      reasoning:
        'The headline GPU count of the io.net explorer ("Total GPUs (hired and idle)" in its docs): the size io.net shows the public, so a claim, not a count of GPUs one can order.',
    },
    {
      figure: 'free',
      field: 'idle_gpu',
      reasoning: 'GPUs the explorer lists as idle (not hired). Listed idle is not orderable: IO Cloud is the test of that.',
    },
    {
      figure: 'claimed',
      field: 'total (not recorded)',
      reasoning:
        'total = total_gpu + total_cpu: GPUs and CPUs added together, so neither a GPU count nor a count of machines (nodes). Recording it under either unit would overstate GPUs or mislabel devices, so it is left out.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, explorerNetworkSchema);
    if (!decoded.ok) return decoded;
    const { total_gpu: totalGpu, idle_gpu: idleGpu } = decoded.value;
    // io.net lists hundreds of thousands of GPUs; zero is the explorer backend failing, not the network emptying.
    if (totalGpu === 0) return { ok: false, error: 'total_gpu is 0 (upstream returned an empty network)' };
    if (idleGpu > totalGpu) return { ok: false, error: `idle_gpu ${idleGpu} exceeds total_gpu ${totalGpu}` };
    return buildSnapshot(
      [
        { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: totalGpu },
        { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: idleGpu },
      ],
      [],
    );
  },
};

// ---------------------------------------------------------------------------------------------
// 2. Explorer market snapshot
// ---------------------------------------------------------------------------------------------

const nullablePrice = z.number().nullable().optional();

/** Untyped in io.net's OpenAPI; keys as two independent live parsers read them. */
export const marketSnapshotSchema = z.object({
  status: z.string().optional(),
  data: z.array(
    z.object({
      id: z.number().int().optional(),
      hardware_name: z.string(),
      type: z.string().nullable().optional(),
      total: count,
      idle: count,
      hired: count.optional(),
      // USD per card per hour for io.net's cluster product; the other products beside it.
      price: nullablePrice,
      baremetal_price: nullablePrice,
      kubernetes_price: nullablePrice,
      caas_price: nullablePrice,
      vmaas_price: nullablePrice,
    }),
  ),
});

export const ionetMarketSnapshot: SourceAdapter = {
  ...BASE,
  id: 'ionet-market-snapshot',
  name: 'io.net explorer: market snapshot',
  description: 'Per GPU model: GPUs listed, GPUs idle and the listed USD price per card-hour, from the explorer market page (keyless).',
  version: 1,
  evidenceGrade: 'official-api',
  request: { method: 'GET', path: '/v1/io-explorer/network/market-snapshot?hardware_type=gpu', headers: { ...EXPLORER_HEADERS } },
  methodology: [
    {
      figure: 'claimed',
      field: 'data[].total (network: Σ over GPU rows)',
      reasoning:
        'GPUs of each model the explorer market page lists. A second io.net total that need not match total_gpu of /network; kept apart so the gap shows.',
    },
    {
      figure: 'free',
      field: 'data[].idle (network: Σ)',
      reasoning: 'Listed GPUs the explorer marks idle. No rentable figure comes from here: idle on the explorer is not an order IO Cloud will accept.',
    },
    {
      figure: 'price',
      field: 'data[].price (USD per card-hour) on rows with idle > 0',
      reasoning:
        'Already per card and per hour, so taken as is (not divided by a GPU count). Rows with idle = 0 are fully hired: their price is a quote nobody can take and is left out. Rows without a price give none. min, p25 and median are over the rows of one model (a model can appear under two names), with the row count as listings.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, marketSnapshotSchema);
    if (!decoded.ok) return decoded;
    const rows = decoded.value.data.filter((row) => isGpuRow(row.type));
    if (rows.length === 0) return { ok: false, error: 'no GPU rows listed (upstream returned an empty inventory)' };

    const supply: SupplyObservation[] = [];
    const listingsByModel = new Map<string, number[]>();
    let claimedTotal = 0;
    let freeTotal = 0;
    for (const row of rows) {
      const gpuModel = normaliseGpuModel(row.hardware_name);
      claimedTotal += row.total;
      freeTotal += row.idle;
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: row.total },
        { gpuModel, status: 'free', unit: 'gpus', quantity: row.idle },
      );
      if (row.idle > 0 && row.price != null && row.price > 0) addListing(listingsByModel, gpuModel, row.price);
    }
    supply.unshift(
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: claimedTotal },
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: freeTotal },
    );
    return buildSnapshot(supply, modelPriceStatistics(listingsByModel));
  },
};

// ---------------------------------------------------------------------------------------------
// 3. Explorer devices by hardware
// ---------------------------------------------------------------------------------------------

/** `GetHardwareByLocationResponse`. */
export const devicesHardwareSchema = z.object({
  status: z.string().optional(),
  data: z.object({
    hardware: z.array(z.object({ name: z.string(), type: z.string(), total: count, hired: count, idle: count })),
    total_gpu: count,
    total_cpu: count.optional(),
    total_gpu_hired: count.optional(),
    total_gpu_idle: count,
    total_cpu_hired: count.optional(),
    total_cpu_idle: count.optional(),
  }),
});

export const ionetDevicesHardware: SourceAdapter = {
  ...BASE,
  id: 'ionet-devices-hardware',
  name: 'io.net explorer: devices by hardware',
  description: 'Per GPU model: devices total and idle on the explorer workers page, and its own GPU total (keyless).',
  version: 1,
  evidenceGrade: 'official-api',
  request: { method: 'GET', path: '/v1/io-explorer/devices/hardware', headers: { ...EXPLORER_HEADERS } },
  methodology: [
    {
      figure: 'claimed',
      field: 'data.total_gpu (network); data.hardware[type=GPU].total (per model)',
      reasoning:
        'A third io.net GPU total, published beside the per-model rows it does not equal. Recorded as published so the mismatch (and whether it ever moves) is visible.',
    },
    {
      figure: 'free',
      field: 'data.total_gpu_idle (network); data.hardware[type=GPU].idle (per model)',
      reasoning: 'GPUs the workers page marks idle. Listed idle, not orderable; CPU rows are left out.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, devicesHardwareSchema);
    if (!decoded.ok) return decoded;
    const { hardware, total_gpu: totalGpu, total_gpu_idle: totalGpuIdle } = decoded.value.data;
    const gpuRows = hardware.filter((row) => isGpuRow(row.type));
    if (gpuRows.length === 0 || totalGpu === 0) {
      return { ok: false, error: 'no GPU hardware listed (upstream returned an empty inventory)' };
    }
    const supply: SupplyObservation[] = [
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: totalGpu },
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: totalGpuIdle },
    ];
    for (const row of gpuRows) {
      const gpuModel = normaliseGpuModel(row.name);
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: row.total },
        { gpuModel, status: 'free', unit: 'gpus', quantity: row.idle },
      );
    }
    return buildSnapshot(supply, []);
  },
};

// ---------------------------------------------------------------------------------------------
// 4. IO Cloud CaaS availability (what a container deployment can get now)
// ---------------------------------------------------------------------------------------------

/** `GetMaxGpuCountPerReplicaResponse` (enterprise CaaS). */
export const caasAvailabilitySchema = z.object({
  data: z.object({
    hardware: z.array(
      z.object({
        max_gpus_per_container: count,
        available: count,
        hardware_id: z.number().int(),
        hardware_name: z.string(),
        brand_name: z.string().optional(),
        // In the newer per-endpoint spec only, unit undocumented: not read.
        price: z.number().nullable().optional(),
      }),
    ),
    total: count.optional(),
  }),
});

export const ionetCloudCaasAvailability: SourceAdapter = {
  ...BASE,
  id: 'ionet-cloud-caas-availability',
  name: 'io.net IO Cloud: container GPU availability',
  description: 'Per GPU model: GPUs IO Cloud can place a container on now (enterprise API, key required).',
  version: 1,
  evidenceGrade: 'official-api',
  request: { method: 'GET', path: '/enterprise/v1/io-cloud/caas/hardware/max-gpus-per-container' },
  apiKey: { variable: 'IONET_API_KEY', header: 'x-api-key', required: true },
  methodology: [
    {
      figure: 'rentable',
      field: 'data.hardware[].available (network: Σ)',
      reasoning:
        'What IO Cloud itself offers to a paying container deployment right now ("the current supply on the platform that fits workload requirements"), so the strongest io.net evidence of GPUs one can order. Read as GPUs, as the max_gpus_per_container beside it suggests; the spec does not state the unit. data.total is not used: its meaning is undocumented and examples show it unequal to Σ available.',
    },
    {
      figure: 'price',
      field: 'none',
      reasoning: 'The newer spec adds a price per hardware row without a unit; no price is recorded until its unit is known. Prices come from the market snapshot and the VM catalogue.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, caasAvailabilitySchema);
    if (!decoded.ok) return decoded;
    const { hardware } = decoded.value.data;
    // IO Cloud always lists its hardware types, even those with nothing free; an empty list is an API failure.
    if (hardware.length === 0) return { ok: false, error: 'no hardware listed (upstream returned an empty inventory)' };
    const supply: SupplyObservation[] = [];
    let rentableTotal = 0;
    for (const row of hardware) {
      rentableTotal += row.available;
      supply.push({ gpuModel: normaliseGpuModel(row.hardware_name), status: 'rentable', unit: 'gpus', quantity: row.available });
    }
    supply.unshift({ gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal });
    return buildSnapshot(supply, []);
  },
};

// ---------------------------------------------------------------------------------------------
// 5. IO Cloud VMaaS priced catalogue
// ---------------------------------------------------------------------------------------------

/** One `HardwareItem` of `GetHardwareListResponse`, plus `sold_out`, which the keyless endpoint adds. */
export const vmaasHardwareRowSchema = z.object({
  id: z.string(),
  deploy_id: z.union([z.number().int(), z.string()]).optional(),
  name: z.string(),
  num_cards: count,
  supplier: z.string().optional(),
  sold_out: z.boolean().optional(),
  // USD per hour for the whole configuration (all num_cards GPUs together).
  price: z.number(),
  vram_per_card: count.nullable().optional(),
  interconnect: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
});

/** `GetHardwareListResponse`: the rows are validated one by one (validateRecords). */
export const vmaasHardwareSchema = z.object({ data: z.object({ hardware: z.array(z.unknown()) }) });

export const ionetCloudVmaasCatalogue: SourceAdapter = {
  ...BASE,
  id: 'ionet-cloud-vmaas-catalogue',
  name: 'io.net IO Cloud: VM hardware catalogue',
  description: 'Priced VM configurations IO Cloud offers now, per GPU model, with USD per GPU-hour (keyless; a key only raises limits).',
  // 2: configuration rows validated one by one (a bad row is skipped and counted, not fatal).
  version: 2,
  evidenceGrade: 'official-api',
  request: { method: 'GET', path: '/v1/io-cloud/vmaas/hardware' },
  apiKey: { variable: 'IONET_API_KEY', header: 'x-api-key', required: false },
  methodology: [
    {
      figure: 'rentable',
      field: 'Σ over hardware pools (deploy_id + location) of the largest num_cards among rows not sold_out, with num_cards > 0 and price > 0',
      reasoning:
        'Each such row is a configuration IO Cloud will deploy now at a stated price, so at least one VM of it is orderable. The catalogue gives no stock count, so this is a floor, not the stock: one VM per pool. Rows sharing a deploy_id and location are one pool sold in several sizes (1 and 2 cards of the same machines), so only the largest size counts; summing them would count the same GPUs twice. Rows without sold_out are taken as orderable, as the enterprise spec lists "currently available" configurations. The stock per pool is not in this listing: io.net\'s keyless container listing (/v1/io-cloud/caas/hardware) carries available_replicas for the same rows (a captured 8× H100 pool in FI had 3, i.e. 24 GPUs, where this floor counts 8), and that listing is not read yet. A row that does not fit the documented shape is skipped and counted on the run.',
    },
    {
      figure: 'price',
      field: 'data.hardware[].price / num_cards (USD per GPU-hour), rows not sold out',
      reasoning:
        'price is USD per hour for the whole configuration; dividing by its GPU count gives USD per GPU-hour. Sold-out rows, unpriced rows (price 0) and CPU-only rows (num_cards 0) give no price. min, p25 and median are over the configurations of one model, with the row count as listings.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, vmaasHardwareSchema);
    if (!decoded.ok) return decoded;
    if (decoded.value.data.hardware.length === 0) return { ok: false, error: 'no configurations listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value.data.hardware, vmaasHardwareRowSchema, 'VM configuration', ['data', 'hardware']);
    if (!validated.ok) return validated;
    const hardware = validated.records;

    const rentableByModel = new Map<string, number>();
    const largestByPool = new Map<string, { gpuModel: string; cards: number }>();
    const listingsByModel = new Map<string, number[]>();
    for (const row of hardware) {
      // CPU-only configurations carry no GPU name and no cards.
      if (row.num_cards === 0 || row.name.trim() === '') continue;
      const gpuModel = normaliseGpuModel(row.name, { memoryGb: row.vram_per_card ?? null, interface: row.interconnect ?? null });
      // A model seen only sold out (or unpriced) is recorded as 0 rentable: listed, but nothing to order.
      if (!rentableByModel.has(gpuModel)) rentableByModel.set(gpuModel, 0);
      if (row.sold_out === true || row.price <= 0) continue;
      const pool = `${row.deploy_id ?? row.id}|${row.location ?? ''}`;
      const largest = largestByPool.get(pool);
      if (!largest || row.num_cards > largest.cards) largestByPool.set(pool, { gpuModel, cards: row.num_cards });
      // Unit trap: whole-configuration USD per hour → USD per GPU-hour.
      addListing(listingsByModel, gpuModel, row.price / row.num_cards);
    }
    let rentableTotal = 0;
    for (const { gpuModel, cards } of largestByPool.values()) {
      rentableTotal += cards;
      rentableByModel.set(gpuModel, (rentableByModel.get(gpuModel) ?? 0) + cards);
    }
    const supply: SupplyObservation[] = [{ gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal }];
    for (const [gpuModel, quantity] of rentableByModel) supply.push({ gpuModel, status: 'rentable', unit: 'gpus', quantity });
    return buildSnapshot(supply, modelPriceStatistics(listingsByModel), validated.rejected);
  },
};

// ---------------------------------------------------------------------------------------------
// 6. Staking: daily fully collateralised GPUs (published history)
// ---------------------------------------------------------------------------------------------

/** `GetDailyFullStakeDeviceCountResponse`. */
export const fullStakeHistorySchema = z.object({
  status: z.string().optional(),
  data: z.object({
    daily_full_stake_device_count: z.array(
      z.object({
        hardware_id: z.number().int(),
        report_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
        device_count: count,
        card_count: count,
      }),
    ),
    hardware_multiplier_details: z.array(
      z.object({ id: z.number().int(), name: z.string(), multiplier: z.number(), type: z.string() }),
    ),
  }),
});

export const ionetFullStakeHistory: HistoryAdapter = {
  ...BASE,
  id: 'ionet-full-stake-history',
  name: 'io.net explorer: daily fully staked GPUs',
  description: 'Per day and GPU model: GPUs (cards) on devices with their full IO stake, as the staking page publishes them (keyless).',
  version: 1,
  evidenceGrade: 'backfilled-history',
  request: { method: 'GET', path: '/v1/io-explorer/staking/daily-full-stake-device-count', headers: { ...EXPLORER_HEADERS } },
  minIntervalMinutes: 24 * 60,
  methodology: [
    {
      figure: 'claimed',
      field: 'data.daily_full_stake_device_count[].card_count per report_date (network: Σ over GPU hardware)',
      reasoning:
        'GPUs whose owners staked the full collateral io.net asks for ("fully collateralized"): a daily series io.net publishes itself. A claim about committed supply, not an order one can place. Names come from hardware_multiplier_details; CPU hardware is left out; an id missing from that list is kept as unknown. Each day is stored at 00:00 UTC of its report_date.',
    },
  ],
  parseHistory(bytes) {
    const decoded = decodeJson(bytes, fullStakeHistorySchema);
    if (!decoded.ok) return decoded;
    const { daily_full_stake_device_count: rows, hardware_multiplier_details: details } = decoded.value.data;
    if (rows.length === 0) return { ok: false, error: 'no daily counts listed (upstream returned an empty history)' };

    const hardwareById = new Map(details.map((detail) => [detail.id, detail]));
    const rowsByDate = new Map<string, SupplyObservation[]>();
    for (const row of rows) {
      const detail = hardwareById.get(row.hardware_id);
      if (detail && !isGpuRow(detail.type)) continue;
      const gpuModel = detail ? normaliseGpuModel(detail.name) : normaliseGpuModel(`hardware_id ${row.hardware_id}`);
      const day = rowsByDate.get(row.report_date) ?? [];
      day.push({ gpuModel, status: 'claimed', unit: 'gpus', quantity: row.card_count });
      rowsByDate.set(row.report_date, day);
    }

    if (rowsByDate.size === 0) return { ok: false, error: 'no GPU hardware in the daily counts (upstream returned an empty history)' };
    const dated: DatedSnapshot[] = [];
    for (const reportDate of [...rowsByDate.keys()].sort()) {
      const observedAt = new Date(`${reportDate}T00:00:00Z`);
      if (Number.isNaN(observedAt.getTime())) return { ok: false, error: `invalid report_date ${reportDate}` };
      const perModel = rowsByDate.get(reportDate) ?? [];
      const total = perModel.reduce((sum, point) => sum + point.quantity, 0);
      const built: ParseResult = buildSnapshot(
        [{ gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: total }, ...perModel],
        [],
      );
      if (!built.ok) return built;
      dated.push({ observedAt, snapshot: built.value });
    }
    return { ok: true, value: dated };
  },
};

/** The point-in-time io.net sources, explorer first, then what IO Cloud will actually sell. */
export const IONET_SOURCES: readonly SourceAdapter[] = [
  ionetExplorerNetwork,
  ionetMarketSnapshot,
  ionetDevicesHardware,
  ionetCloudCaasAvailability,
  ionetCloudVmaasCatalogue,
];
