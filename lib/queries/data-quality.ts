/** GPU names we could not place: kept as `unknown:<name>`, listed here so someone adds the alias. */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';

export interface UnknownGpuName {
  networkSlug: string;
  sourceId: string;
  name: string;
  points: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

const rowSchema = z.object({
  network_slug: z.string(),
  source_id: z.string(),
  gpu_model: z.string(),
  points: z.coerce.number().int(),
  first_seen_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
  last_seen_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
});

/**
 * Every unknown name with its count and first and last sighting: one row per name, kept at
 * write time (unknown_gpu_names), so the cost follows the names, not the points stored.
 */
export async function readUnknownGpuNames(db: Database): Promise<UnknownGpuName[]> {
  const rows = await selectRows(
    db,
    sql`
      select network_slug, source_id, gpu_model, points, first_seen_at, last_seen_at
      from unknown_gpu_names
      order by network_slug, gpu_model, source_id`,
    rowSchema,
  );
  return rows.map((r) => ({
    networkSlug: r.network_slug,
    sourceId: r.source_id,
    name: r.gpu_model.slice('unknown:'.length),
    points: r.points,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  }));
}

/** Records skipped and figures rejected over a window, per source and reason, with the latest run behind each. */
export interface RejectionSummary {
  networkSlug: string | null;
  sourceId: string;
  kind: 'record' | 'implausible';
  reason: string;
  /** Runs that left this out in the window. */
  runs: number;
  /** Records or figures left out in all, over those runs. */
  total: number;
  lastRunId: number;
  lastSeenAt: string;
}

/** At most this many reasons are listed: the page stays bounded whatever an upstream sends. */
export const MAX_REJECTION_ROWS = 100;

const rejectionRow = z.object({
  network_slug: z.string().nullable(),
  source_id: z.string(),
  kind: z.enum(['record', 'implausible']),
  reason: z.string(),
  runs: z.coerce.number().int(),
  total: z.coerce.number().int(),
  last_run_id: z.coerce.number().int(),
  last_seen_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
});

export async function readRejections(db: Database, since: Date): Promise<RejectionSummary[]> {
  const rows = await selectRows(
    db,
    sql`
      select r.network_slug, r.source_id, e->>'kind' as kind, e->>'reason' as reason,
        count(*) as runs, sum((e->>'count')::bigint) as total,
        max(r.id) as last_run_id, max(r.observed_at) as last_seen_at
      from scrape_runs r cross join lateral jsonb_array_elements(r.rejections) e
      where r.rejections is not null and r.observed_at >= ${since.toISOString()}::timestamptz
      group by r.network_slug, r.source_id, e->>'kind', e->>'reason'
      order by max(r.observed_at) desc, r.source_id, e->>'reason'
      limit ${MAX_REJECTION_ROWS}`,
    rejectionRow,
  );
  return rows.map((r) => ({
    networkSlug: r.network_slug,
    sourceId: r.source_id,
    kind: r.kind,
    reason: r.reason,
    runs: r.runs,
    total: r.total,
    lastRunId: r.last_run_id,
    lastSeenAt: r.last_seen_at,
  }));
}
