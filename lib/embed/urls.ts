/**
 * Between dashboard URLs and embed URLs, both ways: the link back from an embed to the full
 * view it was cut from, and (for oEmbed) the embed a pasted dashboard URL stands for.
 */
import { findNetwork } from '../networks';
import { InvalidParameterError, parseViewState, resolveWindow, searchParamsRecord, viewToSearchParams, type ViewState } from '../view-state';
import { ALL_MODELS } from '../vocabulary';
import { DEFAULT_CHART_HEIGHT, embedKindOfPath, embedSearchParams, parseEmbedParams, type EmbedParams } from './params';
import { DEFAULT_INDEX_MODEL } from '../analytics/gpu-index';

/** Anchors of the dashboard sections the embeds are cut from (the `id`s of their headings). */
export const SECTION_ANCHORS = {
  claimed: 'claimed-heading',
  freeRentable: 'free-rentable-heading',
  networkPrice: 'price-heading',
  compareRentable: 'rentable-heading',
  comparePrice: 'price-heading',
  index: 'index-heading',
} as const;

/**
 * The dashboard view an embed comes from. A pinned embed links to the same period as a custom
 * range ending at its instant, so the reader lands on the window the embed showed.
 */
export function dashboardPath(params: EmbedParams): string {
  let view: ViewState = params.view;
  if (params.at) {
    const window = resolveWindow(view, params.at);
    view = { ...view, range: 'custom', from: window.from, to: window.to < params.at ? window.to : params.at };
  }
  const query = viewToSearchParams(view);
  let path: string;
  let anchor: string;
  if (params.kind === 'index') {
    path = '/index';
    anchor = SECTION_ANCHORS.index;
  } else if (params.kind === 'supply' && params.network) {
    // The network page's supply charts are totals: its `model` picks the price chart instead.
    query.delete('model');
    path = `/networks/${params.network}`;
    anchor = params.statuses.length === 1 && params.statuses[0] === 'claimed' ? SECTION_ANCHORS.claimed : SECTION_ANCHORS.freeRentable;
  } else if (params.kind === 'supply') {
    path = '/compare';
    anchor = SECTION_ANCHORS.compareRentable;
  } else if (params.network) {
    path = `/networks/${params.network}`;
    anchor = SECTION_ANCHORS.networkPrice;
  } else {
    if (params.price === 'min') query.set('price', 'min');
    path = '/compare';
    anchor = SECTION_ANCHORS.comparePrice;
  }
  const search = query.toString();
  return `${path}${search ? `?${search}` : ''}#${anchor}`;
}

function baseEmbed(view: ViewState): Omit<EmbedParams, 'kind' | 'network'> {
  return { theme: 'auto', transparent: false, at: null, series: null, chartHeight: DEFAULT_CHART_HEIGHT, view };
}

/**
 * The embed a dashboard URL stands for, or null when the URL is no chart of ours. A network
 * page unfurls to its free and rentable chart (its claimed chart or price chart when the URL's
 * fragment points at them); /compare to its price chart (its rentable chart by fragment);
 * an embed URL to itself. Throws InvalidParameterError when the URL's own parameters are bad.
 */
export function embedForDashboardUrl(url: URL, options: { now: Date; defaultCompareModel: string }): EmbedParams | null {
  const record = searchParamsRecord(url.searchParams);
  const hash = url.hash.replace(/^#/, '');
  const embedKind = embedKindOfPath(url.pathname);
  if (embedKind) return parseEmbedParams(embedKind, url.searchParams, options.now);

  const network = /^\/networks\/([a-z0-9-]{1,40})\/?$/.exec(url.pathname)?.[1];
  if (network) {
    if (!findNetwork(network)) return null;
    const view = parseViewState(record);
    if (hash === SECTION_ANCHORS.networkPrice && view.model !== ALL_MODELS) {
      return { ...baseEmbed(view), kind: 'prices', network, price: null };
    }
    const claimed = hash === SECTION_ANCHORS.claimed;
    return { ...baseEmbed({ ...view, model: ALL_MODELS }), kind: 'supply', network, statuses: claimed ? ['claimed'] : ['free', 'rentable'], unit: 'gpus' };
  }

  if (/^\/index\/?$/.test(url.pathname)) {
    const view = parseViewState({ ...record, model: record.model ?? DEFAULT_INDEX_MODEL });
    return parseEmbedParams('index', embedSearchParams({ ...baseEmbed(view), kind: 'index', network: null }), options.now);
  }

  if (/^\/compare\/?$/.test(url.pathname)) {
    const model = record.model && record.model !== ALL_MODELS ? record.model : options.defaultCompareModel;
    const view = parseViewState({ ...record, model });
    if (hash === SECTION_ANCHORS.compareRentable) {
      return { ...baseEmbed(view), kind: 'supply', network: null, statuses: ['rentable'], unit: 'gpus' };
    }
    const price = record.price;
    if (price !== undefined && price !== 'median' && price !== 'min') throw new InvalidParameterError('price', 'must be median or min');
    return { ...baseEmbed(view), kind: 'prices', network: null, price: price === 'min' ? 'min' : null };
  }
  return null;
}
