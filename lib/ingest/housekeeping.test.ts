/**
 * Housekeeping keeps the store the size of its data: hourly rollups past their retention go,
 * daily rows (which long charts read) stay, a rebuild does not bring the pruned hours back, and
 * PGlite's WAL is bounded and vacuumed. Through the real scrape path on PGlite and PostgreSQL,
 * with times laid on the pinned clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { seriesRollups } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { currentTimeMs } from '../clock';
import { HOURLY_ROLLUP_RETENTION_DAYS, hourlyRetentionStart } from '../retention';
import { akashGpuPrices } from '../sources/akash';
import { runHousekeeping, startHousekeeping } from './housekeeping';
import { recomputeRollups } from './recompute-rollups';

const DAY = 86_400_000;
const now = new Date(Math.floor(currentTimeMs() / DAY) * DAY + 12 * 3_600_000);
const old = new Date(now.getTime() - (HOURLY_ROLLUP_RETENTION_DAYS + 30) * DAY);
const recent = new Date(now.getTime() - DAY);

describe.each(testDatabaseKinds())('housekeeping on $name', (kind) => {
  let seeded: SeededDatabase;

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, { targets: [akashGpuPrices], history: [], scrapeAt: [old, recent] });
  }, 60_000);
  afterAll(async () => {
    await seeded?.close();
  });

  const bucketsAt = async (resolution: 'hour' | 'day', day: Date) => {
    const rows = await seeded.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(seriesRollups)
      .where(
        and(
          eq(seriesRollups.resolution, resolution),
          sql`${seriesRollups.bucketStart} >= ${new Date(Math.floor(day.getTime() / DAY) * DAY)}`,
          sql`${seriesRollups.bucketStart} < ${new Date(Math.floor(day.getTime() / DAY) * DAY + DAY)}`,
        ),
      );
    return rows[0]?.n ?? 0;
  };

  const hoursPastRetention = async () => {
    const rows = await seeded.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(seriesRollups)
      .where(and(eq(seriesRollups.resolution, 'hour'), sql`${seriesRollups.bucketStart} < ${hourlyRetentionStart(now)}`));
    return rows[0]?.n ?? 0;
  };

  it('deletes hourly buckets past retention and keeps the daily ones, and the recent hours', async () => {
    const before = { pastRetention: await hoursPastRetention(), oldHours: await bucketsAt('hour', old), oldDays: await bucketsAt('day', old), recentHours: await bucketsAt('hour', recent) };
    expect(before.oldHours).toBeGreaterThan(0);

    const report = await runHousekeeping(seeded.handle, now, { vacuumAll: true });
    expect(report.hourlyRowsDeleted).toBe(before.pastRetention);
    expect(await hoursPastRetention()).toBe(0);
    expect(report.vacuumed).toBe(kind.name === 'pglite' ? 'all' : null);
    expect(await bucketsAt('hour', old)).toBe(0);
    expect(await bucketsAt('day', old)).toBe(before.oldDays);
    expect(await bucketsAt('hour', recent)).toBe(before.recentHours);

    // A second round finds nothing left to delete.
    expect((await runHousekeeping(seeded.handle, now)).hourlyRowsDeleted).toBe(0);
  });

  it('after a rollup recompute (npm run rebuild) the next round prunes the same hours again', async () => {
    const days = await bucketsAt('day', old);
    await recomputeRollups(seeded.handle.db, akashGpuPrices.id);
    // The recompute builds the buckets ingest built, the old hours included, exactly.
    expect(await bucketsAt('hour', old)).toBeGreaterThan(0);
    const report = await runHousekeeping(seeded.handle, now);
    expect(report.hourlyRowsDeleted).toBeGreaterThan(0);
    expect(await bucketsAt('hour', old)).toBe(0);
    expect(await bucketsAt('day', old)).toBe(days);
    expect(await bucketsAt('hour', recent)).toBeGreaterThan(0);
  });

  it.runIf(kind.name === 'pglite')('PGlite runs with a bounded WAL, so its folder tracks the data', async () => {
    const shown = (await seeded.handle.db.execute(sql`show max_wal_size`)) as unknown as { rows: { max_wal_size: string }[] };
    expect(shown.rows[0]?.max_wal_size).toBe('64MB');
  });

  it('the schedule runs a round at start, vacuuming everything on PGlite once a day', async () => {
    const schedule = startHousekeeping(seeded.handle, { nowMs: () => now.getTime(), everyMs: 3_600_000 });
    try {
      const first = await schedule.run();
      expect(first?.hourlyRowsDeleted).toBe(0);
      const second = await schedule.run();
      expect(second?.vacuumed).toBe(kind.name === 'pglite' ? 'rollups' : null);
    } finally {
      await schedule.stop();
    }
  });
});
