/**
 * The window a request reads: the view's range, clipped to the first observation we hold, in
 * the resolution its span and the sources' schedules call for (lib/view-state.ts).
 */
import { min, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { resolveWindow, type TimeWindow, type ViewState } from '../view-state';
import { sourceScheduleMinutes } from '../source-schedule';
import { SCRAPE_TARGETS } from '../sources/registry';

/**
 * The first daily bucket we hold anything in (claims and backfilled history included): daily
 * rows are kept for ever, hourly ones only for their retention (lib/retention.ts). One index
 * probe: the rollups' primary key starts (resolution, bucket_start).
 */
export async function readTrackingBegan(db: Database): Promise<Date | null> {
  const [row] = await db.select({ first: min(seriesRollups.bucketStart) }).from(seriesRollups).where(eq(seriesRollups.resolution, 'day'));
  // Mapped by the column on both drivers, but a Date either way.
  return row?.first ? new Date(row.first) : null;
}

/** The shortest schedule among the sources, in ms: "auto" never draws finer. */
export function fastestScheduleMs(sourceIds: readonly string[] = SCRAPE_TARGETS.map((t) => t.id)): number {
  return Math.min(...sourceIds.map((id) => sourceScheduleMinutes(id) * 60_000));
}

export async function readWindow(db: Database, view: ViewState, now: Date): Promise<TimeWindow> {
  return resolveWindow(view, now, { trackingBegan: await readTrackingBegan(db), fastestScheduleMs: fastestScheduleMs() });
}
