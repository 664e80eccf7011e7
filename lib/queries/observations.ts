/**
 * What the flags are computed from: every scrape run of a window, one point per run at its
 * observed time (a failed run is a gap), for each source's network totals (claimed, free,
 * rentable). Display buckets play no part, so a page's resolution cannot change a flag.
 *
 * Cost stays bounded: a source runs at most once per 10 minutes, so a window holds at most
 * span ÷ 10 min runs per source, and at most MAX_RUNS_PER_SOURCE of them (the newest) are read;
 * a source cut short is reported, so the page can say so. Runs whose figures equal the previous
 * run's point at that run's points (`points_from_run_id`, see lib/ingest/record-run.ts), so
 * each stored set of points is read once, however many runs share it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import type { Point, SourceSeries, SupplySeries } from '../analytics/types';
import { bucketStart } from '../ingest/rollups';
import { ALL_MODELS, SUPPLY_STATUSES } from '../vocabulary';

/** 90 days of runs at the densest schedule (one per 10 minutes): longer windows keep their newest runs. */
export const MAX_RUNS_PER_SOURCE = 90 * 144;

export interface ObservationQuery {
  from: Date;
  /** Exclusive. */
  to: Date;
  networks: readonly string[];
  /** Defaults to MAX_RUNS_PER_SOURCE. */
  maxRunsPerSource?: number;
}

export interface NetworkObservations {
  network: string;
  /** One series per claimed source and unit. */
  claims: SourceSeries[];
  /** Free and rentable network totals, one series per source and unit. */
  supply: SupplySeries[];
}

/** A source whose window held more runs than were read: flags cover its runs from `readFrom` on. */
export interface CappedSource {
  sourceId: string;
  network: string;
  runsInRange: number;
  runsRead: number;
  readFrom: string;
}

export interface Observations {
  networks: NetworkObservations[];
  capped: CappedSource[];
}

const runRow = z.object({
  id: z.coerce.number(),
  source_id: z.string(),
  network_slug: z.string(),
  observed_at: z.coerce.date(),
  outcome: z.string(),
  points_run_id: z.coerce.number(),
  runs_in_range: z.coerce.number(),
});

const pointRow = z.object({
  scrape_run_id: z.coerce.number(),
  status: z.enum(SUPPLY_STATUSES),
  unit: z.string(),
  quantity: z.coerce.number(),
});

const list = (values: readonly string[]): SQL => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * The window's runs of sources that publish network totals, newest `cap` per source. The
 * daily rollups only say which sources those are (a cheap, resolution-free index); every
 * figure comes from the runs and their points.
 */
function cappedRuns(query: ObservationQuery, cap: number): SQL {
  const networks = list(query.networks);
  const statuses = list(SUPPLY_STATUSES);
  return sql`select id, source_id, network_slug, observed_at, outcome, points_run_id, runs_in_range from (
      select r.id, r.source_id, r.network_slug, r.observed_at, r.outcome,
             coalesce(r.points_from_run_id, r.id) as points_run_id,
             row_number() over (partition by r.source_id order by r.observed_at desc) as newest_rank,
             count(*) over (partition by r.source_id) as runs_in_range
      from scrape_runs r
      where r.network_slug in (${networks})
        and r.observed_at >= ${query.from.toISOString()}::timestamptz and r.observed_at < ${query.to.toISOString()}::timestamptz
        and r.source_id in (
          select distinct source_id from series_rollups
          where resolution = 'day' and gpu_model = ${ALL_MODELS} and metric in (${statuses}) and network_slug in (${networks})
            and bucket_start >= ${bucketStart(query.from, 'day').toISOString()}::timestamptz and bucket_start < ${query.to.toISOString()}::timestamptz)
    ) ranked where newest_rank <= ${cap}`;
}

export async function readObservations(db: Database, query: ObservationQuery): Promise<Observations> {
  const cap = query.maxRunsPerSource ?? MAX_RUNS_PER_SOURCE;
  if (query.networks.length === 0) return { networks: [], capped: [] };
  const runs = await selectRows(db, sql`${cappedRuns(query, cap)} order by source_id, observed_at, id`, runRow);
  // Each shared set of points once, by the run that wrote it.
  const points = await selectRows(
    db,
    sql`select scrape_run_id, status, unit, quantity from supply_points
        where gpu_model = ${ALL_MODELS} and status in (${list(SUPPLY_STATUSES)})
          and scrape_run_id in (select distinct points_run_id from (${cappedRuns(query, cap)}) capped)`,
    pointRow,
  );
  const figuresByRun = new Map<number, Map<string, number>>();
  for (const p of points) {
    const figures = figuresByRun.get(p.scrape_run_id) ?? new Map<string, number>();
    figures.set(`${p.status}|${p.unit}`, p.quantity);
    figuresByRun.set(p.scrape_run_id, figures);
  }

  const bySource = new Map<string, (typeof runs)[number][]>();
  for (const run of runs) bySource.set(run.source_id, [...(bySource.get(run.source_id) ?? []), run]);

  const out = new Map<string, NetworkObservations>(query.networks.map((n) => [n, { network: n, claims: [], supply: [] }]));
  const capped: CappedSource[] = [];
  for (const [sourceId, sourceRuns] of bySource) {
    const first = sourceRuns[0];
    if (!first) continue;
    const network = out.get(first.network_slug);
    if (!network) continue;
    if (first.runs_in_range > sourceRuns.length) {
      capped.push({ sourceId, network: first.network_slug, runsInRange: first.runs_in_range, runsRead: sourceRuns.length, readFrom: first.observed_at.toISOString() });
    }
    const keys = new Set<string>();
    for (const run of sourceRuns) if (run.outcome === 'ok') for (const key of figuresByRun.get(run.points_run_id)?.keys() ?? []) keys.add(key);
    for (const key of [...keys].sort()) {
      const [status = '', unit = ''] = key.split('|');
      // Every run is a point: a failed run, or one that lacked this figure, is a gap.
      const series: Point[] = sourceRuns.map((run) => {
        const value = run.outcome === 'ok' ? (figuresByRun.get(run.points_run_id)?.get(key) ?? null) : null;
        return { at: run.observed_at.toISOString(), value, runId: value === null ? null : run.id };
      });
      if (status === 'claimed') network.claims.push({ sourceId, unit, points: series });
      else if (status === 'free' || status === 'rentable') network.supply.push({ sourceId, unit, status, points: series });
    }
  }
  return { networks: [...out.values()], capped };
}
