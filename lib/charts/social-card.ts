/**
 * What each shareable view's social preview image says, shaped from the same figures the page
 * shows: the overview's largest claims against rentable GPUs, a network's headline figures, and
 * one GPU model across networks (rentable now, median price, saving against AWS). Pure, so the
 * wording and the choice of rows are tested without rendering an image.
 */
import { formatCount, formatUsdPerGpuHour, formatUtc } from '../format';
import type { NetworkSummary } from '../queries/network-summary';
import { formatSaving, type ComparisonRow } from './compare';
import type { IndexModelBody } from '../api/gpu-index';

export interface SocialFigure {
  label: string;
  value: string;
}

export interface SocialRow {
  label: string;
  cells: string[];
  /** Share of the bar to fill (0..1), e.g. rentable ÷ claimed; null draws no bar. */
  bar: number | null;
}

export interface SocialCard {
  title: string;
  subtitle: string;
  figures: SocialFigure[];
  columns: string[];
  rows: SocialRow[];
  /** Said instead of rows when there is nothing to show yet. */
  empty: string | null;
  asOf: string;
}

const MAX_ROWS = 5;

/** `0.41%`-style share; small ratios keep their significant digits (a ratio of 0.0004 is the point). */
export function formatShare(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  if (ratio === 0) return '0%';
  const percent = ratio * 100;
  return `${percent < 0.1 ? percent.toFixed(3) : percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

const gpus = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${formatCount(value)} GPUs`);
const clampShare = (ratio: number | null) => (ratio === null || !Number.isFinite(ratio) ? null : Math.max(0, Math.min(1, ratio)));

/** The overview: the networks with the largest claims, each against what can be rented now. */
export function overviewCard(networks: readonly NetworkSummary[], now: Date): SocialCard {
  const claimed = networks
    .filter((n) => n.kind === 'depin' && n.largestClaim !== null)
    .sort((a, b) => (b.largestClaim?.value ?? 0) - (a.largestClaim?.value ?? 0))
    .slice(0, MAX_ROWS);
  const totalClaimed = claimed.reduce((sum, n) => sum + (n.largestClaim?.value ?? 0), 0);
  const totalRentable = claimed.reduce((sum, n) => sum + (n.rentable?.value ?? 0), 0);
  return {
    title: 'DePIN GPU networks: claimed against rentable',
    subtitle: 'The largest claim of each network, against GPUs orderable now at a price.',
    figures:
      claimed.length > 0
        ? [
            { label: `Largest claims, top ${claimed.length}`, value: gpus(totalClaimed) },
            { label: 'Rentable now', value: gpus(totalRentable) },
          ]
        : [],
    columns: ['Largest claim', 'Rentable now', 'Rentable ÷ claim'],
    rows: claimed.map((n) => ({
      label: n.name,
      cells: [gpus(n.largestClaim?.value), gpus(n.rentable?.value), formatShare(n.realityRatio)],
      bar: clampShare(n.realityRatio),
    })),
    empty: claimed.length === 0 ? 'No claims or supply measured yet.' : null,
    asOf: formatUtc(now.toISOString()),
  };
}

/** A network page: its largest claim, free and rentable GPUs, and the reality ratio. */
export function networkCard(network: { name: string }, summary: NetworkSummary | undefined, now: Date): SocialCard {
  const figures: SocialFigure[] = [
    { label: 'Largest claim', value: summary?.largestClaim ? gpus(summary.largestClaim.value) : summary?.largestClaimNodes ? `${formatCount(summary.largestClaimNodes.value)} nodes` : '—' },
    { label: 'Free (listed idle)', value: gpus(summary?.free?.value) },
    { label: 'Rentable now', value: gpus(summary?.rentable?.value) },
    { label: 'Reality ratio', value: formatShare(summary?.realityRatio) },
  ];
  const measured = figures.some((f) => f.value !== '—');
  return {
    title: `${network.name}: claimed, rentable and price`,
    subtitle: 'Every source its own line; rentable is what can be ordered now at a price.',
    figures,
    columns: [],
    rows: [],
    empty: measured ? null : 'No figures measured yet.',
    asOf: formatUtc(summary?.lastSuccessAt ?? now.toISOString()),
  };
}

/** The comparison of one GPU model: the networks with the most rentable now, their median price and saving against AWS. */
export function compareCard(modelLabel: string, rows: readonly ComparisonRow[], now: Date): SocialCard {
  const networks = rows.filter((r) => r.networkSlug !== 'aws');
  const top = [...networks]
    .filter((r) => r.rentableGpus !== null || r.median !== null)
    .sort((a, b) => (b.rentableGpus?.value ?? -1) - (a.rentableGpus?.value ?? -1))
    .slice(0, MAX_ROWS);
  const most = Math.max(1, ...top.map((r) => r.rentableGpus?.value ?? 0));
  const aws = rows.find((r) => r.key === 'aws-8gpu') ?? rows.find((r) => r.key === 'aws-1gpu');
  return {
    title: `${modelLabel} across networks`,
    subtitle: 'Rentable now and the price of a GPU-hour, against AWS on-demand.',
    figures: [
      { label: 'Rentable now, all networks', value: gpus(networks.reduce((sum, r) => sum + (r.rentableGpus?.value ?? 0), 0)) },
      { label: aws ? `AWS on-demand, ${aws.sourceName}` : 'AWS on-demand', value: formatUsdPerGpuHour(aws?.median?.value) },
    ],
    columns: ['Rentable now', 'Median price', 'vs AWS'],
    rows: top.map((r) => ({
      // Source names mostly start with their network's; say the network once.
      label: r.sourceName.startsWith(r.networkName) ? r.sourceName : `${r.networkName} · ${r.sourceName}`,
      cells: [gpus(r.rentableGpus?.value), formatUsdPerGpuHour(r.median?.value), formatSaving(r.savingVsAws8Gpu ?? r.savingVsAws1Gpu)],
      bar: r.rentableGpus ? r.rentableGpus.value / most : null,
    })),
    empty: top.length === 0 ? `No network has reported ${modelLabel} yet.` : null,
    asOf: formatUtc(now.toISOString()),
  };
}

const signedPercent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${value > 0 ? '+' : value < 0 ? '-' : ''}${Math.abs(value).toFixed(1)}%`;

/** The GPU index: the models with a published value today, each against AWS. */
export function indexCard(headlines: readonly Pick<IndexModelBody, 'model' | 'label' | 'headline'>[], now: Date): SocialCard {
  const published = headlines.filter((h) => h.headline.current !== null);
  const first = published[0];
  return {
    title: 'The open Rentable GPU index',
    subtitle: 'DePIN rentable price per GPU-hour, median across networks, against AWS on-demand.',
    figures: first?.headline.current
      ? [
          { label: `${first.label}, ${first.headline.current.networks} networks`, value: formatUsdPerGpuHour(first.headline.current.usdPerGpuHour) },
          { label: `${first.label} against AWS on-demand`, value: signedPercent(first.headline.current.vsAwsPercent) },
        ]
      : [],
    columns: ['Index', 'AWS', 'vs AWS'],
    rows: published.slice(0, MAX_ROWS).map((h) => ({
      label: h.label,
      cells: [formatUsdPerGpuHour(h.headline.current?.usdPerGpuHour), formatUsdPerGpuHour(h.headline.current?.aws?.usdPerGpuHour), signedPercent(h.headline.current?.vsAwsPercent)],
      bar: null,
    })),
    empty: published.length === 0 ? 'No model has 3 DePIN networks with rentable listings yet.' : null,
    asOf: formatUtc(now.toISOString()),
  };
}
