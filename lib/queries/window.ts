/**
 * The window a request is served: the view's window (lib/view-state.ts) clipped to the first
 * stored observation, so no request builds buckets for years before any data exists.
 */
import { eq, min } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { clipWindow, resolveWindow, type TimeWindow, type ViewState } from '../view-state';

/**
 * When the first daily rollup starts, or null on an empty database. One row off the rollups'
 * primary key (resolution, bucket_start, …): its cost does not grow with the days stored.
 * Every series of every scope is clipped to the same instant, so the charts of one page share
 * their time axis.
 */
export async function readFirstObservation(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ first: min(seriesRollups.bucketStart) })
    .from(seriesRollups)
    .where(eq(seriesRollups.resolution, 'day'));
  return row?.first ?? null;
}

/** resolveWindow, then clipWindow to the first observation. */
export async function servedWindow(db: Database, view: ViewState, now: Date): Promise<TimeWindow> {
  return clipWindow(resolveWindow(view, now), view, await readFirstObservation(db));
}
