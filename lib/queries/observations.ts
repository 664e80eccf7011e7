/**
 * What the flags are computed from: every scrape run of a window, one point per run at its
 * observed time (a failed run is a gap), for each source's network totals (claimed, free,
 * rentable). Display buckets play no part, so a page's resolution cannot change a flag.
 *
 * Cost stays bounded: a source runs at most once per pass (every 10 minutes by default,
 * SCRAPE_INTERVAL_MINUTES), so a window holds about span ÷ 10 min runs per source, and at most
 * MAX_RUNS_PER_SOURCE of them (the newest) are read; a source cut short is reported, so the
 * page can say so. Measured on PGlite: 4 sources × 90 days every 10 minutes (52k runs) read in
 * ~0.7 s, the rules over them ~0.4 s (2 loaded cores). Runs whose figures equal the previous
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
/**
 * A custom window's flags read at most 7 days of each source's newest runs: custom windows are
 * computed on the request (they are not stored, lib/queries/analytics-state.ts), so their cost is
 * kept to what a request can afford.
 */
export const CUSTOM_MAX_RUNS_PER_SOURCE = 7 * 144;

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

const sourceRow = z.object({ source_id: z.string(), network_slug: z.string() });

/** One run: its id, observed time (ms), and the run whose points it shows (null when it failed). */
interface RunRow {
  id: number;
  t: number;
  pointsRunId: number | null;
}

/**
 * Runs come back as one string per source (`id:ms:pointsRunId,…`, oldest first): a row per run
 * costs ~4× as much on PGlite (tens of thousands for a long window), and one string reads the
 * same on both drivers (see STACK.md: their numeric and date types differ).
 */
const runsAggregate = z.object({ n: z.coerce.number(), runs: z.string().nullable() });

function parseRuns(text: string | null): RunRow[] {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const [id = '', t = '', pointsRunId = ''] = entry.split(':');
    return { id: Number(id), t: Number(t), pointsRunId: pointsRunId === '' ? null : Number(pointsRunId) };
  });
}

/** Points likewise: one row per figure (status and unit) with `runId:quantity,…`. */
const pointsAggregate = z.object({ status: z.enum(SUPPLY_STATUSES), unit: z.string(), figures: z.string() });

const list = (values: readonly string[]): SQL => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * Sources that publish network totals in the window. The daily rollups only say which sources
 * those are (a small, resolution-free index); every figure comes from the runs and their points.
 */
async function totalSources(db: Database, query: ObservationQuery): Promise<z.infer<typeof sourceRow>[]> {
  return selectRows(
    db,
    sql`select distinct source_id, network_slug from series_rollups
        where resolution = 'day' and gpu_model = ${ALL_MODELS} and metric in (${list(SUPPLY_STATUSES)}) and network_slug in (${list(query.networks)})
          and bucket_start >= ${bucketStart(query.from, 'day').toISOString()}::timestamptz and bucket_start < ${query.to.toISOString()}::timestamptz
        order by source_id`,
    sourceRow,
  );
}

function inWindow(sourceId: string, query: Pick<ObservationQuery, 'from' | 'to'>): SQL {
  return sql`source_id = ${sourceId} and observed_at >= ${query.from.toISOString()}::timestamptz and observed_at < ${query.to.toISOString()}::timestamptz`;
}

/** One source's newest runs in the window (at most `limit`, oldest first), along its (source, time) index. */
async function newestRuns(db: Database, sourceId: string, query: Pick<ObservationQuery, 'from' | 'to'>, limit: number): Promise<RunRow[]> {
  // Observed times are whole milliseconds (JavaScript dates): round() undoes any float error in the epoch.
  const [newest] = await selectRows(
    db,
    sql`select count(*) as n,
          string_agg(id::text || ':' || round(extract(epoch from observed_at) * 1000)::bigint::text || ':' ||
                     case when outcome = 'ok' then coalesce(points_from_run_id, id)::text else '' end, ',' order by observed_at) as runs
        from (select id, observed_at, outcome, points_from_run_id from scrape_runs where ${inWindow(sourceId, query)} order by observed_at desc limit ${limit}) newest`,
    runsAggregate,
  );
  return parseRuns(newest?.runs ?? null);
}

/** One source's newest runs in the window (at most `cap`, oldest first); and how many it had. */
async function sourceRuns(db: Database, sourceId: string, query: ObservationQuery, cap: number): Promise<{ runs: RunRow[]; runsInRange: number }> {
  const runs = await newestRuns(db, sourceId, query, cap + 1);
  if (runs.length <= cap) return { runs, runsInRange: runs.length };
  const [counted] = await selectRows(db, sql`select count(*) as n from scrape_runs where ${inWindow(sourceId, query)}`, z.object({ n: z.coerce.number() }));
  return { runs: runs.slice(runs.length - cap), runsInRange: counted?.n ?? runs.length };
}

/** Each source's runs as read, with its network and how many runs its window held. */
interface SourceRuns {
  network: string;
  runs: RunRow[];
  runsInRange: number;
}

/**
 * The figures of every run that wrote points, by run id then `status|unit`: each shared set of
 * points read once. One query a source: on PGlite, which runs one query at a time, a request
 * waits behind one source's points at most, not behind every source's.
 */
async function readFigures(db: Database, runLists: Iterable<readonly RunRow[]>): Promise<Map<number, Map<string, number>>> {
  const figuresByRun = new Map<number, Map<string, number>>();
  for (const runs of runLists) {
    const pointRuns = [...new Set(runs.flatMap((r) => (r.pointsRunId === null || figuresByRun.has(r.pointsRunId) ? [] : [r.pointsRunId])))];
    if (pointRuns.length === 0) continue;
    const figures = await selectRows(
      db,
      sql`select status, unit, string_agg(scrape_run_id::text || ':' || quantity::text, ',') as figures from supply_points
          where scrape_run_id = any(${sql.param(pointRuns)}::bigint[]) and gpu_model = ${ALL_MODELS} and status in (${list(SUPPLY_STATUSES)})
          group by status, unit`,
      pointsAggregate,
    );
    for (const row of figures) {
      const key = `${row.status}|${row.unit}`;
      for (const entry of row.figures.split(',')) {
        const [runId = '', quantity = ''] = entry.split(':');
        const byKey = figuresByRun.get(Number(runId)) ?? new Map<string, number>();
        byKey.set(key, Number(quantity));
        figuresByRun.set(Number(runId), byKey);
      }
    }
  }
  return figuresByRun;
}

/** The series of every network from its sources' runs and their figures. */
function assemble(networks: readonly string[], bySource: ReadonlyMap<string, SourceRuns>, figuresByRun: ReadonlyMap<number, ReadonlyMap<string, number>>): Observations {
  const out = new Map<string, NetworkObservations>(networks.map((n) => [n, { network: n, claims: [], supply: [] }]));
  const capped: CappedSource[] = [];
  for (const [sourceId, { network: slug, runs: sourceRuns, runsInRange }] of bySource) {
    const network = out.get(slug);
    const first = sourceRuns[0];
    if (!network || !first) continue;
    if (runsInRange > sourceRuns.length) {
      capped.push({ sourceId, network: slug, runsInRange, runsRead: sourceRuns.length, readFrom: new Date(first.t).toISOString() });
    }
    const keys = new Set<string>();
    for (const run of sourceRuns) for (const key of run.pointsRunId === null ? [] : (figuresByRun.get(run.pointsRunId)?.keys() ?? [])) keys.add(key);
    for (const key of [...keys].sort()) {
      const [status = '', unit = ''] = key.split('|');
      // Every run is a point: a failed run, or one that lacked this figure, is a gap.
      const series: Point[] = sourceRuns.map((run) => {
        const value = run.pointsRunId === null ? null : (figuresByRun.get(run.pointsRunId)?.get(key) ?? null);
        return { at: new Date(run.t).toISOString(), value, runId: value === null ? null : run.id };
      });
      if (status === 'claimed') network.claims.push({ sourceId, unit, points: series });
      else if (status === 'free' || status === 'rentable') network.supply.push({ sourceId, unit, status, points: series });
    }
  }
  return { networks: [...out.values()], capped };
}

export async function readObservations(db: Database, query: ObservationQuery): Promise<Observations> {
  const cap = query.maxRunsPerSource ?? MAX_RUNS_PER_SOURCE;
  if (query.networks.length === 0) return { networks: [], capped: [] };
  const bySource = new Map<string, SourceRuns>();
  // One source at a time: PGlite runs one query at a time anyway, and each read is an index range.
  for (const source of await totalSources(db, query)) {
    bySource.set(source.source_id, { network: source.network_slug, ...(await sourceRuns(db, source.source_id, query, cap)) });
  }
  return assemble(query.networks, bySource, await readFigures(db, [...bySource.values()].map((s) => s.runs)));
}

/** Index of the first run at or after t (runs oldest first). */
function firstRunAtOrAfter(runs: readonly RunRow[], t: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid]?.t ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The observations of several windows that end at the same instant (the preset ranges as of
 * one pass), each equal to readObservations of that window, for the cost of reading the widest
 * once: a narrower window's runs are the newest of the widest's, so its runs are a suffix of
 * them, and its points are among theirs. Only the sources of each window, and a run count where
 * a window may hold more runs than the cap, are read per window.
 */
export async function readNestedObservations(
  db: Database,
  query: { froms: readonly Date[]; to: Date; networks: readonly string[]; maxRunsPerSource?: number },
): Promise<Observations[]> {
  const cap = query.maxRunsPerSource ?? MAX_RUNS_PER_SOURCE;
  if (query.networks.length === 0 || query.froms.length === 0) return query.froms.map(() => ({ networks: [], capped: [] }));
  const widest = new Date(Math.min(...query.froms.map((f) => f.getTime())));
  const wide = { from: widest, to: query.to, networks: query.networks };
  const bySource = new Map<string, RunRow[]>();
  for (const source of await totalSources(db, wide)) bySource.set(source.source_id, await newestRuns(db, source.source_id, wide, cap));
  const figuresByRun = await readFigures(db, bySource.values());
  // Fewer runs than the cap: every run of a window is here (the widest read kept its newest runs,
  // and a window's are its newest). At the cap, a window may hold more: each such source's runs
  // are counted once, for every window at the same time.
  const counts = new Map<string, number[]>();
  for (const [sourceId, runs] of bySource) {
    if (runs.length < cap) continue;
    const [row] = await selectRows(
      db,
      sql`select array[${sql.join(
        query.froms.map((f) => sql`count(*) filter (where observed_at >= ${f.toISOString()}::timestamptz)`),
        sql`, `,
      )}]::bigint[]::text as n from scrape_runs
          where source_id = ${sourceId} and observed_at >= ${widest.toISOString()}::timestamptz and observed_at < ${query.to.toISOString()}::timestamptz`,
      z.object({ n: z.string() }),
    );
    counts.set(sourceId, (row?.n ?? '{}').replace(/[{}]/g, '').split(',').map(Number));
  }
  const out: Observations[] = [];
  for (const [i, from] of query.froms.entries()) {
    const window = { from, to: query.to, networks: query.networks };
    const mine = new Map<string, SourceRuns>();
    for (const source of await totalSources(db, window)) {
      const read = bySource.get(source.source_id);
      // A narrower window's sources are among the widest's (its days are among theirs).
      if (!read) throw new Error(`source ${source.source_id} is in a window but not in the widest one`);
      const runs = read.slice(firstRunAtOrAfter(read, from.getTime()));
      const runsInRange = runs.length < cap ? runs.length : (counts.get(source.source_id)?.[i] ?? runs.length);
      mine.set(source.source_id, { network: source.network_slug, runs, runsInRange });
    }
    out.push(assemble(query.networks, mine, figuresByRun));
  }
  return out;
}
