/**
 * Keeps the store the size of its data, from the process that scrapes: at start and then hourly.
 * - Hourly rollups older than their retention (lib/retention.ts) are deleted, one UTC day of
 *   buckets per statement, so a first run on a long history is many small deletes rather than
 *   one that holds the database for minutes.
 * - PGlite runs no autovacuum and no background checkpointer (it is one process in ours), so
 *   the rollups' update churn would bloat its files and nothing would analyze its statistics:
 *   housekeeping vacuums and analyzes the rollups hourly, the whole database daily, and
 *   checkpoints after each. Its WAL is bounded by the settings the client opens it with
 *   (db/client.ts). PostgreSQL's own autovacuum and checkpointer do this for a server.
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { currentTimeMs } from '../clock';
import { componentLogger } from '../log';
import { hourlyRetentionStart } from '../retention';

export const HOUSEKEEPING_EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface HousekeepingReport {
  /** Hourly rollup rows deleted because they fell out of retention. */
  hourlyRowsDeleted: number;
  /** PGlite only: what was vacuumed and analyzed ('rollups' hourly, 'all' daily), or null. */
  vacuumed: 'rollups' | 'all' | null;
  durationMs: number;
}

type Db = DatabaseHandle['db'];

/**
 * Deletes hourly rollup buckets that start before `before`, a UTC day of buckets at a time
 * (bounded work per statement). The daily rows, which charts read for ever, are kept.
 */
export async function pruneHourlyRollups(db: Db, before: Date): Promise<number> {
  const [oldest] = await db
    .select({ at: seriesRollups.bucketStart })
    .from(seriesRollups)
    .where(and(eq(seriesRollups.resolution, 'hour'), lt(seriesRollups.bucketStart, before)))
    .orderBy(asc(seriesRollups.bucketStart))
    .limit(1);
  if (!oldest) return 0;
  let deleted = 0;
  for (let day = Math.floor(oldest.at.getTime() / DAY_MS) * DAY_MS; day < before.getTime(); day += DAY_MS) {
    const end = new Date(Math.min(day + DAY_MS, before.getTime()));
    const rows = await db
      .delete(seriesRollups)
      .where(and(eq(seriesRollups.resolution, 'hour'), gte(seriesRollups.bucketStart, new Date(day)), lt(seriesRollups.bucketStart, end)))
      .returning({ at: seriesRollups.bucketStart });
    deleted += rows.length;
  }
  return deleted;
}

/** One round of housekeeping at `now`; `vacuumAll` widens PGlite's vacuum to every table. */
export async function runHousekeeping(handle: DatabaseHandle, now: Date, options: { vacuumAll?: boolean } = {}): Promise<HousekeepingReport> {
  const started = performance.now();
  const hourlyRowsDeleted = await pruneHourlyRollups(handle.db, hourlyRetentionStart(now));
  let vacuumed: HousekeepingReport['vacuumed'] = null;
  if (handle.target.driver === 'pglite') {
    vacuumed = options.vacuumAll ? 'all' : 'rollups';
    // VACUUM cannot run inside a transaction; drizzle's execute sends it on its own.
    await handle.db.execute(options.vacuumAll ? sql`vacuum (analyze)` : sql`vacuum (analyze) series_rollups`);
    await handle.db.execute(sql`checkpoint`);
  }
  return { hourlyRowsDeleted, vacuumed, durationMs: Math.round(performance.now() - started) };
}

export interface HousekeepingSchedule {
  /** Runs a round now (or waits for the one running); resolves with its report. */
  run(): Promise<HousekeepingReport | null>;
  stop(): Promise<void>;
}

export function startHousekeeping(handle: DatabaseHandle, options: { everyMs?: number; nowMs?: () => number } = {}): HousekeepingSchedule {
  const log = componentLogger('housekeeping');
  const nowMs = options.nowMs ?? currentTimeMs;
  let running: Promise<HousekeepingReport | null> | null = null;
  let stopped = false;
  let lastFullVacuumDay: number | null = null;

  const run = (): Promise<HousekeepingReport | null> => {
    if (stopped) return Promise.resolve(null);
    if (running) return running;
    const now = new Date(nowMs());
    const day = Math.floor(now.getTime() / DAY_MS);
    const vacuumAll = lastFullVacuumDay !== day;
    running = runHousekeeping(handle, now, { vacuumAll })
      .then((report) => {
        if (vacuumAll) lastFullVacuumDay = day;
        log.info(report, 'housekeeping done');
        return report;
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'housekeeping failed; tried again at the next round');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  void run();
  const timer = setInterval(() => void run(), options.everyMs ?? HOUSEKEEPING_EVERY_MS);
  timer.unref?.();
  return {
    run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
