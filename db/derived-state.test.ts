/**
 * The state migration 0006's triggers keep (source_totals, series_latest) equals what a scan of
 * the history gives, after ingest and after a recompute that deletes and rewrites a source's
 * rollups, on both databases.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTimeMs } from '../lib/clock';
import { recomputeRollups } from '../lib/ingest/recompute-rollups';
import { SCRAPE_TARGETS } from '../lib/sources/registry';
import { selectRows } from './rows';
import { testDatabaseKinds } from './test-databases';
import { seedReplayedDatabase, type SeededDatabase } from './test-fixtures';

const HOUR = 3_600_000;
const targets = SCRAPE_TARGETS.filter((t) => t.network === 'akash' || t.network === 'vastai');

const totalsRow = z.object({ source_id: z.string(), runs: z.coerce.number(), points_written: z.coerce.number() });
const latestRow = z.object({ source_id: z.string(), gpu_model: z.string(), metric: z.string(), unit: z.string(), last: z.coerce.number(), bucket_start: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()) });

describe.each(testDatabaseKinds())('derived state kept by triggers on $name', (kind) => {
  let seeded: SeededDatabase | undefined;
  const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, { targets, history: [], scrapeAt: [new Date(thisHour - 30 * HOUR), new Date(thisHour - 2 * HOUR)] });
  }, 120_000);
  afterAll(() => seeded?.close());

  const compare = async () => {
    const db = seeded!.handle.db;
    const kept = await selectRows(db, sql`select source_id, runs, points_written from source_totals order by source_id`, totalsRow);
    const scanned = await selectRows(db, sql`select source_id, count(*) as runs, sum(points_written) as points_written from scrape_runs group by source_id order by source_id`, totalsRow);
    expect(kept).toEqual(scanned);
    expect(kept.length).toBeGreaterThan(0);
    const latest = await selectRows(db, sql`select source_id, gpu_model, metric, unit, last, bucket_start from series_latest order by source_id, gpu_model, metric, unit`, latestRow);
    const fromRollups = await selectRows(
      db,
      sql`select distinct on (source_id, gpu_model, metric, unit) source_id, gpu_model, metric, unit, last, bucket_start
          from series_rollups where resolution = 'day' order by source_id, gpu_model, metric, unit, bucket_start desc`,
      latestRow,
    );
    expect(latest).toEqual(fromRollups);
    expect(latest.length).toBeGreaterThan(0);
  };

  it('after ingest', compare);

  it('after a recompute deletes and rewrites a source’s rollups, and after its newest day is deleted', async () => {
    const db = seeded!.handle.db;
    await recomputeRollups(db, 'akash-gpu-prices');
    await compare();
    await db.execute(sql`delete from series_rollups where source_id = 'akash-gpu-prices' and resolution = 'day'
      and bucket_start = (select max(bucket_start) from series_rollups where source_id = 'akash-gpu-prices' and resolution = 'day')`);
    await compare();
  });
});
