/** Per source: when it last succeeded, when it last failed and why. */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';

export interface SourceStatus {
  sourceId: string;
  networkSlug: string | null;
  name: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailureReason: string | null;
  lastOutcome: 'ok' | 'failed' | null;
}

const iso = z.union([z.date(), z.string()]).nullable().transform((v) => (v === null ? null : new Date(v).toISOString()));

const rowSchema = z.object({
  id: z.string(),
  network_slug: z.string().nullable(),
  name: z.string(),
  last_success_at: iso,
  last_failure_at: iso,
  last_failure_reason: z.string().nullable(),
  last_outcome: z.enum(['ok', 'failed']).nullable(),
});

export async function readSourceStatuses(db: Database): Promise<SourceStatus[]> {
  const rows = await selectRows(
    db,
    sql`
      select s.id, s.network_slug, s.name,
        (select max(r.observed_at) from scrape_runs r where r.source_id = s.id and r.outcome = 'ok') as last_success_at,
        f.observed_at as last_failure_at, f.error as last_failure_reason,
        (select r.outcome from scrape_runs r where r.source_id = s.id order by r.observed_at desc limit 1) as last_outcome
      from sources s
      left join lateral (
        select r.observed_at, r.error from scrape_runs r
        where r.source_id = s.id and r.outcome = 'failed'
        order by r.observed_at desc limit 1
      ) f on true
      order by s.network_slug nulls first, s.id`,
    rowSchema,
  );
  return rows.map((r) => ({
    sourceId: r.id,
    networkSlug: r.network_slug,
    name: r.name,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
    lastFailureReason: r.last_failure_reason,
    lastOutcome: r.last_outcome,
  }));
}
