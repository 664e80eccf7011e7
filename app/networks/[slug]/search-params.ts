/**
 * The URL of /networks/[slug]: the shared view state (range, resolution, model, scale,
 * compare) plus the page's own `status`, the supply status the by-model chart stacks.
 * `model` picks the price chart's GPU model; the supply charts are network totals whatever it
 * says. A URL with no model (or `model=all`) is redirected to the same URL with the network's
 * default price model spelled out, so the picker shows the model actually drawn.
 */
import { z } from 'zod';
import { parseParams, parseViewState, searchParamsRecord, toSearchParams, VIEW_KEYS, type SearchParamsInput, type ViewState } from '@/lib/view-state';
import { ALL_MODELS, SUPPLY_STATUSES, type SupplyStatus } from '@/lib/vocabulary';

export const DEFAULT_STACK_STATUS: SupplyStatus = 'rentable';
/** The names this page reads; others (utm_source and the like) are ignored and never echoed. */
export const NETWORK_PAGE_KEYS: readonly string[] = [...VIEW_KEYS, 'status'];

const pageParamsSchema = z.object({
  status: z.enum(SUPPLY_STATUSES, { message: 'must be claimed, free or rentable' }).default(DEFAULT_STACK_STATUS),
});

/** Where to send a URL that names no price model, or null when it names one (or none exists). */
export function defaultModelRedirect(pathname: string, input: SearchParamsInput, defaultModel: string | null): string | null {
  if (!defaultModel) return null;
  const model = searchParamsRecord(input, ['model']).model;
  if (model !== undefined && model !== ALL_MODELS) return null;
  // Every other name stays as given (utm_source and the like ride along).
  const params = toSearchParams(input);
  params.set('model', defaultModel);
  return `${pathname}?${params.toString()}`;
}

/** Throws InvalidParameterError naming the first bad parameter, as the JSON API does. */
export function parseNetworkParams(input: SearchParamsInput): { view: ViewState; status: SupplyStatus } {
  const view = parseViewState(input);
  const own = parseParams(pageParamsSchema, searchParamsRecord(input, ['status']));
  return { view, status: own.status };
}

/** The `status` parameter for a choice: left out for the default, so links stay short. */
export function withStackStatus(current: URLSearchParams, status: SupplyStatus): URLSearchParams {
  const params = new URLSearchParams(current);
  if (status === DEFAULT_STACK_STATUS) params.delete('status');
  else params.set('status', status);
  return params;
}
