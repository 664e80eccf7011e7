/**
 * Server-side prefetch: the page computes the same response objects the API would send and
 * puts them under the same query keys, so the browser's first render has its data (no loading
 * flash, no layout shift) and later changes fetch the JSON API.
 */
import { dehydrate, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { makeQueryClient } from '../query-client';

export function prefetchedState(entries: ReadonlyArray<readonly [QueryKey, unknown]>): DehydratedState {
  const client = makeQueryClient();
  for (const [key, data] of entries) client.setQueryData(key, data);
  return dehydrate(client);
}
