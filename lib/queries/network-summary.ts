/**
 * One line per network: its largest current claim, free and rentable GPUs (network totals, each
 * figure as its source last reported it), and the reality ratio from the network's declared
 * sides (lib/analytics/reality-sides.ts). Where several sources give a figure, the largest is
 * shown with the source it came from: for claims that is the point (the biggest number a
 * network puts out), for free and rentable it is the most generous reading we can defend.
 *
 * "Current" means observed by a scrape within the source's freshness window (lib/freshness.ts):
 * every figure carries its age and band, a stale one is shown with a warning, and one past the
 * window is left out of "now" and listed as such. Ledger claims and backfilled history are
 * dated evidence, never current figures.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { realityRatio, realitySides } from '../analytics/reality-sides';
import { ageMinutes, CURRENT_FOR_HOURS, freshnessBand, type FreshnessBand } from '../freshness';
import { NETWORKS, type NetworkKind } from '../networks';
import { sourceFreshnessRule, sourceScheduleMinutes } from '../source-schedule';
import { figureKey, readValuesAt } from './figure-changes';
import { currentTime } from '../clock';
import { findSource } from '../sources/registry';
import type { EvidenceGrade } from '../vocabulary';

export interface Figure {
  value: number;
  unit: string;
  sourceId: string;
  observedAt: string;
  runId: number;
  /** How far the source's figures can be trusted, so a headline says what kind of evidence it is. */
  evidenceGrade: EvidenceGrade;
}

/** A current figure: observed within its source's window, with its age and band. */
export interface CurrentFigure extends Figure {
  ageMinutes: number;
  freshness: Exclude<FreshnessBand, 'expired'>;
  /** The source's fresh window, in minutes (about twice its schedule). */
  freshForMinutes: number;
}

/** A source's latest figure that is too old to count as now, said rather than hidden. */
export interface LeftOutFigure extends Figure {
  status: string;
  ageMinutes: number;
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
  largestClaim: CurrentFigure | null;
  largestClaimNodes: CurrentFigure | null;
  free: CurrentFigure | null;
  rentable: CurrentFigure | null;
  /** rentable ÷ claimed from the declared sides (both current, in GPUs, from one pass); null when either is missing or they are from different passes. */
  realityRatio: number | null;
  /** The figures the ratio divides; null where the side has no current figure or none is declared. */
  realitySides: { claimed: CurrentFigure | null; rentable: CurrentFigure | null } | null;
  /** Latest figures past their source's window: not in any figure above. */
  leftOut: LeftOutFigure[];
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

function largest<T extends Figure>(figures: T[]): T | null {
  return figures.reduce<T | null>((best, f) => (best === null || f.value > best.value ? f : best), null);
}

/**
 * The ratio divides figures of one pass: sides observed further apart than the shorter of their
 * schedules (one side's source failed and its figure is an older one) would make a ratio that
 * was never true at any moment, so "now" has none, as a chart bucket missing a side has none.
 */
function samePass(claimed: Figure | null, rentable: Figure | null): boolean {
  if (!claimed || !rentable) return false;
  const apartMs = Math.abs(Date.parse(claimed.observedAt) - Date.parse(rentable.observedAt));
  return apartMs < Math.min(sourceScheduleMinutes(claimed.sourceId), sourceScheduleMinutes(rentable.sourceId)) * 60_000;
}

/** Worker and web clocks may disagree by this much: a run "from the future" within it is still now. */
const CLOCK_SKEW_MS = 60_000;

/** The figures as of `now`: runs observed later (a replay ahead of the reader) are not yet known. */
export async function readNetworkSummaries(db: Database, now = currentTime()): Promise<NetworkSummary[]> {
  const asOf = new Date(now.getTime() + CLOCK_SKEW_MS).toISOString();
  const currentFrom = new Date(now.getTime() - CURRENT_FOR_HOURS * 3_600_000).toISOString();
  // Every read starts from the sources and steps into scrape_runs by its (source_id, outcome,
  // observed_at) index: the latest run is one step back per source, the current window a
  // range of it, so the cost follows the sources and the window, never the days stored.
  const latestPerSource = sql`
    select r.id, r.source_id, r.network_slug, r.observed_at, coalesce(r.points_from_run_id, r.id) as points_run
    from sources s
    cross join lateral (
      select id, source_id, network_slug, observed_at, points_from_run_id from scrape_runs
      where source_id = s.id and outcome = 'ok' and network_slug is not null and origin in ('live', 'replay')
        and observed_at <= ${asOf}::timestamptz
      order by observed_at desc limit 1
    ) r`;
  const [latestRuns, recentFigures, freshness] = await Promise.all([
    selectRows(
      db,
      sql`
        with latest as (${latestPerSource})
        select l.network_slug, l.source_id, l.id as run_id, l.observed_at, p.status, p.unit, p.quantity
        from latest l
        join supply_points p on p.scrape_run_id = l.points_run and p.gpu_model = 'all'`,
      rowSchema,
    ),
    // Each figure's own latest observation within the current window: a figure the latest run
    // lacks (rejected as implausible, or not published that time) is its older self, with its
    // age, never silently replaced by a smaller figure from another source.
    selectRows(
      db,
      sql`
        select distinct on (r.source_id, p.status, p.unit)
          r.network_slug, r.source_id, r.id as run_id, r.observed_at, p.status, p.unit, p.quantity
        from sources s
        join scrape_runs r on r.source_id = s.id and r.outcome = 'ok'
          and r.observed_at <= ${asOf}::timestamptz and r.observed_at > ${currentFrom}::timestamptz
        join supply_points p on p.scrape_run_id = coalesce(r.points_from_run_id, r.id) and p.gpu_model = 'all'
        where r.network_slug is not null and r.origin in ('live', 'replay')
        order by r.source_id, p.status, p.unit, r.observed_at desc`,
      rowSchema,
    ),
    selectRows(
      db,
      sql`
        with latest as (${latestPerSource})
        select network_slug, max(observed_at) as last_success_at from latest group by network_slug`,
      freshnessSchema,
    ),
  ]);
  const lastSuccess = new Map(freshness.map((f) => [f.network_slug, f.last_success_at]));
  // Within the window each figure's latest observation; past it, the latest run's (left out).
  const byFigure = new Map(latestRuns.map((r) => [`${r.source_id}|${r.status}|${r.unit}`, r]));
  for (const r of recentFigures) byFigure.set(`${r.source_id}|${r.status}|${r.unit}`, r);
  const rows = [...byFigure.values()];
  const summaries = NETWORKS.map((network) => {
    const mine = rows.filter((r) => r.network_slug === network.slug);
    const leftOut: LeftOutFigure[] = [];
    const current: (CurrentFigure & { status: string })[] = [];
    for (const r of mine) {
      const rule = sourceFreshnessRule(r.source_id);
      const figure = {
        value: r.quantity,
        unit: r.unit,
        sourceId: r.source_id,
        observedAt: r.observed_at,
        runId: r.run_id,
        evidenceGrade: findSource(r.source_id)?.evidenceGrade ?? 'scraped-page',
      };
      const age = ageMinutes(r.observed_at, now);
      const band = freshnessBand(r.observed_at, now, rule);
      if (band === 'expired') leftOut.push({ ...figure, status: r.status, ageMinutes: age });
      else current.push({ ...figure, status: r.status, ageMinutes: age, freshness: band, freshForMinutes: rule.freshForMinutes });
    }
    const figures = (status: string, unit: string, sourceId?: string) =>
      current
        .filter((r) => r.status === status && r.unit === unit && (sourceId === undefined || r.sourceId === sourceId))
        .map(({ status: _status, ...figure }) => figure);
    const sides = realitySides(network.slug);
    const claimedSide = sides ? largest(figures('claimed', 'gpus', sides.claimed)) : null;
    const rentableSide = sides ? largest(figures('rentable', 'gpus', sides.rentable)) : null;
    return {
      slug: network.slug,
      name: network.name,
      kind: network.kind,
      largestClaim: largest(figures('claimed', 'gpus')),
      largestClaimNodes: largest(figures('claimed', 'nodes')),
      free: largest(figures('free', 'gpus')),
      rentable: largest(figures('rentable', 'gpus')),
      realityRatio: samePass(claimedSide, rentableSide) ? realityRatio(claimedSide?.value, rentableSide?.value) : null,
      realitySides: sides ? { claimed: claimedSide, rentable: rentableSide } : null,
      leftOut: leftOut.sort((a, b) => a.sourceId.localeCompare(b.sourceId) || a.status.localeCompare(b.status) || a.unit.localeCompare(b.unit)),
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
