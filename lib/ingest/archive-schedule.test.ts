/**
 * The archive writes itself: the schedule the worker and `npm start` run archives each UTC day
 * once it is complete, once, and a check before the next day ends finds nothing to do.
 * Through the real scrape path, on PGlite and PostgreSQL, with the clock injected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archives } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { akashGpuPrices } from '../sources/akash';
import { startArchiveSchedule, type ArchiveSchedule } from './archive-schedule';

const at = (iso: string) => Date.parse(iso);

describe.each(testDatabaseKinds())('the archive schedule on $name', (kind) => {
  let seeded: SeededDatabase;
  let schedule: ArchiveSchedule | undefined;
  let now = at('2026-11-21T02:00:00Z');

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, {
      targets: [akashGpuPrices],
      history: [],
      scrapeAt: [new Date('2026-11-20T10:00:00Z'), new Date('2026-11-21T10:00:00Z')],
    });
  }, 60_000);
  afterAll(async () => {
    await schedule?.stop();
    await seeded?.close();
  });

  it('archives each completed day once, and waits for the next one to end', async () => {
    schedule = startArchiveSchedule(seeded.handle.db, { nowMs: () => now, checkEveryMs: 3_600_000 });
    // The check at start archives 2026-11-20 (over since midnight, plus the hour it settles);
    // a check while it runs joins it rather than archiving the day twice.
    expect((await schedule.check()).map((a) => a.day)).toEqual(['2026-11-20']);
    expect(await schedule.check()).toEqual([]);
    expect((await seeded.handle.db.select({ day: archives.day }).from(archives)).map((a) => a.day)).toEqual(['2026-11-20']);

    now = at('2026-11-22T00:30:00Z');
    expect(await schedule.check()).toEqual([]);
    now = at('2026-11-22T01:30:00Z');
    const written = await schedule.check();
    expect(written.map((a) => a.day)).toEqual(['2026-11-21']);
    expect(written[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await schedule.check()).toEqual([]);
  });
});
