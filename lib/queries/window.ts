/**
 * The window a request is served: the view's window (lib/view-state.ts) clipped to the first
 * stored observation of the request's scope, so no request builds buckets for years before its
 * data exists (range=all of a GPU model first seen last week starts last week).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { NETWORKS } from '../networks';
import { clipWindow, resolveWindow, type TimeWindow, type ViewState } from '../view-state';
import type { RollupMetric } from '../vocabulary';

/** What a request draws: these metrics of one GPU model (or `all`, the totals) on these networks. */
export interface WindowScope {
  networks: readonly string[];
  metrics: readonly RollupMetric[];
  gpuModel: string;
}

/** Every network we follow, AWS included: the scope of a request that names none. */
export const ALL_NETWORKS: readonly string[] = NETWORKS.map((n) => n.slug);

/** The scope of the analytics (flags, reality, dependability): the network totals of these networks, or of all. */
export function totalsScope(networks: readonly string[] = ALL_NETWORKS): WindowScope {
  return { networks, metrics: ['claimed', 'free', 'rentable'], gpuModel: 'all' };
}

const firstRow = z.object({ first: z.coerce.date().nullable() });

/**
 * When the first daily rollup of the scope starts, or null when it has none. One probe per
 * (network, metric) along series_rollups_network_idx (network, metric, resolution,
 * bucket_start), each stopping at its first row: the cost does not grow with the days stored.
 */
export async function readFirstObservation(db: Database, scope: WindowScope): Promise<Date | null> {
  const probes = scope.networks.flatMap((network) =>
    scope.metrics.map(
      (metric) =>
        sql`(select bucket_start as first from series_rollups
             where network_slug = ${network} and metric = ${metric} and resolution = 'day' and gpu_model = ${scope.gpuModel}
             order by bucket_start limit 1)`,
    ),
  );
  if (probes.length === 0) return null;
  const [row] = await selectRows(db, sql`select min(first) as first from (${sql.join(probes, sql` union all `)}) probes`, firstRow);
  return row?.first ?? null;
}

/** resolveWindow, then clipWindow to the first observation of the scope. */
export async function servedWindow(db: Database, view: ViewState, now: Date, scope: WindowScope): Promise<TimeWindow> {
  return clipWindow(resolveWindow(view, now), await readFirstObservation(db, scope));
}

/** A window as the responses spell it, back as dates (for a chart that shares another's window). */
export function windowFromInfo(info: { from: string; to: string; resolution: TimeWindow['resolution']; requestedFrom?: string }): TimeWindow {
  return {
    from: new Date(info.from),
    to: new Date(info.to),
    resolution: info.resolution,
    ...(info.requestedFrom ? { requestedFrom: new Date(info.requestedFrom) } : {}),
  };
}
