/**
 * Akash Network history, for `npm run backfill`: the console API's daily GPU breakdown. Shape
 * from akash-network/console `apps/api/src/gpu/http-schemas/gpu.schema.ts` (`GpuBreakdownResponseSchema`)
 * and `apps/api/src/gpu/repositories/gpu.repository.ts` (`getGpuBreakdown`), checked against the
 * publisher's functional test `apps/api/test/functional/gpu.spec.ts` (see ../shared/SOURCES.md §2).
 *
 * What the query counts, per day and per GPU name: the GPUs each node reports in its provider's
 * last *successful* status check of that day (`totalGpus` = one per reported GPU), and the GPUs
 * the node had allocated to leases then (`leasedGpus`, capped at `totalGpus`). It groups by
 * vendor and name only: no memory, no interface. It carries no prices, and Akash publishes no
 * price history at all (`/v1/gpu-prices` is a snapshot), so history has no rentable or price figure.
 *
 * Not built: `/v1/graph-data/activeGPU`. Its value is the GPU units in active leases on chain at
 * each day's last block: how many GPUs tenants were renting, which is none of claimed, free or
 * rentable, and it comes without a same-day total to subtract it from. Taking the total from
 * this breakdown instead would subtract chain lease units from provider-reported hardware, two
 * counts made differently; the breakdown already has both halves from one snapshot.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson } from './parse-helpers';
import type { DatedSnapshot, HistoryAdapter, SupplyObservation } from './types';

const count = z.number().int().nonnegative();

/** An ISO date, or an ISO date-time that says its zone (a zone-less time would be read as local time). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/, 'expected an ISO date (YYYY-MM-DD, or a date-time with Z or an offset)');

export const gpuBreakdownSchema = z.array(
  z.object({
    date: isoDay,
    vendor: z.string(),
    model: z.string(),
    totalGpus: count,
    leasedGpus: count,
    // Not read. The published schema says numbers, but gpuUtilization is a SQL numeric(10,2)
    // that node-postgres hands over as a string ("85.51", as the publisher's own test expects).
    providerCount: count.optional(),
    nodeCount: count.optional(),
    gpuUtilization: z.union([z.number(), z.string()]).optional(),
  }),
);

/** The UTC calendar day a breakdown row describes, as that day's 00:00 UTC; null when it is not a real date. */
function utcDayOf(date: string): Date | null {
  const day = date.length === 10 ? new Date(`${date}T00:00:00Z`) : new Date(date);
  if (Number.isNaN(day.getTime())) return null;
  // `new Date('2026-02-30T00:00:00Z')` rolls over to 2 March instead of failing.
  if (date.length === 10 && day.toISOString().slice(0, 10) !== date) return null;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
}

export const akashGpuBreakdownHistory: HistoryAdapter = {
  id: 'akash-gpu-breakdown-history',
  network: 'akash',
  name: 'Akash console API: daily GPU breakdown',
  description:
    'Per day and GPU name: GPUs reported by providers that passed a status check that day, and how many were leased. No prices.',
  version: 1,
  evidenceGrade: 'backfilled-history',
  baseUrlVariable: 'AKASH_API_BASE_URL',
  defaultBaseUrl: 'https://console-api.akash.network',
  request: { method: 'GET', path: '/v1/gpu-breakdown' },
  minIntervalMinutes: 24 * 60,
  methodology: [
    {
      figure: 'claimed',
      field: '[].totalGpus per date and vendor+model (network: Σ over models)',
      reasoning:
        "The GPUs each node reports in its provider's last successful status check of the day: Akash's own daily count of the hardware on offer. It counts reported GPUs, where the live feed sums allocatable ones, so the two can differ a little. Akash groups it by name only (no memory or interface), so every H100 is `h100` and every A100 is `a100`, not the `h100-sxm-80gb` / `a100-sxm-80gb` of the live feed. A model absent on a day gets no point that day (a gap, not zero). Each day is stored at 00:00 UTC.",
    },
    {
      figure: 'free',
      field: '[].totalGpus − [].leasedGpus',
      reasoning:
        'Idle by lease: GPUs not allocated to a lease at that check. Unlike the live `available`, it is not limited to providers online now; a provider that answered one check that day and then went offline still counts.',
    },
    {
      figure: 'rentable',
      field: 'none',
      reasoning: 'The history says nothing about prices or whether a provider would bid, so it gives no rentable figure.',
    },
    {
      figure: 'price',
      field: 'none',
      reasoning: 'The breakdown has no prices, and Akash publishes no price history (`/v1/gpu-prices` is a snapshot of recent bids).',
    },
  ],
  parseHistory(bytes) {
    const decoded = decodeJson(bytes, gpuBreakdownSchema);
    if (!decoded.ok) return decoded;
    // Akash has had GPUs on every day of its history; an empty list is the indexer failing.
    if (decoded.value.length === 0) return { ok: false, error: 'no daily rows listed (upstream returned an empty history)' };

    const perModelByDay = new Map<number, SupplyObservation[]>();
    for (const row of decoded.value) {
      const day = utcDayOf(row.date);
      if (!day) return { ok: false, error: `invalid date ${row.date} for ${row.vendor} ${row.model}` };
      // A node with allocatable GPUs but no GPU details comes back as vendor/model `Unknown`
      // with totalGpus 0 (the query counts GPU rows): nothing to place, nothing to count.
      if (row.totalGpus === 0 && row.leasedGpus === 0) continue;
      if (row.leasedGpus > row.totalGpus) {
        return { ok: false, error: `leasedGpus ${row.leasedGpus} exceeds totalGpus ${row.totalGpus} for ${row.vendor} ${row.model} on ${row.date}` };
      }
      // No memory or interface to pass: `h100` and `a100` stay family ids (see methodology).
      const gpuModel = normaliseGpuModel(`${row.vendor} ${row.model}`);
      const points = perModelByDay.get(day.getTime()) ?? [];
      points.push(
        { gpuModel, status: 'claimed', unit: 'gpus', quantity: row.totalGpus },
        { gpuModel, status: 'free', unit: 'gpus', quantity: row.totalGpus - row.leasedGpus },
      );
      perModelByDay.set(day.getTime(), points);
    }
    if (perModelByDay.size === 0) return { ok: false, error: 'no GPUs in any daily row (upstream returned an empty history)' };

    const dated: DatedSnapshot[] = [];
    for (const time of [...perModelByDay.keys()].sort((a, b) => a - b)) {
      const perModel = perModelByDay.get(time) ?? [];
      const sum = (status: 'claimed' | 'free') => perModel.filter((p) => p.status === status).reduce((total, p) => total + p.quantity, 0);
      const built = buildSnapshot(
        [
          { gpuModel: ALL_MODELS, status: 'claimed', unit: 'gpus', quantity: sum('claimed') },
          { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: sum('free') },
          ...perModel,
        ],
        [],
      );
      if (!built.ok) return built;
      dated.push({ observedAt: new Date(time), snapshot: built.value });
    }
    return { ok: true, value: dated };
  },
};
