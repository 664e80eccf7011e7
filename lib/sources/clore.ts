/**
 * Clore.ai, through its public marketplace listing (`api.clore.ai/v1/marketplace`). The docs
 * ask for an `auth: <key>` header; 2026 collectors report it answers without one, so the key
 * is optional. Shape from ../shared/SOURCES.md §8, confirmed against several independent
 * clients that parse the live payload (`servers[].rented`, `gpu_array`, `specs.gpu` as
 * `"<N>x <name>"`, `specs.gpuram`, `partial_gpu_rental`, `price.usd.on_demand_usd`).
 *
 * Unit trap: `price.usd.on_demand_usd` is USD per DAY for the whole SERVER. Per GPU-hour is
 * price ÷ 24 ÷ GPUs on the server (a 1× RTX 4090 asking $5.70 is $0.2375 per GPU-hour).
 *
 * `partial_gpu_rental` comes in two shapes: `{total_gpus, available_gpus}` on servers that
 * rent GPUs one by one, and a bare boolean in other payloads (clients test `=== true`); both
 * are accepted and only the object form carries counts.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, marketedMemoryGb, priceStatistics, validateRecords } from './parse-helpers';
import type { SourceAdapter, SupplyObservation } from './types';

const count = z.number().int().nonnegative();
const usdPerDay = z.number().nonnegative().nullable().optional();

const serverSchema = z.object({
  id: z.number().int(),
  rented: z.boolean(),
  gpu_array: z.array(z.string()).nullable().optional(),
  specs: z
    .object({
      gpu: z.string().nullable().optional(),
      /** GB per card as the host reports it (79 for an H100 80GB), not the marketed size. */
      gpuram: z.number().nonnegative().nullable().optional(),
    })
    .nullable()
    .optional(),
  partial_gpu_rental: z
    .union([z.boolean(), z.object({ total_gpus: count.optional(), available_gpus: count.optional() })])
    .nullable()
    .optional(),
  price: z
    .object({
      usd: z.object({ on_demand_usd: usdPerDay, on_demand_clore: usdPerDay }).nullable().optional(),
    })
    .nullable()
    .optional(),
});

/** The server list is validated record by record (validateRecords), so one bad server is skipped. */
export const marketplaceSchema = z.object({
  /** 0 when the call succeeded; other values are Clore's error codes (auth, rate limit, …). */
  code: z.number().int().optional(),
  servers: z.array(z.unknown()),
});

type Server = z.infer<typeof serverSchema>;

/** `"8x NVIDIA GeForce RTX 3070"` → 8 and the card name. */
function parseSpecsGpu(text: string | null | undefined): { count: number | null; name: string | null } {
  if (!text) return { count: null, name: null };
  const match = /^\s*(\d+)\s*x\s+(.+)$/i.exec(text);
  if (!match?.[1] || !match[2]) return { count: null, name: text.trim() || null };
  return { count: Number(match[1]), name: match[2].trim() };
}

function gpuCountOf(server: Server): number {
  const listed = server.gpu_array?.length ?? 0;
  if (listed > 0) return listed;
  const fromSpecs = parseSpecsGpu(server.specs?.gpu).count;
  if (fromSpecs !== null) return fromSpecs;
  return typeof server.partial_gpu_rental === 'object' ? (server.partial_gpu_rental?.total_gpus ?? 0) : 0;
}

function modelOf(server: Server): string {
  // Clore requires every GPU on a host to be the same model, so the first name stands for all.
  const name = server.gpu_array?.find((n) => n.trim().length > 0)?.trim() ?? parseSpecsGpu(server.specs?.gpu).name ?? 'unnamed GPU';
  return normaliseGpuModel(name, { memoryGb: marketedMemoryGb(server.specs?.gpuram) });
}

/** GPUs listed idle: the per-GPU count where the server rents GPUs singly, else all or none. */
function freeGpusOf(server: Server, gpus: number): number {
  const partial = server.partial_gpu_rental;
  if (typeof partial === 'object' && partial?.available_gpus !== undefined) return Math.min(partial.available_gpus, gpus);
  return server.rented ? 0 : gpus;
}

/**
 * The server's on-demand ask in USD per day: `on_demand_usd` (paid in USD stablecoin), else
 * `on_demand_clore`, Clore's own USD value of an ask paid in CLORE (it sits under `price.usd`,
 * so no token rate is needed, and clients check the two agree within a few percent).
 */
function usdPerDayOf(server: Server): number | null {
  const usd = server.price?.usd;
  const value = usd?.on_demand_usd ?? usd?.on_demand_clore ?? null;
  return value !== null && value > 0 ? value : null;
}

export const cloreMarketplace: SourceAdapter = {
  id: 'clore-marketplace',
  network: 'clore',
  name: 'Clore.ai API: marketplace',
  description:
    'Every server on the Clore.ai marketplace with its GPUs, whether it is rented right now, and its on-demand asking price (USD per day for the server).',
  // 2: server records validated one by one (a bad record is skipped and counted, not fatal).
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'CLORE_API_BASE_URL',
  defaultBaseUrl: 'https://api.clore.ai',
  request: { method: 'GET', path: '/v1/marketplace' },
  apiKey: { variable: 'CLORE_API_KEY', header: 'auth', required: false },
  methodology: [
    {
      figure: 'claimed',
      field: 'Σ GPUs per server: gpu_array length, else the "<N>x" prefix of specs.gpu',
      reasoning:
        'Every GPU on a server listed on the marketplace, rented or not: the size of the fleet Clore shows. Clore publishes no separate fleet claim.',
    },
    {
      figure: 'free',
      field: 'partial_gpu_rental.available_gpus where given, else all GPUs of servers with rented = false',
      reasoning:
        '`rented` is an explicit per-server occupancy flag, the most direct "idle right now" signal of any network; servers that rent GPUs singly say how many are left.',
    },
    {
      figure: 'rentable',
      field: 'free GPUs on servers with price.usd.on_demand_usd (or on_demand_clore) > 0',
      reasoning: 'An idle GPU on a server with an on-demand ask can be ordered now at that price; one without an ask cannot.',
    },
    {
      figure: 'price',
      field: 'price.usd.on_demand_usd ÷ 24 ÷ GPUs on the server (USD per GPU-hour)',
      reasoning:
        'The ask is USD per day for the whole server, so it is divided by 24 hours and by its GPUs; on_demand_clore (Clore’s USD value of the CLORE-paid ask) stands in when there is no USD ask. min, p25, median over the rentable servers of a model. Asks sit above what rented servers were let for.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, marketplaceSchema);
    if (!decoded.ok) return decoded;
    const { code } = decoded.value;
    if (code !== undefined && code !== 0) return { ok: false, error: `Clore API answered code ${code} instead of 0` };
    // Clore lists thousands of servers; none at all is the API failing, not an empty network.
    if (decoded.value.servers.length === 0) return { ok: false, error: 'no servers listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value.servers, serverSchema, 'server', ['servers']);
    if (!validated.ok) return validated;
    const servers = validated.records;

    const supply: SupplyObservation[] = [];
    const pricesByModel = new Map<string, number[]>();
    const totals = { claimed: 0, free: 0, rentable: 0 };
    for (const server of servers) {
      const gpus = gpuCountOf(server);
      if (gpus === 0) continue; // a CPU-only server, or one that names no GPU count
      const gpuModel = modelOf(server);
      const free = freeGpusOf(server, gpus);
      const usdPerDay = usdPerDayOf(server);
      const rentable = usdPerDay !== null ? free : 0;
      totals.claimed += gpus;
      totals.free += free;
      totals.rentable += rentable;
      supply.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: gpus },
        { gpuModel, status: 'free', unit: 'gpus', quantity: free },
        { gpuModel, status: 'rentable', unit: 'gpus', quantity: rentable },
      );
      if (usdPerDay !== null && rentable > 0) {
        const prices = pricesByModel.get(gpuModel) ?? [];
        prices.push(usdPerDay / 24 / gpus); // USD per server-day → USD per GPU-hour
        pricesByModel.set(gpuModel, prices);
      }
    }
    if (totals.claimed === 0) return { ok: false, error: 'no GPUs on any listed server (upstream returned an empty inventory)' };
    supply.push(
      { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: totals.claimed },
      { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: totals.free },
      { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: totals.rentable },
    );
    const prices = [...pricesByModel].flatMap(([gpuModel, usd]) => priceStatistics(gpuModel, usd, { roundToMicroUsd: true }));
    return buildSnapshot(supply, prices, validated.rejected);
  },
};
