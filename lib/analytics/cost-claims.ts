/**
 * Cost claims ("up to 90% cheaper than AWS") against measurement: the saving of rentable
 * supply for one GPU model, from the network's median and cheapest listing, against AWS
 * on-demand per GPU both for the cheapest 1-GPU size and for the 8-GPU size ÷ 8. An "up to"
 * claim is an upper bound, so it is met when the best of these savings reaches it.
 */
import type { Thresholds } from './thresholds';

export interface SavingInput {
  /** USD per GPU-hour: median and cheapest rentable listing of the model on the network. */
  networkMedian: number | null;
  networkMin: number | null;
  /** USD per GPU-hour on AWS on-demand: cheapest 1-GPU instance, and 8-GPU instance ÷ 8. */
  awsOnDemand1Gpu: number | null;
  awsOnDemand8GpuPerGpu: number | null;
}

/** Savings in percent (positive: cheaper than AWS; negative: dearer); null when a price is missing. */
export interface MeasuredSaving {
  medianVs1Gpu: number | null;
  minVs1Gpu: number | null;
  medianVs8Gpu: number | null;
  minVs8Gpu: number | null;
}

/** (1 − price ÷ reference) × 100; null without both prices or with a non-positive reference. */
export function savingPercent(price: number | null, reference: number | null): number | null {
  if (price === null || reference === null || !Number.isFinite(price) || !Number.isFinite(reference)) return null;
  if (price < 0 || reference <= 0) return null;
  return (1 - price / reference) * 100;
}

export function measuredSaving(input: SavingInput): MeasuredSaving {
  return {
    medianVs1Gpu: savingPercent(input.networkMedian, input.awsOnDemand1Gpu),
    minVs1Gpu: savingPercent(input.networkMin, input.awsOnDemand1Gpu),
    medianVs8Gpu: savingPercent(input.networkMedian, input.awsOnDemand8GpuPerGpu),
    minVs8Gpu: savingPercent(input.networkMin, input.awsOnDemand8GpuPerGpu),
  };
}

export type Listing = 'cheapest' | 'median';
export type AwsBasis = '1-gpu' | '8-gpu';

export interface SavingReading {
  percent: number;
  listing: Listing;
  aws: AwsBasis;
}

export type CostVerdict = 'met' | 'near' | 'not-met' | 'no-data';

export interface CostClaimVerdict {
  claimPercent: number;
  verdict: CostVerdict;
  /** The largest measured saving (any listing, any AWS size): what an "up to" claim is held to. */
  best: SavingReading | null;
  /** The largest saving of the median listing: what a typical renter gets. */
  typical: SavingReading | null;
  /** Claim − best, in percentage points (positive: the claim overstates). */
  shortfallPoints: number | null;
  message: string;
}

const AWS_LABEL: Record<AwsBasis, string> = {
  '1-gpu': 'AWS on-demand (cheapest 1-GPU instance)',
  '8-gpu': 'AWS on-demand (8-GPU instance, per GPU)',
};

function readings(measured: MeasuredSaving): SavingReading[] {
  const all: { percent: number | null; listing: Listing; aws: AwsBasis }[] = [
    { percent: measured.minVs1Gpu, listing: 'cheapest', aws: '1-gpu' },
    { percent: measured.minVs8Gpu, listing: 'cheapest', aws: '8-gpu' },
    { percent: measured.medianVs1Gpu, listing: 'median', aws: '1-gpu' },
    { percent: measured.medianVs8Gpu, listing: 'median', aws: '8-gpu' },
  ];
  return all.flatMap((r) => (r.percent === null ? [] : [{ percent: r.percent, listing: r.listing, aws: r.aws }]));
}

function largest(list: readonly SavingReading[]): SavingReading | null {
  return list.reduce<SavingReading | null>((best, r) => (best === null || r.percent > best.percent ? r : best), null);
}

function describe(r: SavingReading): string {
  const amount = Math.round(Math.abs(r.percent));
  const direction = r.percent >= 0 ? `${amount}% cheaper` : `${amount}% more expensive`;
  return `the ${r.listing === 'cheapest' ? 'cheapest' : 'median'} rentable listing is ${direction} than ${AWS_LABEL[r.aws]}`;
}

function points(value: number): string {
  return `${Math.round(value * 10) / 10} percentage ${Math.round(value * 10) === 10 ? 'point' : 'points'}`;
}

/** Hold a claimed saving ("up to X% cheaper") against the measured savings. */
export function costClaimVerdict(
  claimPercent: number,
  measured: MeasuredSaving,
  thresholds: Pick<Thresholds, 'costClaimNearPoints'>,
): CostClaimVerdict {
  const all = readings(measured);
  const best = largest(all);
  const typical = largest(all.filter((r) => r.listing === 'median'));
  const claimed = `Claimed: up to ${claimPercent}% cheaper than AWS.`;
  if (!best) {
    return { claimPercent, verdict: 'no-data', best: null, typical: null, shortfallPoints: null, message: `${claimed} Measured: no rentable listing and AWS price to compare.` };
  }
  const shortfallPoints = claimPercent - best.percent;
  const verdict: CostVerdict = shortfallPoints <= 0 ? 'met' : shortfallPoints <= thresholds.costClaimNearPoints ? 'near' : 'not-met';
  const measuredText = `Measured: ${describe(best)}` + (typical && typical !== best ? `; ${describe(typical)}` : '') + '.';
  const verdictText =
    verdict === 'met'
      ? 'The claim holds for the best listing.'
      : verdict === 'near'
        ? `Near: ${points(shortfallPoints)} short, within the ${thresholds.costClaimNearPoints}-point tolerance.`
        : `Not met: ${points(shortfallPoints)} short.`;
  return { claimPercent, verdict, best, typical, shortfallPoints, message: `${claimed} ${measuredText} ${verdictText}` };
}
