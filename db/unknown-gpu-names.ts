/**
 * The unknown GPU names table (db/schema.ts: unknown_gpu_names) is kept by triggers on the
 * packs (migration 0010). Deleting points takes them off its counts but cannot move a first or
 * last sighting back: a rebuild, which deletes and rewrites a source's points, recomputes that
 * source's rows here afterwards, from its packs (a scan of one source's points, at write time).
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client';

type Executor = Pick<Database, 'execute'>;

/** The scan the table replaces, for one source or every one: what a recompute writes and what a test compares with. */
export function unknownGpuNamesScan(sourceId?: string) {
  const own = sourceId === undefined ? sql`` : sql` and source_id = ${sourceId}`;
  return sql`
    select network_slug, source_id, gpu_model, count(*) as points, min(observed_at) as first_seen_at, max(observed_at) as last_seen_at
    from (
      select network_slug, source_id, gpu_model, observed_at from supply_points where gpu_model like 'unknown:%'${own}
      union all
      select network_slug, source_id, gpu_model, observed_at from price_points where gpu_model like 'unknown:%'${own}
    ) u
    group by network_slug, source_id, gpu_model`;
}

/** Makes one source's rows what its stored points say, in one transaction with the caller's. */
export async function recomputeUnknownGpuNames(db: Executor, sourceId: string): Promise<void> {
  await db.execute(sql`delete from unknown_gpu_names where source_id = ${sourceId}`);
  await db.execute(sql`
    insert into unknown_gpu_names (network_slug, source_id, gpu_model, points, first_seen_at, last_seen_at)
    ${unknownGpuNamesScan(sourceId)}`);
}
