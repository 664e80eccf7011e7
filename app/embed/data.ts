/**
 * An embed's data. Live: the very response objects of /api/v1 (supplyResponse,
 * modelSupplyResponse, pricesResponse) at the current minute. Pinned (`at`): the same shapes,
 * read with readPinnedSeries, so only what was stored by `at` is drawn (see
 * lib/queries/pinned-series.ts for what can and cannot change a pinned view).
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sources } from '@/db/schema';
import { modelSupplyResponse, pricesResponse, supplyResponse, type SourceInfo } from '@/lib/api/responses';
import type { EmbedData } from '@/lib/charts/embed';
import type { EmbedParams, SeriesEmbedParams } from '@/lib/embed/params';
import { readPinnedSeries } from '@/lib/queries/pinned-series';
import type { Series } from '@/lib/queries/series';
import { previousWindow, resolveWindow, type TimeWindow } from '@/lib/view-state';
import type { RollupMetric } from '@/lib/vocabulary';
import { currentTime } from '@/lib/clock';

/** "Now" of a live embed, to the minute: every request in a minute renders the same bytes, so its ETag holds. */
export function liveNow(now = currentTime()): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** A pinned window: the view as it stood at `at`, never reaching past it. */
export function pinnedWindow(params: EmbedParams, at: Date): TimeWindow {
  const window = resolveWindow(params.view, at);
  return window.to > at ? { ...window, to: at } : window;
}

async function sourceInfo(db: Database, ids: readonly string[]): Promise<SourceInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(sources).where(inArray(sources.id, [...ids]));
  return rows
    .map((s) => ({ id: s.id, networkSlug: s.networkSlug, name: s.name, evidenceGrade: s.evidenceGrade, endpoint: s.endpoint }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function pinnedData(db: Database, params: SeriesEmbedParams, at: Date): Promise<EmbedData> {
  const window = pinnedWindow(params, at);
  const metrics: RollupMetric[] = params.kind === 'supply' ? params.statuses : ['price_min', 'price_median'];
  const read = async (w: TimeWindow): Promise<Series[]> => {
    const base = { gpuModel: params.view.model, metrics, from: w.from, to: w.to, resolution: w.resolution, at };
    const own = await readPinnedSeries(db, { ...base, networkSlug: params.network ?? undefined });
    // As pricesResponse does: the AWS line for the same model comes along with a network's prices.
    if (params.kind !== 'prices' || !params.network || params.network === 'aws') return own;
    return [...own, ...(await readPinnedSeries(db, { ...base, networkSlug: 'aws' }))];
  };
  const [series, previous] = await Promise.all([read(window), params.view.compare === '1' ? read(previousWindow(window)) : null]);
  return {
    window: { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution },
    sources: await sourceInfo(db, [...new Set([...series, ...(previous ?? [])].map((s) => s.sourceId))]),
    series,
    previous,
  };
}

export async function loadEmbedData(db: Database, params: SeriesEmbedParams, now: Date): Promise<EmbedData> {
  if (params.at) return pinnedData(db, params, params.at);
  if (params.kind === 'supply') {
    return params.network
      ? supplyResponse(db, { network: params.network, statuses: params.statuses, view: params.view, now })
      : modelSupplyResponse(db, { statuses: params.statuses, view: params.view, now });
  }
  return pricesResponse(db, { network: params.network ?? undefined, view: params.view, now });
}
