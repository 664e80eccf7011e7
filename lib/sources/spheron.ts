/**
 * Spheron, through the GPU offer catalogue its console reads (`app.spheron.ai/api/gpu-offers`,
 * no key). Shape from ../shared/SOURCES.md §6, confirmed against two independent clients that
 * parse the live payload (a Python feed reading `data[].offers[]` with `gpuCount`, `price`,
 * `available`, `maintenance`, `gpu_memory`, `interconnectType`, `instanceType`; a SkyPilot
 * client that documents `price` as dollars per instance-hour).
 *
 * Unit trap: an offer's `price` (and the group's `lowestPrice`/`highestPrice`) is USD per hour
 * for the whole instance, which may hold 1, 2, 4 or 8 GPUs (an 8× H100 SXM5 offer at $42.13/h
 * is $5.27 per GPU-hour, not $42). We divide by `gpuCount`.
 *
 * Pages: the catalogue is paged (`page`, `limit`, `totalPages`, `total` count groups); every page
 * is read until `totalPages`, as the clients that read it all do (SkyPilot's
 * `fetch_spheron.py` pages until `page >= totalPages`). A page that fails fails the run.
 *
 * Double counting: Spheron is an aggregator. Most offers are third-party neocloud capacity
 * (providers such as sesterce, massed-compute, data-crunch; clusters like `us-central-3`), and
 * the same machines are listed on other networks (Fluence among them).
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson, priceStatistics } from './parse-helpers';
import type { ParseResult, SourceAdapter, SourceRequest, SupplyObservation } from './types';

const count = z.number().int().nonnegative();

const offerSchema = z.object({
  offerId: z.union([z.string(), z.number()]).optional(),
  gpuCount: count,
  // Some offers are listed without a price (quote on request); they are not rentable here.
  price: z.number().nonnegative().nullable().optional(),
  available: z.boolean(),
  maintenance: z.boolean().nullable().optional(),
  gpu_memory: z.number().nonnegative().nullable().optional(),
  interconnectType: z.string().nullable().optional(),
  instanceType: z.string().nullable().optional(),
});

export const gpuOffersSchema = z.object({
  data: z.array(
    z.object({
      gpuType: z.string(),
      displayName: z.string().nullable().optional(),
      interconnectVariants: z.array(z.string()).nullable().optional(),
      totalAvailable: count,
      offers: z.array(offerSchema),
    }),
  ),
  total: count.optional(),
  page: count.optional(),
  totalPages: count.optional(),
});

/** Just the paging fields, read leniently to decide whether another page follows. */
const pagingSchema = z.object({ page: count.optional(), totalPages: count.optional() });

/** Groups per page: 28 existed on 2026-09-06, so one page holds today's whole catalogue. */
const PAGE_SIZE = 100;

function pageRequest(page: number): SourceRequest {
  return { method: 'GET', path: `/gpu-offers?page=${page}&limit=${PAGE_SIZE}&sortBy=popularity&sortOrder=asc` };
}

type OfferGroup = z.infer<typeof gpuOffersSchema>['data'][number];
type Offer = z.infer<typeof offerSchema>;

/** Groups such as `CPU NODE` list CPU-only machines (gpuCount 0) beside the GPUs. */
function isCpuGroup(group: OfferGroup): boolean {
  return /\bcpu\b/i.test(`${group.gpuType} ${group.displayName ?? ''}`.replace(/_/g, ' '));
}

/** The one value every offer agrees on, or null when they differ or none gives it. */
function sharedValue<T>(values: readonly (T | null | undefined)[]): T | null {
  const present = values.filter((v): v is T => v !== null && v !== undefined);
  const first = present[0];
  return first !== undefined && present.every((v) => v === first) ? first : null;
}

function groupModel(group: OfferGroup): string {
  const gpuOffers = group.offers.filter((o) => o.gpuCount > 0);
  const variants = group.interconnectVariants ?? [];
  return normaliseGpuModel(group.displayName ?? group.gpuType, {
    memoryGb: sharedValue(gpuOffers.map((o) => o.gpu_memory)),
    interface: variants.length === 1 ? variants[0] : sharedValue(gpuOffers.map((o) => o.interconnectType)),
  });
}

function offerModel(group: OfferGroup, offer: Offer): string {
  // `gpu_memory` is per card (80 on a 1× or 8× H100 offer), as the clients read it.
  return normaliseGpuModel(group.displayName ?? group.gpuType, {
    memoryGb: offer.gpu_memory ?? null,
    interface: offer.interconnectType ?? null,
  });
}

/**
 * Spot offers are listed as separate entries (`instanceType: SPOT`, ids ending `::spot`) for
 * capacity that is also offered on demand; counting them would count the same GPUs twice, and
 * their interruptible prices do not compare with on-demand ones.
 */
function isSpot(offer: Offer): boolean {
  return (offer.instanceType ?? '').toUpperCase() === 'SPOT' || String(offer.offerId ?? '').endsWith('::spot');
}

function isRentable(offer: Offer): offer is Offer & { price: number } {
  return offer.available && offer.maintenance !== true && offer.gpuCount > 0 && !isSpot(offer) && (offer.price ?? 0) > 0;
}

export const spheronGpuOffers: SourceAdapter = {
  id: 'spheron-gpu-offers',
  network: 'spheron',
  name: 'Spheron console API: GPU offers',
  description:
    'Every GPU offer Spheron lists, grouped by GPU type: GPUs shown as available per type, and the on-demand offers one can order now with their per-instance hourly prices.',
  // v2: every page is read until totalPages (v1 read page 1 only); a group seen on two pages counts once.
  version: 2,
  evidenceGrade: 'official-api',
  baseUrlVariable: 'SPHERON_API_BASE_URL',
  defaultBaseUrl: 'https://app.spheron.ai/api',
  // Page 1 of up to 100 GPU-type groups; nextRequest asks for the pages after it.
  request: pageRequest(1),
  // The API allows 100 requests per 15 minutes per IP (the stricter of its two published limits).
  rateLimitPerMinute: 6,
  methodology: [
    {
      figure: 'free',
      field: 'data[].totalAvailable (summed per canonical model; CPU-only groups skipped)',
      reasoning:
        'What Spheron itself shows as available per GPU type. Read as GPUs; the API does not say whether it counts GPUs or instances. Every page of the catalogue is read, 100 groups a page, until `totalPages` (28 groups, one page, on 2026-09-06); a page that fails fails the run, and a group seen on two pages (the catalogue moved while it was read) counts once. Much of it is resold third-party neocloud capacity (sesterce, massed-compute, …) that other networks list too, so it is not additive with them.',
    },
    {
      figure: 'rentable',
      field: 'Σ data[].offers[].gpuCount where available && !maintenance && price > 0 && instanceType ≠ SPOT',
      reasoning:
        'An offer that is available, not in maintenance and priced can be ordered now; each stands for at least one instance of gpuCount GPUs, so this is a lower bound. Preferred over totalAvailable because it is tied to listings one can act on. Spot entries duplicate on-demand capacity and are left out.',
    },
    {
      figure: 'price',
      field: 'offers[].price ÷ offers[].gpuCount over the rentable offers (USD per GPU-hour)',
      reasoning:
        '`price` is USD per instance-hour, so it is divided by the GPUs in the instance; min, p25 and median are taken over the rentable on-demand offers of a model.',
    },
    {
      figure: 'claimed',
      field: '(none)',
      reasoning:
        'This endpoint publishes no fleet size; Spheron claims prices 40–60% below hyperscalers, not a GPU count.',
    },
  ],
  nextRequest(responses) {
    const last = responses.at(-1);
    if (!last) return null;
    const paging = decodeJson(last, pagingSchema);
    // An unreadable page ends the read; parsing says what is wrong with it.
    if (!paging.ok) return null;
    const read = responses.length;
    return read < (paging.value.totalPages ?? 1) ? pageRequest(read + 1) : null;
  },
  parse(bytes) {
    return readPages([bytes]);
  },
  parseResponses(responses) {
    return readPages(responses);
  },
};

/** Every page of the catalogue, in order, as one reading. */
function readPages(pages: readonly Uint8Array[]): ParseResult {
  const groups = new Map<string, OfferGroup>();
  for (const [index, bytes] of pages.entries()) {
    const decoded = decodeJson(bytes, gpuOffersSchema);
    if (!decoded.ok) return { ok: false, error: pages.length > 1 ? `page ${index + 1}: ${decoded.error}` : decoded.error };
    // A server that ignored `page` would send page 1 again: its groups must not count twice.
    const page = decoded.value.page;
    if (page !== undefined && page !== index + 1) return { ok: false, error: `response ${index + 1} is page ${page}, expected page ${index + 1}` };
    // A group that moved between pages while they were read is counted once, where first seen.
    for (const group of decoded.value.data) if (!groups.has(group.gpuType)) groups.set(group.gpuType, group);
  }
  const gpuGroups = [...groups.values()].filter((group) => !isCpuGroup(group));
  // Spheron lists dozens of GPU types; none at all is the catalogue failing, not a sold-out network.
  if (gpuGroups.length === 0) return { ok: false, error: 'no GPU offer groups listed (upstream returned an empty inventory)' };

  const supply: SupplyObservation[] = [];
  const pricesByModel = new Map<string, number[]>();
  const rentableByModel = new Map<string, number>();
  let freeTotal = 0;
  for (const group of gpuGroups) {
    const model = groupModel(group);
    freeTotal += group.totalAvailable;
    supply.push({ gpuModel: model, status: 'free', unit: 'gpus', quantity: group.totalAvailable });
    if (!rentableByModel.has(model)) rentableByModel.set(model, 0);
    for (const offer of group.offers) {
      if (!isRentable(offer)) continue;
      const gpuModel = offerModel(group, offer);
      rentableByModel.set(gpuModel, (rentableByModel.get(gpuModel) ?? 0) + offer.gpuCount);
      const prices = pricesByModel.get(gpuModel) ?? [];
      prices.push(offer.price / offer.gpuCount); // per instance-hour → per GPU-hour
      pricesByModel.set(gpuModel, prices);
    }
  }

  let rentableTotal = 0;
  for (const [gpuModel, quantity] of rentableByModel) {
    rentableTotal += quantity;
    supply.push({ gpuModel, status: 'rentable', unit: 'gpus', quantity });
  }
  supply.push(
    { gpuModel: ALL_MODELS, status: 'free', unit: 'gpus', quantity: freeTotal },
    { gpuModel: ALL_MODELS, status: 'rentable', unit: 'gpus', quantity: rentableTotal },
  );
  // Statistics per canonical model over every offer of it, across groups (three A6000 groups
  // are one card), so buildSnapshot never has to merge two medians.
  const prices = [...pricesByModel].flatMap(([gpuModel, usd]) => priceStatistics(gpuModel, usd, { roundToMicroUsd: true }));
  return buildSnapshot(supply, prices);
}
