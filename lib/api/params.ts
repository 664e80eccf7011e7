/** Query-string parsing shared by the /api/v1 routes. */
import { z } from 'zod';
import { InvalidParameterError, parseParams, parseViewState, searchParamsRecord, type ViewState } from '../view-state';
import { networkSlugSchema, statusListSchema } from './responses';

const VIEW_PARAMS = ['range', 'from', 'to', 'resolution', 'model', 'scale', 'compare'];

/** Unknown parameters are refused by name: a typo must not silently return a default view. */
export function rejectUnknown(url: URL, allowed: readonly string[]): void {
  for (const key of url.searchParams.keys()) {
    if (!allowed.includes(key)) throw new InvalidParameterError(key, `unknown parameter; allowed: ${allowed.join(', ')}`);
  }
}

const formatSchema = z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json');
export type ResponseFormat = z.output<typeof formatSchema>;

function formatParam(url: URL): ResponseFormat {
  return parseParams(z.object({ format: formatSchema }), { format: url.searchParams.get('format') ?? undefined }).format;
}

export function supplyParams(url: URL): { network: string; statuses: z.output<typeof statusListSchema>; view: ViewState; format: ResponseFormat } {
  rejectUnknown(url, ['network', 'status', 'format', ...VIEW_PARAMS]);
  const own = parseParams(
    z.object({ network: networkSlugSchema, status: statusListSchema }),
    Object.fromEntries(Object.entries(searchParamsRecord(url.searchParams)).filter(([k]) => k === 'network' || k === 'status')),
  );
  return { network: own.network, statuses: own.status, view: parseViewState(url.searchParams), format: formatParam(url) };
}

export function pricesParams(url: URL): { network?: string; view: ViewState; format: ResponseFormat } {
  rejectUnknown(url, ['network', 'format', ...VIEW_PARAMS]);
  const own = parseParams(
    z.object({ network: networkSlugSchema.optional() }),
    Object.fromEntries(Object.entries(searchParamsRecord(url.searchParams)).filter(([k]) => k === 'network')),
  );
  const view = parseViewState(url.searchParams);
  if (view.model === 'all') throw new InvalidParameterError('model', 'is required: prices compare one GPU model, e.g. model=h100-sxm-80gb');
  return { network: own.network, view, format: formatParam(url) };
}

export function modelSupplyParams(url: URL): { statuses: z.output<typeof statusListSchema>; view: ViewState } {
  rejectUnknown(url, ['status', ...VIEW_PARAMS]);
  const own = parseParams(
    z.object({ status: statusListSchema }),
    Object.fromEntries(Object.entries(searchParamsRecord(url.searchParams)).filter(([k]) => k === 'status')),
  );
  const view = parseViewState(url.searchParams);
  if (view.model === 'all') {
    throw new InvalidParameterError('model', 'is required: model-supply compares one GPU model across networks, e.g. model=h100-sxm-80gb; use /api/v1/supply for network totals');
  }
  return { statuses: own.status, view };
}
