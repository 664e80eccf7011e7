/**
 * When each registered source last succeeded, for /metrics: one query, one row per source, each
 * a backward scan of the (source_id, observed_at) index. Scraped runs only (live and replay),
 * as /api/health counts them: a backfill of published history says nothing about the scraper.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';

export interface SourceLastSuccess {
  sourceId: string;
  /** Null when the source never succeeded. */
  lastSuccessAt: Date | null;
}

export async function readLastSuccesses(db: Database): Promise<SourceLastSuccess[]> {
  const rows = await selectRows(
    db,
    sql`select s.id, (select max(r.observed_at) from scrape_runs r
          where r.source_id = s.id and r.outcome = 'ok' and r.origin in ('live', 'replay')) as last_success_at
        from sources s order by s.id`,
    z.object({ id: z.string(), last_success_at: z.union([z.date(), z.string()]).nullable() }),
  );
  return rows.map((r) => ({ sourceId: r.id, lastSuccessAt: r.last_success_at === null ? null : new Date(r.last_success_at) }));
}
