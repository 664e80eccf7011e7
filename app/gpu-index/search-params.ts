/**
 * The URL of /index: the shared view state (range, from, to, resolution, scale) and the model,
 * which must be one the index is published for. Left out (or `all`), the page opens on H100
 * SXM 80GB. Invalid values are a 400 naming the parameter, as on every page.
 */
import { DEFAULT_INDEX_MODEL, INDEX_MODELS, isIndexModel, type IndexModel } from '@/lib/analytics/gpu-index';
import { InvalidParameterError, parseViewState, type SearchParamsInput, type ViewState } from '@/lib/view-state';
import { ALL_MODELS } from '@/lib/vocabulary';

export function parseIndexPageParams(input: SearchParamsInput): { view: ViewState; model: IndexModel } {
  const parsed = parseViewState(input);
  const asked = parsed.model === ALL_MODELS ? DEFAULT_INDEX_MODEL : parsed.model;
  if (!isIndexModel(asked)) throw new InvalidParameterError('model', `must be a model the index is published for: ${INDEX_MODELS.join(', ')}`);
  return { view: { ...parsed, model: asked }, model: asked };
}
