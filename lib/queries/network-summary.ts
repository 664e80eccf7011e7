/**
 * One line per network: its largest current claim, free and rentable GPUs (network totals from
 * each source's latest successful run), and the reality ratio, rentable ÷ largest claim in GPUs.
 * Where several sources give a figure, the largest is shown with the source it came from: for
 * claims that is the point (the biggest number a network puts out), for free and rentable it is
 * the most generous reading we can defend.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { NETWORKS, type NetworkKind } from '../networks';
import { figureKey, readValuesAt } from './figure-changes';
import { currentTime } from '../clock';

export interface Figure {
  value: number;
  unit: string;
  sourceId: string;
  observedAt: string;
  runId: number;
}

/** The same figure (same source and metric) 24 hours and 7 days earlier; null when not observed then. */
export interface FigureChange {
  value24hAgo: number | null;
  value7dAgo: number | null;
}

export interface NetworkSummary {
  slug: string;
  name: string;
  kind: NetworkKind;
  largestClaim: Figure | null;
  largestClaimNodes: Figure | null;
  free: Figure | null;
  rentable: Figure | null;
  /** rentable ÷ largest claim (both in GPUs), null when either is missing. */
  realityRatio: number | null;
  /** Latest successful live scrape of any of the network's sources. */
  lastSuccessAt: string | null;
  changes: { largestClaim: FigureChange; free: FigureChange; rentable: FigureChange };
}

const rowSchema = z.object({
  network_slug: z.string(),
  source_id: z.string(),
  run_id: z.coerce.number().int(),
  observed_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
  status: z.string(),
  unit: z.string(),
  quantity: z.coerce.number(),
});

const freshnessSchema = z.object({
  network_slug: z.string(),
  last_success_at: z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString()),
});

function largest(figures: Figure[]): Figure | null {
  return figures.reduce<Figure | null>((best, f) => (best === null || f.value > best.value ? f : best), null);
}

export async function readNetworkSummaries(db: Database, now = currentTime()): Promise<NetworkSummary[]> {
  const [rows, freshness] = await Promise.all([
    selectRows(
      db,
      sql`
        with latest as (
          select distinct on (source_id) id, source_id, network_slug, observed_at, coalesce(points_from_run_id, id) as points_run
          from scrape_runs
          where outcome = 'ok' and network_slug is not null
          order by source_id, observed_at desc
        )
        select l.network_slug, l.source_id, l.id as run_id, l.observed_at, p.status, p.unit, p.quantity
        from latest l
        join supply_points p on p.scrape_run_id = l.points_run and p.gpu_model = 'all'`,
      rowSchema,
    ),
    selectRows(
      db,
      sql`
        select network_slug, max(observed_at) as last_success_at from scrape_runs
        where outcome = 'ok' and origin in ('live', 'replay') and network_slug is not null
        group by network_slug`,
      freshnessSchema,
    ),
  ]);
  const lastSuccess = new Map(freshness.map((f) => [f.network_slug, f.last_success_at]));
  const summaries = NETWORKS.map((network) => {
    const mine = rows.filter((r) => r.network_slug === network.slug);
    const figures = (status: string, unit: string) =>
      mine
        .filter((r) => r.status === status && r.unit === unit)
        .map((r) => ({ value: r.quantity, unit: r.unit, sourceId: r.source_id, observedAt: r.observed_at, runId: r.run_id }));
    const largestClaim = largest(figures('claimed', 'gpus'));
    const rentable = largest(figures('rentable', 'gpus'));
    return {
      slug: network.slug,
      name: network.name,
      kind: network.kind,
      largestClaim,
      largestClaimNodes: largest(figures('claimed', 'nodes')),
      free: largest(figures('free', 'gpus')),
      rentable,
      realityRatio: largestClaim && rentable && largestClaim.value > 0 ? rentable.value / largestClaim.value : null,
      lastSuccessAt: lastSuccess.get(network.slug) ?? null,
    };
  });

  // Changes compare each shown figure with what the same source said earlier.
  const keyFor = (figure: Figure | null, metric: string) =>
    figure ? { sourceId: figure.sourceId, metric, gpuModel: 'all', unit: figure.unit } : null;
  const keys = summaries.flatMap((s) => [keyFor(s.largestClaim, 'claimed'), keyFor(s.free, 'free'), keyFor(s.rentable, 'rentable')]).filter((k) => k !== null);
  const [dayAgo, weekAgo] = await Promise.all([
    readValuesAt(db, keys, new Date(now.getTime() - 24 * 3_600_000)),
    readValuesAt(db, keys, new Date(now.getTime() - 7 * 24 * 3_600_000)),
  ]);
  const change = (figure: Figure | null, metric: string): FigureChange => {
    const key = keyFor(figure, metric);
    if (!key) return { value24hAgo: null, value7dAgo: null };
    return { value24hAgo: dayAgo.get(figureKey(key)) ?? null, value7dAgo: weekAgo.get(figureKey(key)) ?? null };
  };
  return summaries.map((s) => ({
    ...s,
    changes: { largestClaim: change(s.largestClaim, 'claimed'), free: change(s.free, 'free'), rentable: change(s.rentable, 'rentable') },
  }));
}
