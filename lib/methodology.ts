/**
 * Everything /methodology shows, shaped from the same data the code runs on: the source
 * registry (endpoints, keys, intervals, each adapter's methodology rows), the networks, the
 * evidence grades, the token feed, the GPU-name normaliser and the claims ledger. What has no
 * home in code yet (short definitions, the list of unit traps, known limits) is data here, and
 * every entry that names a source or an adapter's methodology row is checked against the
 * registry by lib/methodology.test.ts, so the page cannot drift from what is scraped.
 */
import { realitySides, type RealitySides } from './analytics/reality-sides';
import { FIGURE_STANDS_MS, PASS_WINDOW_MS } from './analytics/claim-spread';
import { parseEnv } from './env';
import { formatCount } from './format';
import { freshnessRule, type FreshnessRule } from './freshness';
import { sourceScheduleMinutes } from './source-schedule';
import { gpuModelLabel, isUnknownModel, normaliseGpuModel, type GpuNameHints } from './gpu-models';
import { NETWORKS, type Network, type NetworkKind } from './networks';
import { loadLedger, isChartedClaim, type Claim } from './claims/ledger';
import { COINGECKO_IDS, tokenPricesCoingecko } from './sources/token-prices';
import { CUSTOM_MAX_RUNS_PER_SOURCE, MAX_RUNS_PER_SOURCE } from './queries/observations';
import { HISTORY_SOURCES, REFERENCE_FEEDS, SOURCES, committedSources, findSource } from './sources/registry';
import type { MethodologyRow, SourceAdapter } from './sources/types';
import { RANGE_PRESETS, parseViewState, resolveWindow } from './view-state';
import {
  EVIDENCE_GRADES,
  EVIDENCE_GRADE_LABELS,
  PRICE_STATISTICS,
  ROLLUP_RESOLUTIONS,
  SUPPLY_STATUSES,
  type EvidenceGrade,
  type ChartResolution,
} from './vocabulary';
import { currentTime } from './clock';
import { archiveFileName, MANIFEST_MEMBER, README_MEMBER, RUN_DAY_RULE, TABLE_MEMBERS } from './ingest/archive-format';

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** How a source reaches the database: scraped every pass, a network-less feed, published history, or a committed file. */
export type SourceKind = 'scraped' | 'reference-feed' | 'history' | 'committed';

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  scraped: 'Scraped every pass',
  'reference-feed': 'Reference feed, scraped first in every pass',
  history: 'Published history, imported once by npm run backfill',
  committed: 'Committed to the repository, loaded on first start',
};

/** The fields every kind of adapter shares; enough to describe it, never to run it. */
type DescribedAdapter = Pick<
  SourceAdapter,
  'id' | 'name' | 'description' | 'defaultBaseUrl' | 'request' | 'apiKey' | 'minIntervalMinutes' | 'rateLimitPerMinute' | 'methodology' | 'baseUrlVariable'
> & { network: string | null; evidenceGrade: EvidenceGrade };

export interface MethodologySource {
  id: string;
  networkSlug: string | null;
  name: string;
  description: string;
  kind: SourceKind;
  evidenceGrade: EvidenceGrade;
  method: 'GET' | 'POST';
  /** defaultBaseUrl + request.path: the production URL asked, or for committed sources the page they cite. */
  endpoint: string;
  /** JSON body of a POST request, as sent. */
  requestBody: string | null;
  baseUrlVariable: string;
  apiKey: { variable: string; required: boolean } | null;
  minIntervalMinutes: number | null;
  rateLimitPerMinute: number | null;
  /** Repository path of a committed source's data. */
  location: string | null;
  methodology: readonly MethodologyRow[];
}

function describe(adapter: DescribedAdapter, kind: SourceKind, location: string | null = null): MethodologySource {
  return {
    id: adapter.id,
    networkSlug: adapter.network,
    name: adapter.name,
    description: adapter.description,
    kind,
    evidenceGrade: adapter.evidenceGrade,
    method: adapter.request.method,
    endpoint: `${adapter.defaultBaseUrl}${adapter.request.path}`,
    requestBody: adapter.request.body ?? null,
    baseUrlVariable: adapter.baseUrlVariable,
    apiKey: adapter.apiKey ? { variable: adapter.apiKey.variable, required: adapter.apiKey.required } : null,
    minIntervalMinutes: adapter.minIntervalMinutes ?? null,
    rateLimitPerMinute: adapter.rateLimitPerMinute ?? null,
    location,
    methodology: adapter.methodology,
  };
}

/** Every adapter of the registry, in registry order: reference feeds, scraped sources, published history, committed sources. */
export function methodologySources(): MethodologySource[] {
  return [
    ...REFERENCE_FEEDS.map((feed) => describe(feed, 'reference-feed')),
    ...SOURCES.map((source) => describe(source, 'scraped')),
    ...HISTORY_SOURCES.map((source) => describe(source, 'history')),
    ...committedSources().map((source) => describe(source, 'committed', source.location)),
  ];
}

/** What each kind of network is, shown beside its heading (Vast.ai and AWS are no DePIN). */
export const NETWORK_KIND_NOTES: Record<NetworkKind, string> = {
  depin: 'DePIN network',
  marketplace: 'Reference market, not DePIN: a centralised GPU marketplace, shown for comparison',
  cloud: 'Price reference, not DePIN: AWS on-demand list prices, the baseline every price is set against; no supply',
};

export interface SourceSection {
  /** Page anchor: the network slug, or `reference-feeds`. */
  anchor: string;
  title: string;
  network: Network | null;
  note: string;
  sources: MethodologySource[];
}

export const REFERENCE_FEEDS_ANCHOR = 'reference-feeds';

/** Sources grouped by network in the order of NETWORKS, then the feeds that belong to no network. */
export function sourceSections(sources: readonly MethodologySource[] = methodologySources()): SourceSection[] {
  const sections: SourceSection[] = NETWORKS.map((network) => ({
    anchor: network.slug,
    title: network.name,
    network,
    note: NETWORK_KIND_NOTES[network.kind],
    sources: sources.filter((s) => s.networkSlug === network.slug),
  }));
  const known = new Set<string>(NETWORKS.map((n) => n.slug));
  // A source whose network is missing from NETWORKS still shows, under the feeds, rather than vanish.
  const unplaced = sources.filter((s) => s.networkSlug === null || !known.has(s.networkSlug));
  if (unplaced.length > 0) {
    sections.push({
      anchor: REFERENCE_FEEDS_ANCHOR,
      title: 'Reference feeds',
      network: null,
      note: 'Belong to no network: used to convert figures, never charted as a network’s own.',
      sources: unplaced,
    });
  }
  return sections;
}

/** The scrape pass interval when SCRAPE_INTERVAL_MINUTES is unset. */
export const DEFAULT_SCRAPE_INTERVAL_MINUTES = parseEnv({}).SCRAPE_INTERVAL_MINUTES;

/** How often a source is asked, in words. */
export function scheduleText(source: MethodologySource): string {
  if (source.kind === 'committed') return `not fetched: committed in ${source.location ?? 'the repository'}`;
  if (source.kind === 'history') return 'fetched once by npm run backfill';
  if (source.minIntervalMinutes !== null) return `at most every ${formatMinutes(source.minIntervalMinutes)}`;
  return `every scrape pass (${formatMinutes(DEFAULT_SCRAPE_INTERVAL_MINUTES)} by default, SCRAPE_INTERVAL_MINUTES)`;
}

export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '24 h' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** Whether a source's key is needed, in words, or null when it takes none. */
export function apiKeyNote(source: MethodologySource): string | null {
  if (!source.apiKey) return null;
  return source.apiKey.required ? 'required: skipped with a clear status without it' : 'optional: only raises limits';
}

export function apiKeyText(source: MethodologySource): string {
  return source.apiKey ? `${source.apiKey.variable} (${apiKeyNote(source)})` : 'none';
}

export function rateLimitText(source: MethodologySource): string {
  // The limiter spaces requests per host, so sources on one host share the budget.
  return source.rateLimitPerMinute === null ? 'none documented' : `${source.rateLimitPerMinute.toLocaleString('en-US')} requests/min per host`;
}

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

export interface Definition {
  /** Anchor and key, e.g. `claimed`. */
  id: string;
  term: string;
  text: string;
}

const STATUS_DEFINITIONS: Record<(typeof SUPPLY_STATUSES)[number], Omit<Definition, 'id'>> = {
  claimed: {
    term: 'Claimed',
    text: 'A size the network advertises, per source, in the unit it states (GPUs or nodes, never converted into each other). A network that publishes several totals gets one line per source, so totals that disagree show apart instead of being averaged.',
  },
  free: {
    term: 'Free',
    text: 'GPUs the network lists as idle or available. Listed idle is not proof that anyone can order them: that is what rentable tests.',
  },
  rentable: {
    term: 'Rentable',
    text: 'GPUs orderable now at a listed price: listings any account could take at the moment of the scrape. If it can’t be rented, it doesn’t exist.',
  },
};

export const RESOLUTION_ADJECTIVES: Record<ChartResolution, string> = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' };

export const DEFINITIONS: readonly Definition[] = [
  ...SUPPLY_STATUSES.map((status) => ({ id: status, ...STATUS_DEFINITIONS[status] })),
  {
    id: 'price',
    term: 'Price per GPU-hour',
    text: `USD per GPU-hour for one canonical GPU model, as the renter pays it. Each source gives ${PRICE_STATISTICS.join(', ')} over the listings of a model (with the listing count where known). Prices per instance are divided by the GPUs in it, prices in cents or per day are converted, and prices in a token are converted at the token’s rate at the scrape time (see unit and token conversions below).`,
  },
  {
    id: 'aws-reference',
    term: 'AWS reference',
    text: 'AWS EC2 on-demand list price (us-east-1, Linux, shared tenancy) of a GPU instance divided by its GPU count, dated, so the baseline is a series too. Two series: the cheapest 1-GPU size, and the 8-GPU size ÷ 8.',
  },
  {
    id: 'reality-ratio',
    term: 'Reality ratio',
    text: 'Rentable ÷ the largest claimed figure, both in GPUs, per network. Claims in nodes are left out (a ratio needs one unit); where several sources give rentable supply the largest is used. Both must be observed in the same bucket, otherwise the ratio is a gap, never zero.',
  },
  {
    id: 'evidence-grade',
    term: 'Evidence grade',
    text: 'How much to trust a source’s figures. Every source declares one, it is stored with each scrape run, so every point says where it stands. The grades are listed below, strongest first.',
  },
  {
    id: 'provenance',
    term: 'Provenance',
    text: 'Every point references the scrape run that wrote it and, through it, the raw snapshot (the bytes as fetched, with their sha256 and fetch time). Clicking a chart point opens them.',
  },
  {
    id: 'gap',
    term: 'Gap',
    text: 'A failed or unparseable scrape keeps its raw bytes and its reason and writes no points, so the chart shows a gap, never a zero. A bucket nobody observed, a model absent from a day’s history and a token-priced listing without a rate are gaps too.',
  },
  {
    id: 'rollups',
    term: 'Rollups',
    text: `Charts read ${ROLLUP_RESOLUTIONS.map((r) => RESOLUTION_ADJECTIVES[r]).join(' and ')} buckets kept up to date as each run is stored (count, sum, min, max and the last value). The plotted value is the last observation in the bucket, linked to the run behind it, so every drawn value is a figure some snapshot really contained. The newest bucket is drawn as in progress.`,
  },
  {
    id: 'unchanged',
    term: 'Unchanged figures',
    text: 'A scrape whose figures equal those of the same source’s previous successful run (same adapter version; compared as an order-independent digest) records its own run and snapshot and points at the earlier run’s points instead of writing them again. It still counts as an observation. Token rates are written every pass; backfilled and claim runs are never compared.',
  },
  {
    id: 'utc',
    term: 'Time',
    text: 'UTC everywhere; ISO 8601 on the wire. A point is dated when the snapshot describes, not when it was parsed.',
  },
];

/** Auto resolution of each range preset, taken from the view-state code itself. */
export function autoResolutions(now: Date = currentTime()): { range: string; resolution: ChartResolution }[] {
  return RANGE_PRESETS.map((range) => ({ range, resolution: resolveWindow(parseViewState({ range }), now).resolution }));
}

/** Short definitions of the evidence grades; typed by grade so a new grade cannot go undefined. */
export const EVIDENCE_GRADE_DEFINITIONS: Record<EvidenceGrade, string> = {
  'official-api': 'The network’s own API: documented, or the endpoint its own dashboard or explorer calls. Its figures, not independently verified.',
  'on-chain': 'Read from public chain state anyone can verify.',
  'scraped-page': 'Read from a page or undocumented endpoint made for people, not programs; it may change shape without notice.',
  'self-reported-claim': 'A statement of size the network made (site, post, press), dated and sourced in the claims ledger; charted as claimed only.',
  'backfilled-history': 'History the source publishes, or a table transcribed into the repository, imported once: each dated observation is its own run pointing at the one snapshot it came from.',
};

export interface EvidenceGradeEntry {
  grade: EvidenceGrade;
  label: string;
  definition: string;
  sourceIds: string[];
}

export function evidenceGradeEntries(sources: readonly MethodologySource[] = methodologySources()): EvidenceGradeEntry[] {
  return EVIDENCE_GRADES.map((grade) => ({
    grade,
    label: EVIDENCE_GRADE_LABELS[grade],
    definition: EVIDENCE_GRADE_DEFINITIONS[grade],
    sourceIds: sources.filter((s) => s.evidenceGrade === grade).map((s) => s.id),
  }));
}

// ---------------------------------------------------------------------------------------------
// Unit conversions
// ---------------------------------------------------------------------------------------------

/** A reference to one row of an adapter's methodology: `field` must occur in the row's field. */
export interface RowReference {
  sourceId: string;
  figure: MethodologyRow['figure'];
  field: string;
}

export interface UnitConversion {
  /** Sources the trap applies to; each must have a methodology row matching figure and field. */
  sourceIds: readonly string[];
  figure: MethodologyRow['figure'];
  /** A substring of the matching methodology row's field. */
  field: string;
  /** The unit as the source publishes it. */
  published: string;
  /** What we do to reach USD per GPU-hour (or why we do not). */
  conversion: string;
}

export const UNIT_CONVERSIONS: readonly UnitConversion[] = [
  {
    sourceIds: ['clore-marketplace'],
    figure: 'price',
    field: 'on_demand_usd ÷ 24 ÷ GPUs on the server',
    published: 'USD per day for the whole server',
    conversion: '÷ 24 hours ÷ the GPUs on the server',
  },
  {
    sourceIds: ['hyperbolic-marketplace'],
    figure: 'price',
    field: 'pricing.price.amount ÷ 100',
    published: 'US cents per GPU-hour (API v1)',
    conversion: '÷ 100; a period other than hourly is not converted',
  },
  {
    sourceIds: ['hyperbolic-rental-options'],
    figure: 'price',
    field: 'costPerHourCents ÷ 100 ÷ gpuCount',
    published: 'US cents per hour for the whole option (API v2)',
    conversion: '÷ 100 ÷ the GPUs in the option; the supplier cost beside it is ignored',
  },
  {
    sourceIds: ['vastai-bundles'],
    figure: 'price',
    field: 'dph_total ÷ offers[].num_gpus',
    published: 'USD per hour for the whole offer, storage included (dph_total)',
    conversion: '÷ the GPUs in the offer',
  },
  {
    sourceIds: ['vastai-gpu-metrics'],
    figure: 'price',
    field: 'gpus[].price_p25, gpus[].price_median',
    published: 'USD per GPU-hour, Vast’s own percentiles',
    conversion: 'taken as is',
  },
  {
    sourceIds: ['ionet-cloud-vmaas-catalogue'],
    figure: 'price',
    field: 'price / num_cards',
    published: 'USD per hour for the whole VM configuration',
    conversion: '÷ num_cards',
  },
  {
    sourceIds: ['ionet-market-snapshot'],
    figure: 'price',
    field: 'data[].price (USD per card-hour)',
    published: 'USD per card-hour',
    conversion: 'taken as is (never divided again)',
  },
  {
    sourceIds: ['ionet-cloud-caas-availability'],
    figure: 'price',
    field: 'none',
    published: 'a price per hardware row with no stated unit',
    conversion: 'not recorded until its unit is known',
  },
  {
    sourceIds: ['spheron-gpu-offers'],
    figure: 'price',
    field: 'offers[].price ÷ offers[].gpuCount',
    published: 'USD per instance-hour',
    conversion: '÷ the GPUs in the instance',
  },
  {
    sourceIds: ['fluence-gpu-vms', 'fluence-gpu-baremetal'],
    figure: 'price',
    field: 'pricing.hour ÷ gpu_count × USDC rate',
    published: 'USDC per instance-hour',
    conversion: '÷ gpu_count, × the USDC/USD rate at the scrape time (no rate, no price)',
  },
  {
    sourceIds: ['akash-gpu-prices'],
    figure: 'price',
    field: 'models[].price.min, models[].price.med',
    published: 'USD per GPU-hour, statistics of providers’ recent bids',
    conversion: 'already per GPU-hour: taken as is (bids, not asks)',
  },
  {
    sourceIds: ['render-nodes-and-frames'],
    figure: 'price',
    field: 'none',
    published: 'OctaneBench-hours (tiered), paid in RENDER',
    conversion: 'no GPU-hour price: converting through a card’s benchmark score would be our estimate, not a listed price',
  },
  {
    sourceIds: ['render-nodes-and-frames'],
    figure: 'claimed',
    field: 'nodes (unit: nodes)',
    published: 'nodes (machines with one or more GPUs)',
    conversion: 'kept in nodes, never turned into GPUs; left out of the reality ratio',
  },
  {
    sourceIds: ['nosana-markets'],
    figure: 'price',
    field: 'usd_reward_per_hour × (1 + network_fee_percentage / 100)',
    published: 'the host’s reward in USD per host-hour',
    conversion: '+ the network fee (10%) the renter also pays',
  },
  {
    sourceIds: ['nosana-markets'],
    figure: 'price',
    field: '"<n>x"',
    published: 'USD per host-hour of a multi-GPU enterprise market',
    conversion: '÷ the GPU count in the market’s name (nvidia-8x-a5000 → ÷ 8)',
  },
  {
    sourceIds: ['nosana-markets'],
    figure: 'price',
    field: 'nos_job_price_per_second × 3600 × NOS/USD',
    published: 'NOS per second, fee included (markets with no USD price)',
    conversion: '× 3,600 × the NOS/USD rate at the scrape time (no rate, no price)',
  },
  {
    sourceIds: ['golem-online-offers'],
    figure: 'price',
    field: 'hourly_price_usd',
    published: 'USD per hour for a whole offer, which holds one GPU',
    conversion: 'taken as the price per GPU-hour',
  },
  {
    sourceIds: ['lium-executors'],
    figure: 'price',
    field: 'price_per_gpu (USD per GPU-hour)',
    published: 'USD per GPU-hour',
    conversion: 'taken as is (not divided by gpu_count)',
  },
  {
    sourceIds: ['aws-ec2-ondemand-1gpu', 'aws-ec2-ondemand-8gpu', 'aws-reference-table', 'aws-reference-table-1gpu'],
    figure: 'price',
    field: '÷ GPUs per instance',
    published: 'USD per instance-hour (a decimal string in the live file)',
    conversion: '÷ the GPUs of the instance, from a committed instance table',
  },
  {
    sourceIds: ['aws-ec2-ondemand-1gpu'],
    figure: 'price',
    field: 'cheapest instance with exactly 1 GPU',
    published: 'one price per instance size',
    conversion: '1-GPU series: the cheapest size with exactly one GPU of the model',
  },
  {
    sourceIds: ['aws-ec2-ondemand-8gpu'],
    figure: 'price',
    field: 'price ÷ 8',
    published: 'one price per instance size',
    conversion: '8-GPU series: the 8-GPU size ÷ 8 (dearer per GPU than 1-GPU sizes for L40S, L4, A10G)',
  },
  {
    sourceIds: ['token-prices-coingecko'],
    figure: 'price',
    field: '<coin id>.usd',
    published: 'USD per whole token',
    conversion: 'used as the rate for listings priced in that token (never per micro-unit such as uakt)',
  },
];

export function unitConversionReferences(conversion: UnitConversion): RowReference[] {
  return conversion.sourceIds.map((sourceId) => ({ sourceId, figure: conversion.figure, field: conversion.field }));
}

/** The methodology row a reference points at, or undefined when it has drifted. */
export function resolveRow(reference: RowReference, sources: readonly MethodologySource[] = methodologySources()): MethodologyRow | undefined {
  return sources
    .find((s) => s.id === reference.sourceId)
    ?.methodology.find((row) => row.figure === reference.figure && row.field.includes(reference.field));
}

// ---------------------------------------------------------------------------------------------
// Token conversion
// ---------------------------------------------------------------------------------------------

export type TokenSymbol = keyof typeof COINGECKO_IDS;

/** The feed the rates come from, with the tokens it prices (symbol as listings name it → CoinGecko id). */
export function tokenFeed(sources: readonly MethodologySource[] = methodologySources()) {
  const source = sources.find((s) => s.id === tokenPricesCoingecko.id);
  const tokens = Object.entries(COINGECKO_IDS).map(([symbol, coinId]) => ({ symbol, coinId }));
  return { source, tokens };
}

export interface TokenPricedSource {
  sourceId: string;
  symbols: readonly TokenSymbol[];
  /** Which listings go through the rate. */
  when: string;
}

/** Sources that convert a token price into USD; the test checks each asks only for these symbols. */
export const TOKEN_PRICED_SOURCES: readonly TokenPricedSource[] = [
  { sourceId: 'nosana-markets', symbols: ['NOS'], when: 'markets priced only in NOS (no USD reward given)' },
  { sourceId: 'fluence-gpu-vms', symbols: ['USDC'], when: 'every option: VM plans are priced in USDC' },
  { sourceId: 'fluence-gpu-baremetal', symbols: ['USDC'], when: 'every option: bare-metal plans are priced in USDC' },
];

export const TOKEN_RULES: readonly string[] = [
  'The rate used is the token’s last USD price observed at or before the snapshot’s time, never a later one.',
  'The token, its USD rate and the time of that rate are stored beside every converted price point (token_symbol, token_usd_rate, token_rate_at), so a converted price can be re-checked.',
  'No rate means no price: a token-priced listing without a rate gets no price point (a gap), never a guessed or zero one.',
  'Rates are written on every pass, even when unchanged, so each conversion cites a rate of its own pass.',
  'USDC is a token too: close to one dollar, not one dollar by definition, so it goes through the rate like any other.',
];

// ---------------------------------------------------------------------------------------------
// GPU model normalisation
// ---------------------------------------------------------------------------------------------

export interface GpuNameExample {
  name: string;
  hints?: GpuNameHints;
}

export interface GpuNameRule {
  id: string;
  rule: string;
  /** What the examples show: one id for all, a distinct id each, or an unknown name kept. */
  shows: 'same' | 'distinct' | 'unknown';
  examples: readonly GpuNameExample[];
}

export const GPU_NAME_RULES: readonly GpuNameRule[] = [
  {
    id: 'spelling',
    rule: 'Case, punctuation and vendor words (NVIDIA, GeForce, Tesla, AMD, Radeon) are ignored, so one card spelt many ways gets one id.',
    shows: 'same',
    examples: [{ name: 'NVIDIA H100 80GB HBM3' }, { name: 'H100_SXM5' }, { name: 'h100', hints: { memoryGb: 80, interface: 'SXM5' } }],
  },
  {
    id: 'form-factor',
    rule: 'SXM, PCIe and NVL are kept apart: they differ in interconnect, power and price.',
    shows: 'distinct',
    examples: [{ name: 'H100 SXM5 80GB' }, { name: 'H100 PCIe 80GB' }, { name: 'H100 NVL' }],
  },
  {
    id: 'memory',
    rule: 'Memory sizes are kept apart: an A100 40GB is not an A100 80GB.',
    shows: 'distinct',
    examples: [{ name: 'A100 PCIe 40GB' }, { name: 'A100 PCIe 80GB' }],
  },
  {
    id: 'modded',
    rule: 'A card with non-standard memory (a modded 48GB RTX 4090) gets its own id, as does the China-market 4090 D.',
    shows: 'distinct',
    examples: [{ name: 'GeForce RTX 4090' }, { name: 'RTX 4090 48GB' }, { name: 'RTX 4090 D' }],
  },
  {
    id: 'same-card',
    rule: 'Sizes quoted differently for the same card (B200 sold as 180GB, quoted as 192GB) stay one id.',
    shows: 'same',
    examples: [{ name: 'B200 180GB' }, { name: 'B200 192GB' }],
  },
  {
    id: 'unknown',
    rule: 'A name we cannot place is kept verbatim as unknown:<name>, never dropped or guessed, and listed on /status until an alias is added.',
    shows: 'unknown',
    examples: [{ name: 'NVIDIA CMP 170HX' }],
  },
];

export interface NormalisedExample {
  published: string;
  canonicalId: string;
  label: string;
  unknown: boolean;
}

export function normaliseExample(example: GpuNameExample): NormalisedExample {
  const canonicalId = normaliseGpuModel(example.name, example.hints);
  const hints = [example.hints?.memoryGb ? `memory ${example.hints.memoryGb} GB` : null, example.hints?.interface ? `interface ${example.hints.interface}` : null]
    .filter((h) => h !== null)
    .join(', ');
  return {
    published: hints ? `${example.name} (${hints})` : example.name,
    canonicalId,
    label: gpuModelLabel(canonicalId),
    unknown: isUnknownModel(canonicalId),
  };
}

// ---------------------------------------------------------------------------------------------
// Known limits
// ---------------------------------------------------------------------------------------------

export interface KnownLimit {
  id: string;
  title: string;
  text: string;
  /** The adapter rows that state the limit; each must resolve. */
  rows: readonly RowReference[];
}

export const KNOWN_LIMITS: readonly KnownLimit[] = [
  {
    id: 'vast-64-offers',
    title: 'Vast.ai offers are capped at 64 without a key',
    text: 'Without VASTAI_API_KEY Vast returns only the 64 cheapest offers and takes no offset. Such an answer is read as a price sample: its price statistics are biased low and it gives no rentable figure (it would be 1–2 % of the market); Vast’s size and idle GPUs come from its supply metrics.',
    rows: [
      { sourceId: 'vastai-bundles', figure: 'rentable', field: 'offers[].num_gpus' },
      { sourceId: 'vastai-bundles', figure: 'price', field: 'dph_total' },
    ],
  },
  {
    id: 'lower-bounds',
    title: 'Several rentable and claimed figures are floors, not stock',
    text: 'Where a source lists configurations rather than stock, we count what is provably orderable and no more: one VM per io.net hardware pool, the first page of Spheron offers, each Hyperbolic pool once, and Lium only the hosts it still lists. Vast’s metrics omit GPU types with fewer than 10 units.',
    rows: [
      { sourceId: 'ionet-cloud-vmaas-catalogue', figure: 'rentable', field: 'largest num_cards' },
      { sourceId: 'spheron-gpu-offers', figure: 'rentable', field: 'gpuCount' },
      { sourceId: 'hyperbolic-rental-options', figure: 'free', field: 'once per pool' },
      { sourceId: 'lium-executors', figure: 'claimed', field: 'one per IP address' },
      { sourceId: 'vastai-gpu-metrics', figure: 'claimed', field: 'total_gpus' },
    ],
  },
  {
    id: 'resold-capacity',
    title: 'Resold capacity can be counted twice across networks',
    text: 'Much of Spheron’s and Fluence’s capacity is resold from the same neoclouds (sesterce, massed-compute, via Shadeform), so the same machines may appear in both: their figures are what each lists, not hardware only they have, and must not be added up.',
    rows: [
      { sourceId: 'spheron-gpu-offers', figure: 'free', field: 'totalAvailable' },
      { sourceId: 'fluence-gpu-vms', figure: 'rentable', field: 'one instance per listed option' },
      { sourceId: 'fluence-gpu-baremetal', figure: 'rentable', field: 'one instance per listed option' },
    ],
  },
  {
    id: 'akash-bids',
    title: 'Akash prices are bids, not asks',
    text: 'Akash prices come from providers’ bids on recent deployments (the best single-GPU bid per provider over 14 days), not from a price list one could order from; its daily history names models without memory or interface and has no prices.',
    rows: [
      { sourceId: 'akash-gpu-prices', figure: 'price', field: 'models[].price.min' },
      { sourceId: 'akash-gpu-breakdown-history', figure: 'claimed', field: 'totalGpus' },
    ],
  },
  {
    id: 'claims-self-reported',
    title: 'Claims are self-reported',
    text: 'The claims ledger holds what networks said about themselves, as published, with where and when we saw it. Nothing in it is measured by us; size claims are charted as claimed, never as free or rentable, and cost claims and third-party measurements are kept beside the measured figures, not charted.',
    rows: [],
  },
  {
    id: 'listed-not-verified',
    title: 'Free is what is listed, and Nosana lists no supply',
    text: 'Idle on an explorer is not an order the network will accept, so free is kept apart from rentable. Nosana publishes no queue in its markets list, so it has prices but no supply; its prices are market list prices, not proof of an idle GPU.',
    rows: [
      { sourceId: 'ionet-explorer-network', figure: 'free', field: 'idle_gpu' },
      { sourceId: 'nosana-markets', figure: 'rentable', field: 'none' },
    ],
  },
  {
    id: 'render-nodes',
    title: 'Render counts nodes and prices benchmark work',
    text: 'Render publishes a node count (a node has one or more GPUs, how many is not published) and prices in OctaneBench-hours, so it has no GPU count, no rentable figure and no GPU-hour price.',
    rows: [
      { sourceId: 'render-nodes-and-frames', figure: 'claimed', field: 'nodes' },
      { sourceId: 'render-nodes-and-frames', figure: 'rentable', field: 'none' },
    ],
  },
  {
    id: 'unstated-units',
    title: 'Some units are undocumented',
    text: 'io.net’s container availability does not state its unit (read as GPUs, as the field beside it suggests); Spheron does not say whether totalAvailable counts GPUs or instances.',
    rows: [
      { sourceId: 'ionet-cloud-caas-availability', figure: 'rentable', field: 'available' },
      { sourceId: 'spheron-gpu-offers', figure: 'free', field: 'totalAvailable' },
    ],
  },
  {
    id: 'aws-baseline',
    title: 'AWS is a list price and has no supply',
    text: 'AWS publishes no capacity, so it is a price baseline only. The live file is undocumented; the committed reference table before it carries only what was transcribed, each row with its source and confidence.',
    rows: [
      { sourceId: 'aws-ec2-ondemand-8gpu', figure: 'rentable', field: '(none)' },
      { sourceId: 'aws-reference-table', figure: 'price', field: 'AWS_REFERENCE_PRICES' },
    ],
  },
  {
    id: 'golem-host',
    title: 'Golem’s stats host may be gone',
    text: 'A client reported in 2026 that api.stats.golem.network no longer resolves; its failures are recorded as failed scrapes (gaps).',
    rows: [{ sourceId: 'golem-online-runtime-stats', figure: 'claimed', field: 'vm-nvidia.gpus' }],
  },
];

// ---------------------------------------------------------------------------------------------
// Claims ledger
// ---------------------------------------------------------------------------------------------

export interface LedgerSummary {
  total: number;
  charted: number;
  byKind: { kind: Claim['kind']; count: number }[];
  claimSourceIds: string[];
}

/** How many claims the ledger holds, of which kinds, and which become charted claim sources. */
export function ledgerSummary(claims: readonly Claim[] = loadLedger(), sources: readonly MethodologySource[] = methodologySources()): LedgerSummary {
  const counts = new Map<Claim['kind'], number>();
  for (const claim of claims) counts.set(claim.kind, (counts.get(claim.kind) ?? 0) + 1);
  return {
    total: claims.length,
    charted: claims.filter(isChartedClaim).length,
    byKind: [...counts].map(([kind, count]) => ({ kind, count })),
    claimSourceIds: sources.filter((s) => s.evidenceGrade === 'self-reported-claim').map((s) => s.id),
  };
}

// ---------------------------------------------------------------------------------------------
// Reality ratio sides and freshness bands
// ---------------------------------------------------------------------------------------------

/** Each network's declared sides, with the sources' names; and the networks without a ratio. */
export function realitySideRows(): { rows: { network: string; name: string; sides: RealitySides; claimedName: string; rentableName: string }[]; without: string[] } {
  const nameOf = (id: string) => findSource(id)?.name ?? id;
  const rows = NETWORKS.flatMap((network) => {
    const sides = realitySides(network.slug);
    return sides ? [{ network: network.slug, name: network.name, sides, claimedName: nameOf(sides.claimed), rentableName: nameOf(sides.rentable) }] : [];
  });
  return { rows, without: NETWORKS.filter((n) => !realitySides(n.slug)).map((n) => n.name) };
}

/** The freshness rule of every schedule a scraped source runs on, with how many sources use it. */
export function freshnessRules(): (FreshnessRule & { sources: number })[] {
  const bySchedule = new Map<number, number>();
  for (const source of SOURCES) {
    const minutes = sourceScheduleMinutes(source.id);
    bySchedule.set(minutes, (bySchedule.get(minutes) ?? 0) + 1);
  }
  return [...bySchedule].sort(([a], [b]) => a - b).map(([minutes, sources]) => ({ ...freshnessRule(minutes), sources }));
}

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

/** How the flags read the data, from the constants the code uses (shown above the thresholds). */
export function flagEvidenceRules(): string[] {
  return [
    'Flags are computed from the scrape runs themselves: each successful run’s figure at the time it was observed, and each failed run as a gap (never a zero, and never time a figure stayed unchanged). Chart buckets play no part, so a flag, its message and its evidence are the same at hourly and daily resolution.',
    `Totals of several sources are compared per scrape pass (runs less than ${PASS_WINDOW_MS / 60_000} minutes apart), each source with its latest run if that run succeeded and is at most ${FIGURE_STANDS_MS / 3_600_000} hours old, so a daily source is compared with the hourly ones between its runs.`,
    `Sources are scraped every 10 minutes at most (the default pass interval; some sources wait longer). For a range, at most ${formatCount(MAX_RUNS_PER_SOURCE)} runs per source are read (90 days at that pace), the newest, and for a custom range at most ${formatCount(CUSTOM_MAX_RUNS_PER_SOURCE)} (7 days); where a source had more, the flags say from when its runs were read. Runs whose figures equal the run before are stored once and read once.`,
    'The flags of each preset range (24 hours to all) are computed once after every scrape pass, as of that minute, and every page and API answer shows them with the window they cover.',
  ];
}

// ---------------------------------------------------------------------------------------------
// Verifying a figure from the evidence archive
// ---------------------------------------------------------------------------------------------

export interface VerificationStep {
  title: string;
  text: string;
  /** Commands to type, one a line. */
  commands: string[];
}

/** The archive's members, as a reader meets them (from the format the writer and restore share). */
export function archiveMemberRows(): { name: string; holds: string }[] {
  const holds: Record<keyof typeof TABLE_MEMBERS, string> = {
    networks: 'the networks',
    sources: 'every source: endpoint, evidence grade and adapter version',
    snapshots: 'each raw snapshot: the sha256 of the bytes as fetched, content type, size, first fetch time, and the member holding it',
    runs: 'the scrape runs: when, what was asked, HTTP status, outcome, error, adapter version, rejected rows, the snapshot parsed, whether its figures repeat an earlier run’s',
    requests: 'every request of each run, in order, with its snapshot (a source read in several pages)',
    tokenRates: 'the token USD rates observed that day, and the last rate of each token before it',
    claims: 'the claims ledger as it stood when the day was archived',
  };
  return [
    { name: MANIFEST_MEMBER, holds: 'the size and sha256 of every other member' },
    { name: README_MEMBER, holds: 'this list, in the file' },
    ...Object.entries(TABLE_MEMBERS).map(([key, member]) => ({ name: member.name, holds: `${holds[key as keyof typeof TABLE_MEMBERS]} (NDJSON, gzip)` })),
    { name: 'snapshots/<sha256>.gz', holds: 'the bytes as fetched, gzipped (or snapshots/<sha256> as fetched, when gzip would not shrink them)' },
  ];
}

export const ARCHIVE_DAY_RULE = RUN_DAY_RULE;

export function verificationSteps(origin: string, exampleDay = '2026-11-23'): VerificationStep[] {
  const file = archiveFileName(exampleDay);
  return [
    {
      title: 'Download the day',
      text: '/api/v1/archive lists every archived day with its size and sha256. A day is archived once it has ended and never changes after; the current day is not offered.',
      commands: [`curl ${origin}/api/v1/archive`, `curl -o ${file} ${origin}/api/v1/archive/${exampleDay}`],
    },
    {
      title: 'Check the hashes',
      text: 'The file’s sha256 must equal the one the list gives (it is also the download’s ETag). Inside, manifest.json gives the sha256 of every other member; every raw snapshot is named by the sha256 of its bytes as fetched.',
      commands: [`sha256sum ${file}`, `tar -xf ${file} && cat manifest.json`, 'gunzip -c snapshots/<sha256>.gz | sha256sum'],
    },
    {
      title: 'Restore and rebuild',
      text: 'Load the archives (every day from the first up to the day you check, so the token rates in force are there too) into an empty database, then let today’s adapters parse every snapshot again. restore checks every member against the manifest first and names any that does not match; it refuses a database that already holds evidence.',
      commands: [`RENTABLE_DATA_DIR=./data/verify npm run restore archives/*.tar`, 'RENTABLE_DATA_DIR=./data/verify npm run rebuild -- --apply'],
    },
    {
      title: 'Compare',
      text: 'Serve the restored database and ask it what we published: the same API request against both gives the same bytes (our test suite proves this on replayed history, on PGlite and PostgreSQL). Every point names its run, and the run its snapshot, so one figure can be traced by hand instead.',
      commands: ['RENTABLE_DATA_DIR=./data/verify npm start', 'curl "localhost:3000/api/v1/supply?network=akash&range=custom&from=2026-11-22&to=2026-11-23"'],
    },
    {
      title: 'Or read one snapshot yourself',
      text: 'Find the run in runs.ndjson.gz (its id is the runId of the point), take its snapshotSha256, read the bytes from snapshots/, and run the adapter the run names (sources.ndjson.gz gives its version; the code is lib/sources/<network>.ts at that version) on them, with the run’s observedAt and the token rates of token-rates.ndjson.gz.',
      commands: ['gunzip -c runs.ndjson.gz | grep \'"id":1234,\'', 'gunzip -c snapshots/<snapshotSha256>.gz | less'],
    },
  ];
}
