/**
 * queryOptions factories shared by the server prefetch and the browser's useQuery, so the key
 * and the data shape cannot drift. The browser fetches the JSON API; the server puts the
 * response objects from lib/api/responses.ts under the same keys.
 */
import { queryOptions } from '@tanstack/react-query';
import { viewToSearchParams, type ViewState } from '../view-state';
import type { IndexEvidenceResponse } from './gpu-index';
import type { ModelSupplyResponse, NetworksResponse, PricesResponse, RunProvenance, SupplyResponse } from './responses';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}

export function supplyPath(network: string, statuses: readonly string[], view: ViewState): string {
  const params = viewToSearchParams(view);
  params.set('network', network);
  params.set('status', statuses.join(','));
  return `/api/v1/supply?${params.toString()}`;
}

export function pricesPath(view: ViewState, network?: string): string {
  const params = viewToSearchParams(view);
  if (network) params.set('network', network);
  return `/api/v1/prices?${params.toString()}`;
}

export const supplyQuery = (network: string, statuses: readonly string[], view: ViewState) =>
  queryOptions({
    queryKey: ['supply', supplyPath(network, statuses, view)],
    queryFn: () => getJson<SupplyResponse>(supplyPath(network, statuses, view)),
  });

export const pricesQuery = (view: ViewState, network?: string) =>
  queryOptions({
    queryKey: ['prices', pricesPath(view, network)],
    queryFn: () => getJson<PricesResponse>(pricesPath(view, network)),
  });

export function modelSupplyPath(statuses: readonly string[], view: ViewState): string {
  const params = viewToSearchParams(view);
  params.set('status', statuses.join(','));
  return `/api/v1/model-supply?${params.toString()}`;
}

export const modelSupplyQuery = (statuses: readonly string[], view: ViewState) =>
  queryOptions({
    queryKey: ['model-supply', modelSupplyPath(statuses, view)],
    queryFn: () => getJson<ModelSupplyResponse>(modelSupplyPath(statuses, view)),
  });

export const networksQuery = () =>
  queryOptions({ queryKey: ['networks'], queryFn: () => getJson<NetworksResponse>('/api/v1/networks') });

export const runQuery = (runId: number) =>
  queryOptions({
    queryKey: ['run', runId],
    queryFn: () => getJson<RunProvenance>(`/api/v1/runs/${runId}`),
    staleTime: Infinity,
  });

/** One index value and the quotes behind it: what the provenance dialog shows for an index point. */
export interface IndexValueRef {
  model: string;
  at: string;
  resolution: 'hour' | 'day';
}

export function indexEvidencePath(ref: IndexValueRef): string {
  const params = new URLSearchParams({ model: ref.model, at: ref.at, resolution: ref.resolution });
  return `/api/v1/index/evidence?${params.toString()}`;
}

export const indexEvidenceQuery = (ref: IndexValueRef) =>
  queryOptions({
    queryKey: ['index-evidence', indexEvidencePath(ref)],
    queryFn: () => getJson<IndexEvidenceResponse>(indexEvidencePath(ref)),
  });
