/**
 * Lium (Bittensor subnet 51), through its public executor list (see ../shared/SOURCES.md §14).
 *
 * `GET lium.io/api/executors` answers a bare array, one entry per executor (a rentable host).
 * Field names from the official SDK (`Datura-ai/lium` `lium/sdk/client.py` `_dict_to_executor_info`
 * and `models.py` `ExecutorInfo`: `price_per_gpu`, `available_gpu_count`, `executor_ip_address`,
 * `tier`) and an independent provider mapping that parses the live payload (`gpu_count`,
 * `machine_name`, `location.country_code`). The 2026 shape drift replaced `costPerHr` with
 * `price_per_gpu`: a payload still carrying the old key fails as a changed shape.
 *
 * No unit trap in the price: `price_per_gpu` is already USD per GPU-hour (the SDK multiplies it by
 * `gpu_count` for the host price; we must not). The trap here is double counting: one host can be
 * registered as several executors, so executors sharing an IP address count once.
 *
 * Records are validated one by one (parse-helpers `validateRecords`): hosts describe themselves,
 * and a record with a null name or a count sent as a string must not fail the whole snapshot.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { buildSnapshot, decodeJson, SupplyTally, validateRecords } from './parse-helpers';
import type { SourceAdapter } from './types';

/**
 * A GPU count: a non-negative integer, or a string of digits read as one. Live executor records
 * have carried counts as strings; a string of digits has exactly one integer reading, so taking
 * it is safe, while anything else ("8x", "", "-1", 8.5) is still rejected. The official SDK
 * itself passes the API's counts straight into arithmetic without checking their type
 * (`lium/sdk/client.py` `_dict_to_executor_info`).
 */
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const gpuName = z.string().trim().min(1);

/** `specs.gpu` as the SDK reads it: `count` and `details[].name` (nvidia-smi names). */
const gpuSpecs = z
  .object({
    gpu: z
      .object({
        count: z.unknown().optional(),
        details: z.array(z.object({ name: z.unknown().optional() }).loose().nullable()).nullable().optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose()
  .nullable()
  .optional();

/**
 * One executor record as the API sends it. `machine_name` and the top-level `gpu_count` may be
 * null or missing: the SDK then reads the GPU name from `specs.gpu.details[0].name` and the
 * count from `specs.gpu.count` (`_dict_to_executor_info`), and so do we. A record with neither
 * is rejected with its reason, not guessed (the SDK defaults the count to 1; we do not).
 */
export const executorSchema = z
  .object({
    id: z.string(),
    // nvidia-smi's name for the host's cards, e.g. "NVIDIA H100 80GB HBM3".
    machine_name: z.unknown().optional(),
    // USD per GPU-hour; null on hosts that have not set a price.
    price_per_gpu: z.number().nullable(),
    // GPUs in the host, rented or not.
    gpu_count: z.unknown().optional(),
    // GPUs free to rent on the host now (smaller than gpu_count on a partly rented host).
    available_gpu_count: count,
    executor_ip_address: z.string().nullable().optional(),
    // "secure" or "spot" (spot hosts may be reclaimed).
    tier: z.string().nullable().optional(),
    specs: gpuSpecs,
  })
  .transform((raw, ctx) => {
    const name = gpuName.safeParse(raw.machine_name).data ?? gpuName.safeParse(raw.specs?.gpu?.details?.[0]?.name).data;
    if (name === undefined) {
      ctx.issues.push({ code: 'custom', message: 'without a GPU name (machine_name or specs.gpu.details[0].name)', input: raw });
      return z.NEVER;
    }
    const topLevel = count.safeParse(raw.gpu_count);
    const fromSpecs = count.safeParse(raw.specs?.gpu?.count);
    const gpuCount = raw.gpu_count != null ? topLevel.data : fromSpecs.data;
    if (gpuCount === undefined) {
      const message = raw.gpu_count != null || raw.specs?.gpu?.count != null ? 'with a GPU count that is not a count' : 'without a GPU count (gpu_count or specs.gpu.count)';
      ctx.issues.push({ code: 'custom', message, input: raw });
      return z.NEVER;
    }
    return {
      id: raw.id,
      machine_name: name,
      price_per_gpu: raw.price_per_gpu,
      gpu_count: gpuCount,
      available_gpu_count: raw.available_gpu_count,
      executor_ip_address: raw.executor_ip_address,
      tier: raw.tier,
    };
  });

/** `GET /executors` answers a bare array of executor records. */
export const executorsSchema = z.array(z.unknown());

type Executor = z.output<typeof executorSchema>;

/**
 * One executor per IP address: the same machine re-registered (or listed by two miners) would
 * otherwise count twice. The entry with the most GPUs stands (then the most available, then the
 * first listed), so a duplicate never inflates a host beyond its largest registration.
 */
export function dedupeByIpAddress(executors: readonly Executor[]): { hosts: Executor[]; duplicates: number } {
  const byHost = new Map<string, Executor>();
  for (const executor of executors) {
    const ip = executor.executor_ip_address?.trim();
    const key = ip ? `ip:${ip}` : `id:${executor.id}`;
    const kept = byHost.get(key);
    const better =
      !kept ||
      executor.gpu_count > kept.gpu_count ||
      (executor.gpu_count === kept.gpu_count && executor.available_gpu_count > kept.available_gpu_count);
    if (better) byHost.set(key, executor);
  }
  const hosts = [...byHost.values()];
  return { hosts, duplicates: executors.length - hosts.length };
}

export const liumExecutors: SourceAdapter = {
  id: 'lium-executors',
  network: 'lium',
  name: 'Lium API: executors',
  description:
    'Every executor (GPU host) listed for rent on Lium, with its GPU model, GPUs in total and free now, and price per GPU-hour.',
  // 2: records are validated one by one (a bad record is skipped and counted, not fatal), counts
  // sent as digit strings are read, and name and count fall back to specs.gpu as the SDK does.
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'LIUM_API_BASE_URL',
  defaultBaseUrl: 'https://lium.io/api',
  // size=1000 as the official SDK sends it, so the list is not cut at a default page size.
  request: { method: 'GET', path: '/executors?size=1000' },
  // The list answers without a key; the SDK sends one in X-API-KEY on every request
  // (`lium/sdk/client.py`, `self.headers`), which may raise limits. Sent only when set.
  apiKey: { variable: 'LIUM_API_KEY', header: 'X-API-KEY', required: false },
  methodology: [
    {
      figure: 'claimed',
      field: 'Σ gpu_count (specs.gpu.count where gpu_count is missing) over executors, one per IP address',
      reasoning:
        'The GPUs in every host Lium lists, rented or not. The GPU model is machine_name, or specs.gpu.details[0].name where it is null or missing, as the official SDK reads it; a record with no name or no count anywhere is skipped and counted on the run (never guessed), and the run fails if more than a fifth of the records are. Executors sharing executor_ip_address count once (the largest registration), so a host registered twice is not doubled; hosts behind one NAT address would be undercounted. Hosts Lium no longer lists (fully rented ones may drop out) are not seen, so this is a floor on network size, not a claim from marketing.',
    },
    {
      figure: 'free',
      field: 'Σ available_gpu_count (capped at gpu_count), one executor per IP address',
      reasoning: 'GPUs on listed hosts that no pod holds now; on a partly rented host this is the smaller number.',
    },
    {
      figure: 'rentable',
      field: 'available_gpu_count on executors with price_per_gpu > 0',
      reasoning:
        'Any account can rent a listed executor at its price; a host without a price cannot be ordered. Spot-tier hosts count too: they are rentable now, though the host may reclaim them.',
    },
    {
      figure: 'price',
      field: 'price_per_gpu (USD per GPU-hour), one listing per rentable executor',
      reasoning:
        'Each host sets its own price, so statistics are over hosts with GPUs free; spot and secure tiers are pooled. price_per_gpu is already per GPU (no division by gpu_count).',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, executorsSchema);
    if (!decoded.ok) return decoded;
    if (decoded.value.length === 0) return { ok: false, error: 'no executors listed (upstream returned an empty inventory)' };
    const validated = validateRecords(decoded.value, executorSchema, 'executor');
    if (!validated.ok) return validated;
    const { hosts } = dedupeByIpAddress(validated.records);

    const tally = new SupplyTally();
    for (const host of hosts) {
      const gpuModel = normaliseGpuModel(host.machine_name);
      const free = Math.min(host.available_gpu_count, host.gpu_count);
      const priced = host.price_per_gpu != null && host.price_per_gpu > 0;
      const rentable = priced ? free : 0;
      tally.add(gpuModel, { claimed: host.gpu_count, free, rentable, usdPerGpuHour: host.price_per_gpu });
    }
    const { supply, prices } = tally.observations({ positiveOnly: true });
    return buildSnapshot(supply, prices, validated.rejected);
  },
};
