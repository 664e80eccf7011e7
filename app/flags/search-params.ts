/**
 * The URL of /flags: the window of the shared view state, 30 days unless told. Other names
 * (utm_source and the like) are ignored.
 */
import { parseViewState, searchParamsRecord, VIEW_KEYS, type SearchParamsInput, type ViewState } from '@/lib/view-state';

export const FLAGS_DEFAULT_RANGE = '30d';

/** Throws InvalidParameterError naming the first bad parameter, as the JSON API does. */
export function parseFlagsParams(input: SearchParamsInput): ViewState {
  return parseViewState({ range: FLAGS_DEFAULT_RANGE, ...searchParamsRecord(input, VIEW_KEYS) });
}
