/**
 * AWS EC2 on-demand list prices (us-east-1, Linux, shared tenancy): the hyperscaler baseline
 * every DePIN price is compared with. Read from the JSON file behind the public EC2 pricing
 * page (b0.p.awsstatic.com, no key; see ../shared/SOURCES.md §15.3). It is official AWS data
 * but an unofficial, undocumented file: it may change shape without notice.
 *
 * Unit traps:
 * - `price` is USD per *instance*-hour, as a decimal string ("55.0400000000"); an instance
 *   carries 1–8 GPUs, so the per-GPU price is price ÷ GPUs.
 * - The file has no GPU count or model: both come from the committed table below
 *   (ec2instances.info `gpu_data.go`, SOURCES.md §15.6).
 * - Per-GPU prices differ by size: for L40S/L4/A10G the 1-GPU sizes are cheaper per GPU than
 *   the 8-GPU sizes (CPU and RAM scale differently), so we publish two series as two sources:
 *   the cheapest 1-GPU size, and the 8-GPU size ÷ 8. A model with no such size is absent.
 * - g6f sizes carry a fraction of an L4 (1/8 to 1/2): not a GPU one can rent, skipped.
 *
 * AWS publishes list prices, not capacity: these sources yield prices only, no supply points.
 */
import { z } from 'zod';
import { normaliseGpuModel } from '../gpu-models';
import { buildSnapshot, decodeJson } from './parse-helpers';
import type { MethodologyRow, ParseResult, PriceObservation, SourceAdapter } from './types';

/** The published name of a card, with the hints that make its canonical id unambiguous. */
interface GpuCard {
  name: string;
  memoryGb: number | null;
  interface: string | null;
}

const B300: GpuCard = {
  name: 'NVIDIA B300',
  // AWS quotes 2.1 TB for eight cards (usable HBM); the card is marketed at 288 GB. Passing
  // 262 GB would mint a non-standard `b300-262gb`, so the memory hint is left out.
  memoryGb: null,
  interface: 'SXM',
};
const B200: GpuCard = { name: 'NVIDIA B200', memoryGb: 180, interface: 'SXM' };
const H200: GpuCard = { name: 'NVIDIA H200', memoryGb: 141, interface: 'SXM' };
const H100: GpuCard = { name: 'NVIDIA H100', memoryGb: 80, interface: 'SXM' };
const A100_80: GpuCard = { name: 'NVIDIA A100', memoryGb: 80, interface: 'SXM' };
const A100_40: GpuCard = { name: 'NVIDIA A100', memoryGb: 40, interface: 'SXM' };
const V100_32: GpuCard = { name: 'NVIDIA V100', memoryGb: 32, interface: 'SXM2' };
const V100_16: GpuCard = { name: 'NVIDIA V100', memoryGb: 16, interface: 'SXM2' };
const L40S: GpuCard = { name: 'NVIDIA L40S', memoryGb: 48, interface: null };
const L4: GpuCard = { name: 'NVIDIA L4', memoryGb: 24, interface: null };
const A10G: GpuCard = { name: 'NVIDIA A10G', memoryGb: 24, interface: null };
const T4: GpuCard = { name: 'NVIDIA T4', memoryGb: 16, interface: null };

export interface AwsGpuInstance {
  card: GpuCard;
  /** GPUs per instance; fractions are GPU slices (g6f). */
  gpus: number;
}

function sizes(card: GpuCard, gpusBySize: Record<string, number>, family: string): [string, AwsGpuInstance][] {
  return Object.entries(gpusBySize).map(([size, gpus]) => [`${family}.${size}`, { card, gpus }]);
}

const ONE_FOUR_EIGHT = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 };

/**
 * Instance type → GPU card and GPUs per instance (ec2instances.info `scraper/aws/ec2/gpu_data.go`,
 * SOURCES.md §15.6). Only the families Rentable compares against; any other instance in the
 * file (CPU-only, Trainium/Inferentia, older or newer GPU families) is ignored.
 */
export const AWS_GPU_INSTANCES: ReadonlyMap<string, AwsGpuInstance> = new Map<string, AwsGpuInstance>([
  ['p6-b300.48xlarge', { card: B300, gpus: 8 }],
  ['p6-b200.48xlarge', { card: B200, gpus: 8 }],
  ['p5en.48xlarge', { card: H200, gpus: 8 }],
  ['p5e.48xlarge', { card: H200, gpus: 8 }],
  ['p5.48xlarge', { card: H100, gpus: 8 }],
  ['p5.4xlarge', { card: H100, gpus: 1 }],
  ['p4de.24xlarge', { card: A100_80, gpus: 8 }],
  ['p4d.24xlarge', { card: A100_40, gpus: 8 }],
  ['p3dn.24xlarge', { card: V100_32, gpus: 8 }],
  ...sizes(V100_16, { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 }, 'p3'),
  ...sizes(L40S, ONE_FOUR_EIGHT, 'g6e'),
  ...sizes(L4, ONE_FOUR_EIGHT, 'g6'),
  ...sizes(L4, { large: 0.125, xlarge: 0.125, '2xlarge': 0.25, '4xlarge': 0.5 }, 'g6f'),
  ...sizes(A10G, ONE_FOUR_EIGHT, 'g5'),
  ...sizes(T4, { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, metal: 8 }, 'g4dn'),
]);

/** Canonical GPU model of a tracked instance type, or undefined for an instance we do not track. */
export function awsInstanceGpuModel(instanceType: string): string | undefined {
  const instance = AWS_GPU_INSTANCES.get(instanceType);
  if (!instance) return undefined;
  return normaliseGpuModel(instance.card.name, { memoryGb: instance.card.memoryGb, interface: instance.card.interface });
}

export type AwsGpuSizing = '1gpu' | '8gpu';

/** One instance's list price, USD per instance-hour. */
export interface AwsInstancePrice {
  instanceType: string;
  usdPerInstanceHour: number;
}

/**
 * Per-GPU list prices for one sizing: the cheapest instance with exactly one GPU, or the
 * cheapest with exactly eight GPUs ÷ 8. Each model gets `min` and `median`, both the list
 * price, over one listing (a list price is one offer, not a market).
 */
export function awsPerGpuPrices(listings: readonly AwsInstancePrice[], sizing: AwsGpuSizing): PriceObservation[] {
  const wantedGpus = sizing === '1gpu' ? 1 : 8;
  const cheapest = new Map<string, number>();
  for (const listing of listings) {
    const instance = AWS_GPU_INSTANCES.get(listing.instanceType);
    // Fractional sizes (g6f) never equal 1 or 8, so GPU slices drop out here.
    if (!instance || instance.gpus !== wantedGpus) continue;
    if (!Number.isFinite(listing.usdPerInstanceHour) || listing.usdPerInstanceHour <= 0) continue;
    const gpuModel = awsInstanceGpuModel(listing.instanceType);
    if (!gpuModel) continue;
    // Unit trap: the file prices the instance; a GPU-hour is the instance-hour ÷ its GPUs.
    const usdPerGpuHour = listing.usdPerInstanceHour / instance.gpus;
    const known = cheapest.get(gpuModel);
    if (known === undefined || usdPerGpuHour < known) cheapest.set(gpuModel, usdPerGpuHour);
  }
  return [...cheapest.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([gpuModel, usdPerGpuHour]) => [
      { gpuModel, statistic: 'min' as const, usdPerGpuHour, listings: 1 },
      { gpuModel, statistic: 'median' as const, usdPerGpuHour, listings: 1 },
    ]);
}

/** The location whose file we fetch; the file is keyed by it. */
export const AWS_LOCATION = 'US East (N. Virginia)';

const rowSchema = z.looseObject({
  // USD per instance-hour as a decimal string.
  price: z.string(),
  'Instance Type': z.string(),
  'Operating System': z.string(),
  'Pre Installed S/W': z.string().optional(),
  // Not in the recorded rows (the file is the shared-tenancy one); honoured if it ever appears.
  Tenancy: z.string().optional(),
});

export const awsPricingFileSchema = z.object({
  manifest: z
    .object({ currencyCode: z.string().optional(), hawkFilePublicationDate: z.string().optional() })
    .optional(),
  regions: z.record(z.string(), z.record(z.string(), rowSchema)),
});

type AwsRow = z.infer<typeof rowSchema>;

const CAPACITY_BLOCK = /capacity\s*block/i;

/** Capacity Block SKUs are reservations, not on-demand instances; skip any row that says so. */
function isCapacityBlock(key: string, row: AwsRow): boolean {
  return CAPACITY_BLOCK.test(key) || Object.values(row).some((value) => typeof value === 'string' && CAPACITY_BLOCK.test(value));
}

/** Linux, no pre-installed software, shared tenancy, not a capacity block. */
function isPlainLinuxOnDemand(key: string, row: AwsRow): boolean {
  if (row['Operating System'] !== 'Linux') return false;
  if (row['Pre Installed S/W'] !== undefined && row['Pre Installed S/W'] !== 'NA') return false;
  if (row.Tenancy !== undefined && row.Tenancy !== 'Shared') return false;
  return !isCapacityBlock(key, row);
}

/** Decodes the awsstatic file into the tracked instances' list prices. */
export function parseAwsPricingFile(bytes: Uint8Array): { ok: true; value: AwsInstancePrice[] } | { ok: false; error: string } {
  const decoded = decodeJson(bytes, awsPricingFileSchema);
  if (!decoded.ok) return decoded;
  const { manifest, regions } = decoded.value;
  if (manifest?.currencyCode !== undefined && manifest.currencyCode !== 'USD') {
    return { ok: false, error: `unexpected shape: manifest.currencyCode is ${manifest.currencyCode}, expected USD` };
  }
  const rows = regions[AWS_LOCATION];
  if (!rows) {
    const found = Object.keys(regions).join(', ') || 'none';
    return { ok: false, error: `unexpected shape: regions has no "${AWS_LOCATION}" entry (found: ${found})` };
  }
  const entries = Object.entries(rows);
  // AWS lists over a thousand instance types here; an empty region is a broken file.
  if (entries.length === 0) return { ok: false, error: 'no instances listed (upstream returned an empty inventory)' };

  const listings: AwsInstancePrice[] = [];
  for (const [key, row] of entries) {
    if (!AWS_GPU_INSTANCES.has(row['Instance Type']) || !isPlainLinuxOnDemand(key, row)) continue;
    // A row without a positive hourly figure (capacity-block style, "NA") has no on-demand price.
    const usdPerInstanceHour = Number(row.price.trim());
    if (row.price.trim() === '' || !Number.isFinite(usdPerInstanceHour) || usdPerInstanceHour <= 0) continue;
    listings.push({ instanceType: row['Instance Type'], usdPerInstanceHour });
  }
  if (listings.length === 0) {
    return {
      ok: false,
      error: `none of the ${AWS_GPU_INSTANCES.size} tracked GPU instance types is listed with a Linux on-demand price (upstream returned an empty inventory, or renamed them)`,
    };
  }
  return { ok: true, value: listings };
}

function parseSizing(bytes: Uint8Array, sizing: AwsGpuSizing): ParseResult {
  const parsed = parseAwsPricingFile(bytes);
  if (!parsed.ok) return parsed;
  const prices = awsPerGpuPrices(parsed.value, sizing);
  if (prices.length === 0) {
    return { ok: false, error: `no ${sizing === '1gpu' ? '1-GPU' : '8-GPU'} size of a tracked model is listed (upstream returned an empty inventory)` };
  }
  return buildSnapshot([], prices);
}

const COMMON_METHODOLOGY: readonly MethodologyRow[] = [
  {
    figure: 'price',
    field: `regions["${AWS_LOCATION}"][*].price (USD per instance-hour, string) ÷ GPUs per instance`,
    reasoning:
      'AWS list price for on-demand Linux, shared tenancy, us-east-1, from the unofficial file behind the official EC2 pricing page (the data is AWS’s own; the file is undocumented and may change). The file has no GPU column: GPU model and count per instance come from a committed table transcribed from ec2instances.info gpu_data.go.',
  },
  {
    figure: 'price',
    field: 'min = median = the list price; listings = 1',
    reasoning:
      'A list price is one fixed offer anyone can take, so the cheapest and the typical price are the same number. Rows that are not plain Linux (pre-installed software, other OS), not shared tenancy, Capacity Block reservations, or fractional-GPU sizes (g6f) are skipped.',
  },
  {
    figure: 'rentable',
    field: '(none)',
    reasoning: 'AWS publishes no capacity or availability, so this source yields no supply points; AWS is a price baseline only.',
  },
];

const BASE = {
  network: 'aws',
  baseUrlVariable: 'AWS_PRICING_BASE_URL',
  defaultBaseUrl: 'https://b0.p.awsstatic.com',
  // The file changes a few times a month at most.
  minIntervalMinutes: 360,
  // AWS's own figures, though read from an unofficial file (see methodology).
  evidenceGrade: 'official-api',
  request: {
    method: 'GET',
    // The location name is part of the path, percent-encoded as the pricing page requests it.
    path: '/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel/US%20East%20(N.%20Virginia)/Linux/index.json',
  },
} as const;

export const awsEc2OnDemand1Gpu: SourceAdapter = {
  ...BASE,
  id: 'aws-ec2-ondemand-1gpu',
  name: 'AWS EC2 on-demand (us-east-1): smallest 1-GPU size',
  description:
    'USD per GPU-hour of the cheapest on-demand instance with exactly one GPU of each model (Linux, us-east-1), from the file behind the AWS pricing page.',
  version: 1,
  methodology: [
    ...COMMON_METHODOLOGY,
    {
      figure: 'price',
      field: 'cheapest instance with exactly 1 GPU of the model',
      reasoning:
        'What a single-GPU renter pays at AWS. Models sold only in 8-GPU instances (B200, B300, H200, A100, V100 32GB) have no such size and are absent from this series.',
    },
  ],
  parse(bytes) {
    return parseSizing(bytes, '1gpu');
  },
};

export const awsEc2OnDemand8Gpu: SourceAdapter = {
  ...BASE,
  id: 'aws-ec2-ondemand-8gpu',
  name: 'AWS EC2 on-demand (us-east-1): 8-GPU size ÷ 8',
  description:
    'USD per GPU-hour of the on-demand instance with eight GPUs of each model, divided by 8 (Linux, us-east-1), from the file behind the AWS pricing page.',
  version: 1,
  methodology: [
    ...COMMON_METHODOLOGY,
    {
      figure: 'price',
      field: 'instance with exactly 8 GPUs of the model, price ÷ 8',
      reasoning:
        'The price per GPU of a full training node, the size DePIN H100/A100 listings usually compete with. For L40S/L4/A10G it is dearer per GPU than the 1-GPU size because the big instance carries far more CPU and RAM.',
    },
  ],
  parse(bytes) {
    return parseSizing(bytes, '8gpu');
  },
};
