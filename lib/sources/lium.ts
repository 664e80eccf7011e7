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
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { buildSnapshot, decodeJson, SupplyTally } from './parse-helpers';
import type { SourceAdapter } from './types';

const count = z.number().int().nonnegative();

export const executorsSchema = z.array(
  z.object({
    id: z.string(),
    // nvidia-smi's name for the host's cards, e.g. "NVIDIA H100 80GB HBM3".
    machine_name: z.string(),
    // USD per GPU-hour; null on hosts that have not set a price.
    price_per_gpu: z.number().nullable(),
    // GPUs in the host, rented or not.
    gpu_count: count,
    // GPUs free to rent on the host now (smaller than gpu_count on a partly rented host).
    available_gpu_count: count,
    executor_ip_address: z.string().nullable().optional(),
    // "secure" or "spot" (spot hosts may be reclaimed).
    tier: z.string().nullable().optional(),
  }),
);

type Executor = z.infer<typeof executorsSchema>[number];

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
  version: 1,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'LIUM_API_BASE_URL',
  defaultBaseUrl: 'https://lium.io/api',
  // size=1000 as the official SDK sends it, so the list is not cut at a default page size.
  request: { method: 'GET', path: '/executors?size=1000' },
  // The list answers without a key; the SDK sends one, which may raise limits.
  apiKey: { variable: 'LIUM_API_KEY', header: 'X-API-KEY', required: false },
  methodology: [
    {
      figure: 'claimed',
      field: 'Σ gpu_count over executors, one per IP address',
      reasoning:
        'The GPUs in every host Lium lists, rented or not. Executors sharing executor_ip_address count once (the largest registration), so a host registered twice is not doubled; hosts behind one NAT address would be undercounted. Hosts Lium no longer lists (fully rented ones may drop out) are not seen, so this is a floor on network size, not a claim from marketing.',
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
    const { hosts } = dedupeByIpAddress(decoded.value);

    const tally = new SupplyTally();
    for (const host of hosts) {
      const gpuModel = normaliseGpuModel(host.machine_name);
      const free = Math.min(host.available_gpu_count, host.gpu_count);
      const priced = host.price_per_gpu != null && host.price_per_gpu > 0;
      const rentable = priced ? free : 0;
      tally.add(gpuModel, { claimed: host.gpu_count, free, rentable, usdPerGpuHour: host.price_per_gpu });
    }
    const { supply, prices } = tally.observations({ positiveOnly: true });
    return buildSnapshot(supply, prices);
  },
};
