/**
 * The index embed's data: the body of /api/v1/index for the embed's model and window, live at
 * the current minute or pinned at `at` (only runs stored by then), so the embed, the API and
 * its CSV agree value for value.
 */
import type { Database } from '@/db/client';
import { isIndexModel } from '@/lib/analytics/gpu-index';
import { indexResponse, indexWindow, type IndexResponse } from '@/lib/api/gpu-index';
import type { IndexEmbedParams } from '@/lib/embed/params';
import { InvalidParameterError, resolveWindow } from '@/lib/view-state';
import { pinnedWindow } from '../data';

export async function loadIndexEmbed(db: Database, params: IndexEmbedParams, now: Date): Promise<IndexResponse> {
  const model = params.view.model;
  // parseEmbedParams refuses every other model already; a params object built by hand is checked too.
  if (!isIndexModel(model)) throw new InvalidParameterError('model', 'must be a model the index is published for');
  const window = indexWindow(params.at ? pinnedWindow(params, params.at) : resolveWindow(params.view, now));
  return indexResponse(db, { models: [model], window, at: params.at, now });
}
