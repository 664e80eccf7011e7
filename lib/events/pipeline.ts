/**
 * After a scrape pass commits: read the detection window's observations and runs, let the
 * detectors (detect.ts) find the events, and store the new ones, each with a pending webhook
 * delivery per configured URL, in one transaction. Ids are derived from the evidence
 * (kinds.ts), so running it twice, in two processes, or after a rebuild inserts nothing new.
 *
 * Cost is bounded by the window (EVENT_LOOKBACK_MS of runs, as the flags page reads them), not
 * by history: about 0.5 s on PGlite for two weeks of every source at 10-minute passes.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { eventCursor, events, webhookDeliveries } from '@/db/schema';
import { networkFlags } from '../analytics/flags';
import type { Thresholds } from '../analytics/thresholds';
import { NETWORKS } from '../networks';
import { readObservations } from '../queries/observations';
import { ALL_MODELS } from '../vocabulary';
import { detectEvents, EVENT_DETECTORS, type EventDetector, type ModelPresence, type SourceModels, type SourceRuns } from './detect';
import { eventId, type DetectedEvent } from './kinds';

/** Two weeks: longer than a frozen claim needs to be flagged (72 h by default) with room to spare. */
export const EVENT_LOOKBACK_MS = 14 * 24 * 3_600_000;
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

const runRow = z.object({
  id: z.coerce.number(),
  source_id: z.string(),
  network_slug: z.string().nullable(),
  at_ms: z.coerce.number(),
  ok: z.boolean(),
  points_run_id: z.coerce.number().nullable(),
});

async function readRuns(db: Database, from: Date, to: Date) {
  // Scraped runs only: the claims ledger and published histories are not a source failing or listing.
  return selectRows(
    db,
    sql`select id, source_id, network_slug, round(extract(epoch from observed_at) * 1000)::bigint as at_ms, outcome = 'ok' as ok,
          case when outcome = 'ok' then coalesce(points_from_run_id, id) end as points_run_id
        from scrape_runs
        where observed_at >= ${from.toISOString()}::timestamptz and observed_at < ${to.toISOString()}::timestamptz and origin in ('live', 'replay')
        order by source_id, observed_at`,
    runRow,
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

/** Runs the detectors over the window ending at `now`, without storing anything. */
export async function detectWindow(db: Database, options: Omit<PipelineOptions, 'webhookUrls'>): Promise<{ detected: DetectedEvent[]; window: PipelineResult['window'] }> {
  const to = new Date(options.now.getTime() + 1);
  const from = new Date(options.now.getTime() - (options.lookbackMs ?? EVENT_LOOKBACK_MS));
  const networks = NETWORKS.filter((n) => n.kind !== 'cloud').map((n) => n.slug);
  const observed = await readObservations(db, { from, to, networks });
  const runs = await readRuns(db, from, to);
  const bySource = new Map<string, SourceRuns & { runs: SourceRuns['runs'][number][] }>();
  for (const run of runs) {
    const entry = bySource.get(run.source_id) ?? { sourceId: run.source_id, network: run.network_slug, runs: [] };
    entry.runs.push({ runId: run.id, at: new Date(run.at_ms).toISOString(), ok: run.ok });
    bySource.set(run.source_id, entry);
  }
  const modelsByRun = await readModelsByRun(db, [...new Set(runs.flatMap((r) => (r.points_run_id === null ? [] : [r.points_run_id])))]);
  const sourceModels: SourceModels[] = [];
  for (const sourceId of bySource.keys()) {
    const mine = runs.filter((r) => r.source_id === sourceId && r.points_run_id !== null && r.network_slug !== null);
    // A source that lists no model in the window (claims-only, totals-only) has nothing to appear or vanish.
    if (!mine.some((r) => modelsByRun.has(r.points_run_id as number))) continue;
    const presence: ModelPresence[] = mine.map((r) => ({ runId: r.id, at: new Date(r.at_ms).toISOString(), models: modelsByRun.get(r.points_run_id as number) ?? [] }));
    sourceModels.push({ sourceId, network: mine[0]?.network_slug as string, runs: presence });
  }
  const detected = detectEvents(
    {
      window: { from: from.toISOString(), to: to.toISOString() },
      networks: observed.networks,
      flags: observed.networks.flatMap((n) => networkFlags(n, options.thresholds)),
      sourceRuns: [...bySource.values()],
      sourceModels,
      sourcesWithEarlierHistory: await readSourcesWithEarlierHistory(db, from),
      thresholds: options.thresholds,
    },
    options.detectors ?? EVENT_DETECTORS,
  );
  return { detected, window: { from: from.toISOString(), to: to.toISOString() } };
}

/** Detects the window's events and stores the new ones with their webhook deliveries; idempotent. */
export async function runEventPipeline(db: Database, options: PipelineOptions): Promise<PipelineResult> {
  const { detected, window } = await detectWindow(db, options);
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
