/**
 * After a scrape pass commits: read the detection window's observations and runs, let the
 * detectors (detect.ts) find the events, and store the new ones, each with a pending webhook
 * delivery per configured URL, in one transaction. Ids are derived from the evidence
 * (kinds.ts), so running it twice, in two processes, or after a rebuild inserts nothing new.
 *
 * Cost is bounded by the window, not by history: the flags read a week of runs (as the flags
 * page does), run-to-run changes only the day before the last detection. `scripts/bench-events.ts`
 * measures it on a full week of 15 sources at 10-minute passes.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { eventCursor, events, webhookDeliveries } from '@/db/schema';
import { networkFlags } from '../analytics/flags';
import type { Thresholds } from '../analytics/thresholds';
import { NETWORKS } from '../networks';
import { readObservations } from '../queries/observations';
import { readIndexMoves } from '../queries/gpu-index';
import { INDEX_MODELS } from '../analytics/gpu-index';
import { ALL_MODELS } from '../vocabulary';
import { detectEvents, EVENT_DETECTORS, type EventDetector, type ModelPresence, type SourceModels, type SourceRuns } from './detect';
import { eventId, type DetectedEvent } from './kinds';

/** A week: over twice what a frozen claim needs to be flagged (72 h by default); longer when that threshold is. */
export const EVENT_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** The flags' window: a week, or twice the frozen-claim threshold when that is longer. */
export function lookbackMs(thresholds: Thresholds): number {
  return Math.max(EVENT_LOOKBACK_MS, 2 * thresholds.frozenMinHours * 3_600_000);
}
export const EVENT_CURSOR = 'events';

export interface PipelineOptions {
  /** The end of the detection window: the pass's observation time. */
  now: Date;
  thresholds: Thresholds;
  /** Each new event gets a pending delivery to each of these (WEBHOOK_URLS). */
  webhookUrls: readonly string[];
  lookbackMs?: number;
  detectors?: readonly EventDetector[];
}

export interface PipelineResult {
  /** Events the detectors found in the window (stored before or now). */
  detected: number;
  /** Events stored by this run, oldest first. */
  inserted: DetectedEvent[];
  window: { from: string; to: string };
}

interface RunRow {
  id: number;
  sourceId: string;
  network: string | null;
  atMs: number;
  ok: boolean;
  /** The run whose points this run shows (itself, or the earlier run with the same figures); null when it failed. */
  pointsRunId: number | null;
}

/**
 * One string per source (`id:ms:pointsRunId,…`, oldest first), as lib/queries/observations.ts
 * reads runs: a row per run costs several times as much on PGlite, and reads the same on both drivers.
 */
const runsAggregate = z.object({ source_id: z.string(), network_slug: z.string().nullable(), runs: z.string() });

async function readRuns(db: Database, from: Date, to: Date): Promise<RunRow[]> {
  // Scraped runs only: the claims ledger and published histories are not a source failing or listing.
  const rows = await selectRows(
    db,
    sql`select source_id, min(network_slug) as network_slug,
          string_agg(id::text || ':' || round(extract(epoch from observed_at) * 1000)::bigint::text || ':' ||
                     case when outcome = 'ok' then coalesce(points_from_run_id, id)::text else '' end, ',' order by observed_at) as runs
        from scrape_runs
        where observed_at >= ${from.toISOString()}::timestamptz and observed_at < ${to.toISOString()}::timestamptz and origin in ('live', 'replay')
        group by source_id
        order by source_id`,
    runsAggregate,
  );
  return rows.flatMap((row) =>
    row.runs.split(',').map((entry) => {
      const [id = '', atMs = '', pointsRunId = ''] = entry.split(':');
      return { id: Number(id), sourceId: row.source_id, network: row.network_slug, atMs: Number(atMs), ok: pointsRunId !== '', pointsRunId: pointsRunId === '' ? null : Number(pointsRunId) };
    }),
  );
}

async function readModelsByRun(db: Database, pointRunIds: readonly number[]): Promise<Map<number, string[]>> {
  if (pointRunIds.length === 0) return new Map();
  const ids = sql`${sql.param(pointRunIds)}::bigint[]`;
  const rows = await selectRows(
    db,
    sql`select scrape_run_id, string_agg(distinct gpu_model, ',' order by gpu_model) as models from (
          select scrape_run_id, gpu_model from supply_points where scrape_run_id = any(${ids}) and status = 'rentable'
          union all
          select scrape_run_id, gpu_model from price_points where scrape_run_id = any(${ids})
        ) listed
        where gpu_model <> ${ALL_MODELS} and gpu_model not like 'unknown:%'
        group by scrape_run_id`,
    z.object({ scrape_run_id: z.coerce.number(), models: z.string() }),
  );
  return new Map(rows.map((r) => [r.scrape_run_id, r.models.split(',')]));
}

async function readSourcesWithEarlierHistory(db: Database, from: Date): Promise<Set<string>> {
  // One index probe per source (scrape_runs_source_observed_uq), whatever the history's length.
  const rows = await selectRows(
    db,
    sql`select id from sources s where exists (select 1 from scrape_runs r where r.source_id = s.id and r.observed_at < ${from.toISOString()}::timestamptz)`,
    z.object({ id: z.string() }),
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Where detection of run-to-run changes (a source failing, rentable at zero, a model appearing,
 * a claim jump) starts: a day before the last detection, so a pass that came in late or a
 * replay is still compared with the run before it, without re-reading the whole window each
 * pass. The flags (a frozen figure needs 72 h of runs) always read the whole lookback.
 */
export const RERUN_MARGIN_MS = 24 * 3_600_000;

export interface DetectWindowOptions extends Omit<PipelineOptions, 'webhookUrls'> {
  /** Run-to-run changes before this are not looked for; the whole lookback when absent. */
  since?: Date;
}

/** Runs the detectors over the window ending at `now`, without storing anything. */
export async function detectWindow(db: Database, options: DetectWindowOptions): Promise<{ detected: DetectedEvent[]; window: PipelineResult['window'] }> {
  const to = new Date(options.now.getTime() + 1);
  const from = new Date(options.now.getTime() - (options.lookbackMs ?? lookbackMs(options.thresholds)));
  const runsFrom = options.since && options.since > from ? options.since : from;
  const networks = NETWORKS.filter((n) => n.kind !== 'cloud').map((n) => n.slug);
  const observed = await readObservations(db, { from, to, networks });
  const runs = await readRuns(db, runsFrom, to);
  const bySource = new Map<string, SourceRuns & { runs: SourceRuns['runs'][number][] }>();
  for (const run of runs) {
    const entry = bySource.get(run.sourceId) ?? { sourceId: run.sourceId, network: run.network, runs: [] };
    entry.runs.push({ runId: run.id, at: new Date(run.atMs).toISOString(), ok: run.ok });
    bySource.set(run.sourceId, entry);
  }
  const modelsByRun = await readModelsByRun(db, [...new Set(runs.flatMap((r) => (r.pointsRunId === null ? [] : [r.pointsRunId])))]);
  const sourceModels: SourceModels[] = [];
  for (const [sourceId, source] of bySource) {
    const mine = runs.filter((r) => r.sourceId === sourceId && r.pointsRunId !== null);
    // A source that lists no model in the window (claims-only, totals-only) has nothing to appear or vanish.
    if (source.network === null || !mine.some((r) => modelsByRun.has(r.pointsRunId as number))) continue;
    const presence: ModelPresence[] = mine.map((r) => ({ runId: r.id, at: new Date(r.atMs).toISOString(), models: modelsByRun.get(r.pointsRunId as number) ?? [] }));
    sourceModels.push({ sourceId, network: source.network, runs: presence });
  }
  const runsStart = runsFrom.getTime();
  const indexMoves = await readCompletedIndexMoves(db, runsFrom, options.now, options.thresholds.indexMovePercent);
  // The flags' pairwise kind (a jump) is found from the observations; only steps since `runsFrom` are new.
  const flags = observed.networks.flatMap((n) => networkFlags(n, options.thresholds)).filter((f) => f.rule !== 'claim-jump' || Date.parse(f.to) >= runsStart);
  // Rentable steps likewise: the supply series are trimmed to the runs window (keeping the observation before it).
  const networksInRunsWindow = observed.networks.map((n) => ({ ...n, supply: n.supply.map((s) => ({ ...s, points: fromLastBefore(s.points, runsStart) })) }));
  const detected = detectEvents(
    {
      window: { from: from.toISOString(), to: to.toISOString() },
      networks: observed.networks,
      supplyNetworks: networksInRunsWindow,
      flags,
      sourceRuns: [...bySource.values()],
      sourceModels,
      sourcesWithEarlierHistory: await readSourcesWithEarlierHistory(db, from),
      sourcesWithEarlierRuns: runsFrom > from ? await readSourcesWithEarlierHistory(db, runsFrom) : undefined,
      thresholds: options.thresholds,
      indexMoves,
    },
    options.detectors ?? EVENT_DETECTORS,
  );
  return { detected, window: { from: from.toISOString(), to: to.toISOString() } };
}

const DAY_MS = 86_400_000;

/**
 * Index moves onto completed UTC days that ended since `since` (a day before it, so the day that
 * closed between two passes is never missed; the ids make the overlap harmless). A day still in
 * progress is left out: its value changes with every pass until the day ends.
 */
async function readCompletedIndexMoves(db: Database, since: Date, now: Date, thresholdPercent: number) {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = new Date(Math.floor(since.getTime() / DAY_MS) * DAY_MS - DAY_MS);
  if (from.getTime() >= today) return [];
  const moves = await Promise.all(INDEX_MODELS.map((model) => readIndexMoves(db, { model, from, to: new Date(today), resolution: 'day', thresholdPercent })));
  return moves.flat().filter((m) => Date.parse(m.toAt) + DAY_MS <= today);
}

/** The points from the last observed one before `t` on (time order, as the store returns them). */
function fromLastBefore<P extends { at: string; value: number | null }>(points: readonly P[], t: number): P[] {
  let start = 0;
  points.forEach((p, i) => {
    if (Date.parse(p.at) < t && p.value !== null) start = i;
  });
  return points.slice(start);
}

/** Detects the window's events and stores the new ones with their webhook deliveries; idempotent. */
export async function runEventPipeline(db: Database, options: PipelineOptions & { since?: Date }): Promise<PipelineResult> {
  const [cursor] = await db.select().from(eventCursor).where(eq(eventCursor.name, EVENT_CURSOR)).limit(1);
  const since = options.since ?? (cursor ? new Date(Math.min(cursor.detectedThrough.getTime(), options.now.getTime()) - RERUN_MARGIN_MS) : undefined);
  const { detected, window } = await detectWindow(db, { ...options, since });
  const detectedAt = options.now;
  const inserted = await db.transaction(async (tx) => {
    const stored: DetectedEvent[] = [];
    // A few hundred rows at most per window, so one statement each chunk is cheap; chunks keep parameters bounded.
    for (let i = 0; i < detected.length; i += 200) {
      const chunk = detected.slice(i, i + 200);
      const rows = await tx
        .insert(events)
        .values(
          chunk.map((e) => ({
            id: eventId(e),
            kind: e.kind,
            subject: e.subject,
            networkSlug: e.network,
            sourceId: e.sourceId,
            gpuModel: e.gpuModel,
            occurredAt: new Date(e.occurredAt),
            detectedAt,
            title: e.title,
            summary: e.summary,
            runId: e.runId,
            details: { ...e.details, keyAt: e.keyAt },
          })),
        )
        .onConflictDoNothing()
        .returning({ id: events.id });
      const fresh = new Set(rows.map((r) => r.id));
      stored.push(...chunk.filter((e) => fresh.has(eventId(e))));
    }
    if (stored.length > 0 && options.webhookUrls.length > 0) {
      const deliveries = stored.flatMap((e) => options.webhookUrls.map((url) => ({ eventId: eventId(e), url, status: 'pending', attempts: 0, nextAttemptAt: detectedAt, createdAt: detectedAt })));
      for (let i = 0; i < deliveries.length; i += 500) await tx.insert(webhookDeliveries).values(deliveries.slice(i, i + 500)).onConflictDoNothing();
    }
    await tx
      .insert(eventCursor)
      .values({ name: EVENT_CURSOR, detectedThrough: options.now, updatedAt: detectedAt })
      .onConflictDoUpdate({ target: eventCursor.name, set: { detectedThrough: sql`greatest(${eventCursor.detectedThrough}, excluded.detected_through)`, updatedAt: detectedAt } });
    return stored;
  });
  return { detected: detected.length, inserted, window };
}
