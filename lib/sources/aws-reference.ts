/**
 * A committed transcription of AWS EC2 on-demand list prices (us-east-1, Linux, shared
 * tenancy) with the dates they held, so the AWS baseline has a history before Rentable
 * started scraping, and a value when the live pricing file is unreachable.
 *
 * It is not fetched: `awsReferenceHistory()` is a pure function over the table below, turned
 * into the same per-GPU series the live adapters publish (see ./aws.ts: the cheapest 1-GPU
 * size, or the 8-GPU size ÷ 8). A series per sizing, because one snapshot can hold only one
 * price per model and statistic.
 *
 * The one price event in the table: AWS cut on-demand prices of P4d, P4de and P5 (and P5en)
 * in June 2025 ("up to 45%" for P5). Sources and confidence in ../shared/SOURCES.md §15.8 and
 * beside each row.
 */
import { awsPerGpuPrices, type AwsGpuSizing, type AwsInstancePrice } from './aws';
import { z } from 'zod';
import { buildSnapshot, decodeJson } from './parse-helpers';
import type { CommittedSource } from '../ingest/committed';
import type { DatedSnapshot, HistoryAdapter, MethodologyRow } from './types';

export type ReferenceConfidence = 'high' | 'medium' | 'low';

export interface AwsReferencePrice {
  instanceType: string;
  /** USD per instance-hour (not per GPU). */
  usdPerInstanceHour: number;
  /**
   * First date (UTC, YYYY-MM-DD) this table vouches for the price. It holds until a later row
   * for the same instance; it may have applied earlier than this date too.
   */
  effectiveFrom: string;
  confidence: ReferenceConfidence;
  source: string;
}

/**
 * The June 2025 cut. AWS's News Blog post "Announcing up to 45% price reduction for Amazon EC2
 * NVIDIA GPU-accelerated instances" is dated 2025-06-05 (cited with that date by two
 * independent pages); its What's New entry (2025/06, "Pricing and usage model updates for EC2
 * NVIDIA GPU instances") is cited as effective from 2025-06-01 against a 2025-05-31 baseline.
 * Neither AWS page was in the stored corpus: the effective date is medium confidence, and the
 * announcement came a few days after it.
 */
export const AWS_JUNE_2025_CUT_EFFECTIVE = '2025-06-01';
const LAST_DAY_BEFORE_CUT = '2025-05-31';

/** The date of the awsstatic file transcribed in SOURCES.md §15.7 (`hawkFilePublicationDate`). */
export const AWS_REFERENCE_LATEST = '2026-08-06';

const FILE_2026_08_06 = 'awsstatic us-east-1 Linux on-demand file, hawkFilePublicationDate 2026-08-06 (SOURCES.md §15.7)';
const CUT_SOURCE = `${FILE_2026_08_06}; unchanged since the June 2025 cut (AWS News Blog 2025-06-05; SOURCES.md §15.8)`;
const PRE_CUT_SOURCE =
  'list price before the June 2025 cut, quoted by many pre-cut pages (nextplatform 2023-07-27, usage.ai GPU cost guide; SOURCES.md §15.8); in effect since launch, dated here at the last day before the cut only';

export const AWS_REFERENCE_PRICES: readonly AwsReferencePrice[] = [
  // Before the cut. Only the instances the cut touched: we have no vouched-for pre-cut figure
  // for the rest, and leaving them out is better than guessing they did not move.
  { instanceType: 'p5.48xlarge', usdPerInstanceHour: 98.32, effectiveFrom: LAST_DAY_BEFORE_CUT, confidence: 'high', source: PRE_CUT_SOURCE },
  { instanceType: 'p4d.24xlarge', usdPerInstanceHour: 32.77, effectiveFrom: LAST_DAY_BEFORE_CUT, confidence: 'high', source: PRE_CUT_SOURCE },
  {
    instanceType: 'p4de.24xlarge',
    usdPerInstanceHour: 40.97,
    effectiveFrom: LAST_DAY_BEFORE_CUT,
    // Derived: the current $27.44705 at the same −33% AWS gave for P4d (SOURCES.md §15.8).
    confidence: 'low',
    source: 'derived from the current price and the −33% P4 cut; no pre-cut list page found (SOURCES.md §15.8)',
  },

  // After the cut, still the list price in the 2026-08-06 file.
  { instanceType: 'p5.48xlarge', usdPerInstanceHour: 55.04, effectiveFrom: AWS_JUNE_2025_CUT_EFFECTIVE, confidence: 'medium', source: CUT_SOURCE },
  { instanceType: 'p4d.24xlarge', usdPerInstanceHour: 21.957642, effectiveFrom: AWS_JUNE_2025_CUT_EFFECTIVE, confidence: 'medium', source: CUT_SOURCE },
  { instanceType: 'p4de.24xlarge', usdPerInstanceHour: 27.44705, effectiveFrom: AWS_JUNE_2025_CUT_EFFECTIVE, confidence: 'medium', source: CUT_SOURCE },

  // Current list (2026-08-06). P5en's pre-cut price and post-cut date are unverified
  // (SOURCES.md §15.8), so it starts here; so does everything whose history we do not have.
  ...(
    [
      ['p6-b300.48xlarge', 142.416],
      ['p6-b200.48xlarge', 113.9328],
      ['p5en.48xlarge', 63.296],
      ['p5.4xlarge', 6.88],
      ['p3dn.24xlarge', 31.212],
      ['p3.16xlarge', 24.48],
      ['p3.2xlarge', 3.06],
      ['g6e.48xlarge', 30.13118],
      ['g6e.12xlarge', 10.49264],
      ['g6e.xlarge', 1.861],
      ['g6.48xlarge', 13.3504],
      ['g6.12xlarge', 4.6016],
      ['g6.xlarge', 0.8048],
      ['g5.48xlarge', 16.288],
      ['g5.12xlarge', 5.672],
      ['g5.xlarge', 1.006],
      ['g4dn.12xlarge', 3.912],
      ['g4dn.metal', 7.824],
      ['g4dn.xlarge', 0.526],
    ] as const
  ).map(([instanceType, usdPerInstanceHour]) => ({
    instanceType,
    usdPerInstanceHour,
    effectiveFrom: AWS_REFERENCE_LATEST,
    confidence: 'high' as const,
    source: FILE_2026_08_06,
  })),
];

/** The prices in effect on a date: per instance, the latest row effective at or before it. */
function pricesInEffect(table: readonly AwsReferencePrice[], date: string): AwsInstancePrice[] {
  const latest = new Map<string, AwsReferencePrice>();
  for (const row of table) {
    if (row.effectiveFrom > date) continue;
    const known = latest.get(row.instanceType);
    if (!known || row.effectiveFrom > known.effectiveFrom) latest.set(row.instanceType, row);
  }
  return [...latest.values()].map((row) => ({ instanceType: row.instanceType, usdPerInstanceHour: row.usdPerInstanceHour }));
}

/**
 * One dated snapshot per effective date in the table (midnight UTC), holding the per-GPU
 * price of every model in effect that day for the given sizing. Dates where the sizing has no
 * model (no 1-GPU size before 2026-08-06) are left out rather than stored as empty.
 */
export function awsReferenceHistory(
  sizing: AwsGpuSizing = '8gpu',
  table: readonly AwsReferencePrice[] = AWS_REFERENCE_PRICES,
): DatedSnapshot[] {
  const dates = [...new Set(table.map((row) => row.effectiveFrom))].sort();
  const history: DatedSnapshot[] = [];
  for (const date of dates) {
    const prices = awsPerGpuPrices(pricesInEffect(table, date), sizing);
    if (prices.length === 0) continue;
    const snapshot = buildSnapshot([], prices);
    if (snapshot.ok) history.push({ observedAt: new Date(`${date}T00:00:00Z`), snapshot: snapshot.value });
  }
  return history;
}

/** What the ingest layer needs to store the table's history as a source; it is never fetched. */
export type AwsReferenceSource = Pick<HistoryAdapter, 'id' | 'network' | 'name' | 'description' | 'version' | 'evidenceGrade' | 'methodology'> & {
  sizing: AwsGpuSizing;
  history(): DatedSnapshot[];
};

const REFERENCE_METHODOLOGY: readonly MethodologyRow[] = [
  {
    figure: 'price',
    field: 'AWS_REFERENCE_PRICES[].usdPerInstanceHour ÷ GPUs per instance, by effectiveFrom',
    reasoning:
      'A committed transcription of AWS us-east-1 Linux on-demand list prices with the dates they held, used for the AWS baseline before live scraping began and wherever the live pricing file is unreachable. Not fetched, so it shows only what was transcribed: each row names its source and confidence.',
  },
  {
    figure: 'price',
    field: 'June 2025 cut: p5.48xlarge $98.32 → $55.04, p4d.24xlarge $32.77 → $21.957642, p4de.24xlarge ≈$40.97 → $27.44705',
    reasoning:
      'Effective 2025-06-01 (medium confidence; announced on the AWS News Blog 2025-06-05). Pre-cut prices are dated 2025-05-31 only; p4de’s pre-cut price is derived from the −33% P4 cut (low confidence).',
  },
  {
    figure: 'price',
    field: 'min = median = the list price; listings = 1',
    reasoning: 'A list price is one fixed offer, as in the live AWS sources; same GPU table and per-GPU arithmetic as aws.ts.',
  },
];

export const awsReferenceTable: AwsReferenceSource = {
  id: 'aws-reference-table',
  network: 'aws',
  name: 'AWS EC2 on-demand reference table (us-east-1): 8-GPU size ÷ 8',
  description:
    'Committed transcription of AWS on-demand list prices with effective dates, as USD per GPU-hour of the 8-GPU size ÷ 8. Includes the June 2025 P4/P5 price cut.',
  version: 1,
  evidenceGrade: 'backfilled-history',
  methodology: REFERENCE_METHODOLOGY,
  sizing: '8gpu',
  history: () => awsReferenceHistory('8gpu'),
};

export const awsReferenceTable1Gpu: AwsReferenceSource = {
  id: 'aws-reference-table-1gpu',
  network: 'aws',
  name: 'AWS EC2 on-demand reference table (us-east-1): smallest 1-GPU size',
  description:
    'Committed transcription of AWS on-demand list prices with effective dates, as USD per GPU-hour of the cheapest 1-GPU size of each model.',
  version: 1,
  evidenceGrade: 'backfilled-history',
  methodology: REFERENCE_METHODOLOGY,
  sizing: '1gpu',
  history: () => awsReferenceHistory('1gpu'),
};

const referenceRowSchema = z.object({
  instanceType: z.string(),
  usdPerInstanceHour: z.number().positive(),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  confidence: z.enum(['high', 'medium', 'low']),
  source: z.string(),
});

/**
 * The table as a committed source: its bytes (the table as JSON) are stored as the raw
 * snapshot, and parseHistory re-derives every dated series from them, so `npm run rebuild`
 * can re-check the history like any other source's.
 */
function committedReference(source: AwsReferenceSource): CommittedSource {
  return {
    ...source,
    origin: 'backfill',
    location: 'lib/sources/aws-reference.ts',
    baseUrlVariable: 'RENTABLE_AWS_REFERENCE_TABLE',
    defaultBaseUrl: 'https://aws.amazon.com/ec2/pricing/on-demand/',
    request: { method: 'GET', path: '' },
    committedBytes: () => new TextEncoder().encode(JSON.stringify(AWS_REFERENCE_PRICES, null, 2)),
    parseHistory: (bytes) => {
      const decoded = decodeJson(bytes, z.array(referenceRowSchema));
      return decoded.ok ? { ok: true, value: awsReferenceHistory(source.sizing, decoded.value) } : decoded;
    },
  };
}

export const AWS_REFERENCE_SOURCES: readonly CommittedSource[] = [awsReferenceTable, awsReferenceTable1Gpu].map(committedReference);
