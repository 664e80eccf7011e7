/**
 * The URL of an embed: `/embed/supply?network=akash&status=free,rentable&range=7d` or
 * `/embed/prices?model=h100-sxm-80gb[&network=akash]`, plus the view state every chart shares
 * (range, resolution, scale, compare, …) and the embed's own choices: theme, transparent
 * background, chart height, which series to draw, and `at`, the instant a pinned embed is
 * frozen at. One zod schema per kind, used by the proxy (400 page), the pages and the oEmbed
 * endpoint alike; an invalid value names its parameter.
 */
import { z } from 'zod';
import { INDEX_MODELS, isIndexModel } from '../analytics/gpu-index';
import { gpuModelLabel } from '../gpu-models';
import { findNetwork, NETWORKS } from '../networks';
import { InvalidParameterError, isoInstantParam, parseParams, parseViewState, searchParamsRecord, VIEW_KEYS, viewToSearchParams, type SearchParamsInput, type ViewState } from '../view-state';
import { ALL_MODELS, SUPPLY_STATUSES, SUPPLY_UNITS, type SupplyStatus, type SupplyUnit } from '../vocabulary';

export const EMBED_KINDS = ['supply', 'prices', 'index'] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];
export const EMBED_THEMES = ['auto', 'light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];
export const PRICE_CHOICES = ['median', 'min'] as const;
export type PriceChoice = (typeof PRICE_CHOICES)[number];

export const DEFAULT_CHART_HEIGHT = 320;
export const MIN_CHART_HEIGHT = 120;
export const MAX_CHART_HEIGHT = 1200;
/** The statuses a network's supply embed draws unless told: what can be had, not what is claimed. */
export const DEFAULT_SUPPLY_STATUSES: readonly SupplyStatus[] = ['free', 'rentable'];
/** At most this many ids in `series`. */
const MAX_SERIES = 30;

interface EmbedCommon {
  theme: EmbedTheme;
  transparent: boolean;
  /** Pinned embeds: the instant the data is frozen at. Null for a live embed. */
  at: Date | null;
  /** Source ids (or `aws`) to draw; null draws every line. */
  series: string[] | null;
  /** Height of the plot itself, in CSS pixels; title, legend and source line come on top. */
  chartHeight: number;
  view: ViewState;
}

export interface SupplyEmbedParams extends EmbedCommon {
  kind: 'supply';
  /** Null: one GPU model across every network (as /compare draws it). */
  network: string | null;
  statuses: SupplyStatus[];
  unit: SupplyUnit;
}

export interface PricesEmbedParams extends EmbedCommon {
  kind: 'prices';
  network: string | null;
  /** Null: the default of the chart (median across networks; median and cheapest for one network). */
  price: PriceChoice | null;
}

/** The GPU index of one model (lib/analytics/gpu-index.ts), with AWS and Vast.ai beside it. */
export interface IndexEmbedParams extends EmbedCommon {
  kind: 'index';
  /** The index spans networks: never one network. */
  network: null;
}

/** Embeds drawn from per-source series. */
export type SeriesEmbedParams = SupplyEmbedParams | PricesEmbedParams;
export type EmbedParams = SeriesEmbedParams | IndexEmbedParams;



const commaList = (message: string) =>
  z
    .string()
    .max(1_000)
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, message)).min(1, message).max(MAX_SERIES, `lists at most ${MAX_SERIES} ids`));

const networkParam = z
  .string()
  .refine((slug) => findNetwork(slug) !== undefined, `must be a network slug: one of ${NETWORKS.map((n) => n.slug).join(', ')}`);

const commonSchema = z.object({
  theme: z.enum(EMBED_THEMES, { message: 'must be light, dark or auto' }).default('auto'),
  transparent: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0'),
  at: isoInstantParam.optional(),
  series: commaList('must be a comma-separated list of source ids such as akash-gpu-prices, or aws').optional(),
  height: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number of pixels from ${MIN_CHART_HEIGHT} to ${MAX_CHART_HEIGHT}`)
    .transform(Number)
    .pipe(z.number().min(MIN_CHART_HEIGHT, `must be at least ${MIN_CHART_HEIGHT}`).max(MAX_CHART_HEIGHT, `must be at most ${MAX_CHART_HEIGHT}`))
    .optional(),
});

const supplySchema = z.object({
  network: networkParam.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(SUPPLY_STATUSES, { message: 'must be a comma-separated list of claimed, free, rentable' })).min(1))
    .optional(),
  unit: z.enum(SUPPLY_UNITS, { message: 'must be gpus or nodes' }).default('gpus'),
});

const pricesSchema = z.object({
  network: networkParam.optional(),
  price: z.enum(PRICE_CHOICES, { message: 'must be median or min' }).optional(),
});

const COMMON_KEYS = ['theme', 'transparent', 'at', 'series', 'height'];
const KIND_KEYS: Record<EmbedKind, readonly string[]> = { supply: ['network', 'status', 'unit'], prices: ['network', 'price'], index: [] };

const pick = (record: Record<string, string>, keys: readonly string[]) => Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));

/** Every parameter name an embed of this kind reads (any other is a 400). */
export function embedParamNames(kind: EmbedKind): string[] {
  return [...KIND_KEYS[kind], ...VIEW_KEYS, ...COMMON_KEYS];
}

export function isEmbedKind(value: string): value is EmbedKind {
  return (EMBED_KINDS as readonly string[]).includes(value);
}

/** The embed kind of a path such as `/embed/supply`, or null. */
export function embedKindOfPath(pathname: string): EmbedKind | null {
  const match = /^\/embed\/([a-z]+)\/?$/.exec(pathname);
  return match?.[1] && isEmbedKind(match[1]) ? match[1] : null;
}

/**
 * Parses an embed's search params. Throws InvalidParameterError naming the first bad
 * parameter; `at` must not be after `now` (a view of the future could still change).
 */
export function parseEmbedParams(kind: 'supply' | 'prices', input: SearchParamsInput, now: Date): SeriesEmbedParams;
export function parseEmbedParams(kind: 'index', input: SearchParamsInput, now: Date): IndexEmbedParams;
export function parseEmbedParams(kind: EmbedKind, input: SearchParamsInput, now: Date): EmbedParams;
export function parseEmbedParams(kind: EmbedKind, input: SearchParamsInput, now: Date): EmbedParams {
  const record = searchParamsRecord(input);
  // A typo must not silently draw a default view.
  const allowed = embedParamNames(kind);
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new InvalidParameterError(key, `unknown parameter; allowed: ${allowed.join(', ')}`);
  }
  const view = parseViewState(record);
  const common = parseParams(commonSchema, pick(record, COMMON_KEYS));
  if (common.at && common.at.getTime() > now.getTime()) throw new InvalidParameterError('at', 'must not be in the future: a pinned view shows data already stored');
  const base: EmbedCommon = {
    theme: common.theme,
    transparent: common.transparent === '1',
    at: common.at ?? null,
    series: common.series ?? null,
    chartHeight: common.height ?? DEFAULT_CHART_HEIGHT,
    view,
  };
  const needsModel = (why: string) => {
    if (view.model === ALL_MODELS) throw new InvalidParameterError('model', `is required ${why}: a GPU model id such as h100-sxm-80gb`);
  };

  if (kind === 'supply') {
    const own = parseParams(supplySchema, pick(record, KIND_KEYS.supply));
    const network = own.network ?? null;
    if (!network) {
      needsModel('without network (one model across every network)');
      if (own.status && own.status.some((s) => s !== 'rentable')) throw new InvalidParameterError('status', 'across networks only rentable is drawn; add network= for claimed or free');
    }
    const asked: readonly SupplyStatus[] = own.status ?? (network ? DEFAULT_SUPPLY_STATUSES : ['rentable']);
    const statuses = [...new Set(asked)].sort(
      (a, b) => SUPPLY_STATUSES.indexOf(a) - SUPPLY_STATUSES.indexOf(b),
    );
    return { ...base, kind, network, statuses, unit: own.unit };
  }
  if (kind === 'index') {
    needsModel('for the index');
    if (!isIndexModel(view.model)) throw new InvalidParameterError('model', `must be a model the index is published for: ${INDEX_MODELS.join(', ')}`);
    return { ...base, kind, network: null };
  }
  const own = parseParams(pricesSchema, pick(record, KIND_KEYS.prices));
  needsModel('for a price chart');
  return { ...base, kind, network: own.network ?? null, price: own.price ?? null };
}

/** The embed's search params, defaults left out, in a stable order: one URL per view. */
export function embedSearchParams(params: EmbedParams): URLSearchParams {
  const out = new URLSearchParams();
  if (params.network) out.set('network', params.network);
  if (params.kind === 'supply') {
    const defaults = params.network ? DEFAULT_SUPPLY_STATUSES : ['rentable'];
    if (params.statuses.join(',') !== defaults.join(',')) out.set('status', params.statuses.join(','));
    if (params.unit !== 'gpus') out.set('unit', params.unit);
  }
  for (const [key, value] of viewToSearchParams(params.view)) out.set(key, value);
  if (params.kind === 'prices' && params.price) out.set('price', params.price);
  if (params.series) out.set('series', params.series.join(','));
  if (params.at) out.set('at', params.at.toISOString());
  if (params.theme !== 'auto') out.set('theme', params.theme);
  if (params.transparent) out.set('transparent', '1');
  if (params.chartHeight !== DEFAULT_CHART_HEIGHT) out.set('height', String(params.chartHeight));
  return out;
}

/** `/embed/<kind>?…`, with commas and colons (both legal in a query) left readable. */
export function embedPath(params: EmbedParams): string {
  const query = embedSearchParams(params).toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  return `/embed/${params.kind}${query ? `?${query}` : ''}`;
}

/** Changes the theme, background, pin and height of an embed path, keeping everything else. */
export function withEmbedOptions(
  path: string,
  options: { theme?: EmbedTheme; transparent?: boolean; at?: Date | null; chartHeight?: number },
  now: Date,
): string {
  const url = new URL(path, 'http://embed.invalid');
  const kind = embedKindOfPath(url.pathname);
  if (!kind) throw new Error(`not an embed path: ${path}`);
  const params = parseEmbedParams(kind, url.searchParams, now);
  return embedPath({
    ...params,
    theme: options.theme ?? params.theme,
    transparent: options.transparent ?? params.transparent,
    at: options.at === undefined ? params.at : options.at,
    chartHeight: options.chartHeight ?? params.chartHeight,
  });
}

const STATUS_WORDS: Record<SupplyStatus, string> = { claimed: 'claimed', free: 'free', rentable: 'rentable' };

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The chart's title, from its parameters alone (the oEmbed endpoint needs it without data). */
export function embedTitle(params: EmbedParams): string {
  const model = params.view.model === ALL_MODELS ? null : gpuModelLabel(params.view.model);
  if (params.kind === 'index') return `Rentable GPU index: ${model} USD per GPU-hour on DePIN networks, against AWS on-demand`;
  const networkName = params.network ? (findNetwork(params.network)?.name ?? params.network) : null;
  if (params.kind === 'supply') {
    const statuses = listWords(params.statuses.map((s) => STATUS_WORDS[s]));
    const what = `${statuses} ${model ? `${model} ` : ''}${params.unit === 'nodes' ? 'nodes' : 'GPUs'}`;
    if (networkName) return `${networkName}: ${what} per source`;
    return `${what.charAt(0).toUpperCase()}${what.slice(1)} per source, every network`;
  }
  const statistic = params.price === 'min' ? 'Cheapest' : params.price === 'median' || !networkName ? 'Median' : null;
  if (networkName) {
    return `${networkName}: ${statistic ? `${statistic.toLowerCase()} ` : ''}USD per ${model} GPU-hour per source, against AWS on-demand`;
  }
  return `${statistic} USD per ${model} GPU-hour per source, against AWS on-demand`;
}

const LIVE_DEFAULTS = { theme: 'auto', transparent: false, at: null, series: null, chartHeight: DEFAULT_CHART_HEIGHT } as const;

/** The embed of a supply chart: one network's sources, or (network null) one model across networks. */
export function supplyEmbedPath(network: string | null, statuses: readonly SupplyStatus[], view: ViewState, unit: SupplyUnit = 'gpus'): string {
  return embedPath({ ...LIVE_DEFAULTS, kind: 'supply', network, statuses: [...statuses], unit, view });
}

/** The embed of a price chart against AWS: one network's sources, or (network null) every network's. */
export function pricesEmbedPath(view: ViewState, network: string | null = null, price: PriceChoice | null = null): string {
  return embedPath({ ...LIVE_DEFAULTS, kind: 'prices', network, price, view });
}

/** The embed of the GPU index of one model. */
export function indexEmbedPath(view: ViewState): string {
  return embedPath({ ...LIVE_DEFAULTS, kind: 'index', network: null, view });
}
