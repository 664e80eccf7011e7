/**
 * The URL of /compare: the shared view state (range, resolution, model, scale, compare) plus
 * the page's own `price` choice (median or cheapest listing). `model=all` means nothing here
 * (one model is compared across networks), so a URL without a model, or with `model=all`, is
 * redirected to the same URL with the default model spelled out: every view is an explicit
 * link, and the model picker shows the model actually drawn.
 */
import { z } from 'zod';
import { parseParams, parseViewState, searchParamsRecord, toSearchParams, VIEW_KEYS, type SearchParamsInput, type ViewState } from '@/lib/view-state';
import { ALL_MODELS } from '@/lib/vocabulary';

export const DEFAULT_COMPARE_MODEL = 'h100-sxm-80gb';
/** The names this page reads; others (utm_source and the like) are ignored and never echoed. */
export const COMPARE_PAGE_KEYS: readonly string[] = [...VIEW_KEYS, 'price'];

export const PRICE_STATISTIC_CHOICES = ['median', 'min'] as const;
export type PriceStatisticChoice = (typeof PRICE_STATISTIC_CHOICES)[number];

const pageParamsSchema = z.object({
  price: z.enum(PRICE_STATISTIC_CHOICES, { message: 'must be median or min' }).default('median'),
});

/** Where to send a URL that names no single model, or null when it names one. */
export function defaultModelRedirect(pathname: string, input: SearchParamsInput): string | null {
  const model = searchParamsRecord(input, ['model']).model;
  if (model !== undefined && model !== ALL_MODELS) return null;
  // Every other name stays as given (utm_source and the like ride along).
  const params = toSearchParams(input);
  params.set('model', DEFAULT_COMPARE_MODEL);
  return `${pathname}?${params.toString()}`;
}

/** Throws InvalidParameterError naming the first bad parameter, as the JSON API does. */
export function parseCompareParams(input: SearchParamsInput): { view: ViewState; price: PriceStatisticChoice } {
  const view = parseViewState(input);
  const own = parseParams(
    pageParamsSchema,
    searchParamsRecord(input, ['price']),
  );
  return { view, price: own.price };
}

/** The `price` parameter for a choice: left out for the default, so links stay short. */
export function withPriceChoice(current: URLSearchParams, price: PriceStatisticChoice): URLSearchParams {
  const params = new URLSearchParams(current);
  if (price === 'median') params.delete('price');
  else params.set('price', price);
  return params;
}

/** /compare sets what can be ordered now against its price: rentable only; claims belong to the network pages. */
export const COMPARE_SUPPLY_STATUSES = ['rentable'] as const;
