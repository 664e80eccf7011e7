/**
 * Server-side prefetch: the page computes the same response objects the API would send and
 * puts them under the same query keys, so the browser's first render has its data (no loading
 * flash, no layout shift) and later changes fetch the JSON API.
 *
 * The state travels inside the HTML, in the page's flight data, with its series packed
 * (./packed-series.ts): components/prefetch-boundary.tsx unpacks them into the very objects
 * the API sends before the cache sees them.
 */
import { dehydrate, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { makeQueryClient } from '../query-client';
import { packResponse, unpackResponse } from './packed-series';

/** A dehydrated state whose responses' series are packed: give it to PrefetchBoundary. */
export type PackedState = DehydratedState & { readonly packed: true };

export function prefetchedState(entries: ReadonlyArray<readonly [QueryKey, unknown]>): PackedState {
  const client = makeQueryClient();
  for (const [key, data] of entries) client.setQueryData(key, data);
  const state = dehydrate(client);
  return { ...state, packed: true, queries: state.queries.map((query) => ({ ...query, state: { ...query.state, data: packResponse(query.state.data) } })) };
}

export function unpackedState(state: PackedState): DehydratedState {
  return { ...state, queries: state.queries.map((query) => ({ ...query, state: { ...query.state, data: unpackResponse(query.state.data) } })) };
}
