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

export async function readUnknownGpuNames(db: Database): Promise<UnknownGpuName[]> {
  const rows = await selectRows(
    db,
    sql`
      select network_slug, source_id, gpu_model, count(*) as points, min(observed_at) as first_seen_at, max(observed_at) as last_seen_at
      from (
        select network_slug, source_id, gpu_model, observed_at from supply_points where gpu_model like 'unknown:%'
        union all
        select network_slug, source_id, gpu_model, observed_at from price_points where gpu_model like 'unknown:%'
      ) u
      group by network_slug, source_id, gpu_model
      order by network_slug, gpu_model`,
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
