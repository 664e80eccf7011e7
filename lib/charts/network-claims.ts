/**
 * A network's public claims set beside what was measured. Pure: the claims ledger, the
 * network's latest figures and AWS's latest figures in; one row per claim out, each with the
 * measured figure that answers it and the scrape run behind that figure.
 *
 * What answers what:
 * - a size, goal or third-party count (GPUs, nodes, containers): the GPUs rentable now (the
 *   largest rentable total any source gives, as on the overview), and for a claim in GPUs the
 *   share of the claim that is;
 * - a price (USD per GPU-hour of a model): the cheapest listing now of that model;
 * - a saving in percent: the saving measured now, cheapest listing against the AWS 8-GPU size
 *   ÷ 8 (the 1-GPU size where AWS has no 8-GPU size), over every model both price.
 */
import { isChartedClaim, type Claim } from '../claims/ledger';
import { formatCount, formatUsdPerGpuHour } from '../format';
import { gpuModelLabel } from '../gpu-models';
import type { LatestFigures } from '../queries/latest';
import type { Figure } from '../queries/network-summary';
import { ALL_MODELS } from '../vocabulary';
import type { WindowInfo } from '../api/responses';
import { chartBucketStart } from '../buckets';
import { describeSaving, savingVsAws } from './network-page';

type SourceFigures = LatestFigures & { sourceName: string; evidenceGrade: string };

export interface Measured {
  text: string;
  /** The run behind the measured figure, for the provenance dialog. */
  runId: number | null;
}

export interface ClaimRow {
  id: string;
  kind: Claim['kind'];
  text: string;
  figure: number;
  unit: Claim['unit'];
  gpuModel: string | null;
  counts: string;
  sourceName: string;
  sourceUrl: string;
  seenAt: string;
  measured: Measured;
}

export interface ModelSaving {
  gpuModel: string;
  usdPerGpuHour: number;
  sourceName: string;
  runId: number;
  awsUsdPerGpuHour: number;
  awsSizing: '8gpu' | '1gpu';
  saving: number;
}

/** AWS sources by preference: live file over reference table, 8-GPU ÷ 8 over 1-GPU. */
const AWS_PREFERENCE: readonly { sourceId: string; sizing: '8gpu' | '1gpu' }[] = [
  { sourceId: 'aws-ec2-ondemand-8gpu', sizing: '8gpu' },
  { sourceId: 'aws-reference-table', sizing: '8gpu' },
  { sourceId: 'aws-ec2-ondemand-1gpu', sizing: '1gpu' },
  { sourceId: 'aws-reference-table-1gpu', sizing: '1gpu' },
];

function cheapestListing(figures: readonly SourceFigures[], gpuModel: string): { usd: number; sourceName: string; runId: number; median: number | null } | null {
  let best: { usd: number; sourceName: string; runId: number; median: number | null } | null = null;
  for (const source of figures) {
    const prices = source.models.find((m) => m.gpuModel === gpuModel)?.usdPerGpuHour;
    const usd = prices?.min;
    if (usd === undefined || (best && best.usd <= usd)) continue;
    best = { usd, sourceName: source.sourceName, runId: source.runId, median: prices?.median ?? null };
  }
  return best;
}

/** The saving now, per model both the network and AWS price, largest first. */
export function measuredSavings(network: readonly SourceFigures[], aws: readonly SourceFigures[]): ModelSaving[] {
  const models = new Set(network.flatMap((s) => s.models.map((m) => m.gpuModel)).filter((m) => m !== ALL_MODELS));
  const savings: ModelSaving[] = [];
  for (const gpuModel of models) {
    const listing = cheapestListing(network, gpuModel);
    if (!listing) continue;
    let reference: { usd: number; sizing: '8gpu' | '1gpu' } | null = null;
    for (const pref of AWS_PREFERENCE) {
      const usd = aws.find((s) => s.sourceId === pref.sourceId)?.models.find((m) => m.gpuModel === gpuModel)?.usdPerGpuHour.median;
      if (usd !== undefined) {
        reference = { usd, sizing: pref.sizing };
        break;
      }
    }
    const saving = reference ? savingVsAws(listing.usd, reference.usd) : null;
    if (!reference || saving === null) continue;
    savings.push({
      gpuModel,
      usdPerGpuHour: listing.usd,
      sourceName: listing.sourceName,
      runId: listing.runId,
      awsUsdPerGpuHour: reference.usd,
      awsSizing: reference.sizing,
      saving,
    });
  }
  return savings.sort((a, b) => b.saving - a.saving || a.gpuModel.localeCompare(b.gpuModel));
}

const AWS_SIZING_WORDS = { '8gpu': 'AWS 8-GPU size ÷ 8', '1gpu': 'AWS smallest 1-GPU size' } as const;

function measuredFor(claim: Claim, ctx: ClaimContext): Measured {
  if (claim.unit === 'usd_per_gpu_hour') {
    const model = claim.gpuModel;
    if (!model) return { text: 'No model named, so no measured price to set against it.', runId: null };
    const listing = cheapestListing(ctx.latest, model);
    if (!listing) return { text: `No ${gpuModelLabel(model)} price measured on this network.`, runId: null };
    const vs = listing.usd === 0 ? '' : `, ${Math.round((listing.usd / claim.figure) * 100)}% of the claimed price`;
    return {
      text: `Cheapest ${gpuModelLabel(model)} listed now: ${formatUsdPerGpuHour(listing.usd)}${listing.median !== null ? ` (median ${formatUsdPerGpuHour(listing.median)})` : ''} on ${listing.sourceName}${vs}.`,
      runId: listing.runId,
    };
  }
  if (claim.unit === 'percent') {
    const savings = measuredSavings(ctx.latest, ctx.awsLatest);
    const best = savings[0];
    const worst = savings[savings.length - 1];
    if (!best || !worst) return { text: 'No model priced both here and by AWS, so no saving measured.', runId: null };
    const range = savings.length === 1 ? describeSaving(best.saving) : `${Math.round(worst.saving * 100)}% to ${describeSaving(best.saving)}`;
    return {
      text: `Measured now: ${range} (cheapest listing against ${AWS_SIZING_WORDS[best.awsSizing]}, ${savings.length} model${savings.length === 1 ? '' : 's'}; largest for ${gpuModelLabel(best.gpuModel)}: ${formatUsdPerGpuHour(best.usdPerGpuHour)} against ${formatUsdPerGpuHour(best.awsUsdPerGpuHour)}).`,
      runId: best.runId,
    };
  }
  const rentable = ctx.rentable;
  if (!rentable) return { text: 'No GPUs measured as rentable: no public source of this network lists orderable GPUs.', runId: null };
  const base = `Rentable now: ${formatCount(rentable.value)} GPUs (${ctx.rentableSourceName ?? rentable.sourceId})`;
  if (claim.kind === 'measurement') return { text: `${base}, against ${formatCount(claim.figure)} ${claim.unit === 'gpus' ? 'GPUs' : claim.unit} measured then.`, runId: rentable.runId };
  if (claim.unit === 'gpus' && claim.figure > 0 && (claim.gpuModel ?? ALL_MODELS) === ALL_MODELS) {
    const share = (rentable.value / claim.figure) * 100;
    return { text: `${base}, ${share < 0.1 ? share.toFixed(3) : share < 10 ? share.toFixed(1) : share.toFixed(0)}% of the claim.`, runId: rentable.runId };
  }
  const unitNote = claim.unit === 'nodes' ? ' A claim in nodes (machines) cannot be divided by GPUs.' : claim.unit === 'containers' ? ' A claim in containers cannot be divided by GPUs.' : '';
  return { text: `${base}.${unitNote}`, runId: rentable.runId };
}

export interface ClaimContext {
  /** The network's largest rentable total now (as on the overview), or null. */
  rentable: Figure | null;
  rentableSourceName: string | null;
  latest: readonly SourceFigures[];
  awsLatest: readonly SourceFigures[];
}

/** The network's claims, newest first, each beside what was measured. */
export function claimRows(claims: readonly Claim[], network: string, ctx: ClaimContext): ClaimRow[] {
  return claims
    .filter((c) => c.network === network)
    .sort((a, b) => b.seenAt.localeCompare(a.seenAt) || a.id.localeCompare(b.id))
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      text: c.text,
      figure: c.figure,
      unit: c.unit,
      gpuModel: c.gpuModel ?? null,
      counts: c.counts,
      sourceName: c.sourceName,
      sourceUrl: c.sourceUrl,
      seenAt: c.seenAt,
      measured: measuredFor(c, ctx),
    }));
}

export interface OutOfRangeClaim {
  id: string;
  text: string;
  seenAt: string;
}

/** Charted claims dated outside the window: the claimed chart says they exist and where to see them. */
export function claimsOutsideWindow(claims: readonly Claim[], network: string, window: WindowInfo): OutOfRangeClaim[] {
  // The window's first bucket starts at or before `from`: a claim dated in it is drawn.
  const firstBucket = chartBucketStart(new Date(window.from), window.resolution).getTime();
  return claims
    .filter((c) => c.network === network && isChartedClaim(c))
    .filter((c) => {
      const at = Date.parse(`${c.seenAt}T00:00:00Z`);
      return at < firstBucket || at >= Date.parse(window.to);
    })
    .map((c) => ({ id: c.id, text: c.text, seenAt: c.seenAt }))
    .sort((a, b) => a.seenAt.localeCompare(b.seenAt) || a.id.localeCompare(b.id));
}
