/**
 * Per source: when it last succeeded, when it last failed and why, how often it succeeded over
 * the last 24 h and 7 d (scrape attempts, by when we made them), points written, and whether
 * its bytes came from a recording.
 */
import { gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';
import { sourceLeases } from '@/db/schema';
import { currentTime } from '../clock';

export interface SourceStatus {
  sourceId: string;
  networkSlug: string | null;
  name: string;
  endpoint: string;
  evidenceGrade: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailureReason: string | null;
  lastOutcome: 'ok' | 'failed' | null;
  lastOrigin: string | null;
  /** Share of attempts that succeeded, null when there were none in the window. */
  successRate24h: number | null;
  successRate7d: number | null;
  attempts24h: number;
  attempts7d: number;
  pointsWritten: number;
  /** YYYY-MM-DD of the recorded payload the latest run was served from, if it was a recording. */
  recordedPayloadDate: string | null;
}

const iso = z.union([z.date(), z.string()]).nullable().transform((v) => (v === null ? null : new Date(v).toISOString()));
const int = z.coerce.number().int();

const rowSchema = z.object({
  id: z.string(),
  network_slug: z.string().nullable(),
  name: z.string(),
  endpoint: z.string(),
  evidence_grade: z.string(),
  last_success_at: iso,
  last_failure_at: iso,
  last_failure_reason: z.string().nullable(),
  last_outcome: z.enum(['ok', 'failed']).nullable(),
  last_origin: z.string().nullable(),
  recorded_payload_date: z.string().nullable(),
  ok_24h: int,
  all_24h: int,
  ok_7d: int,
  all_7d: int,
  points_written: int,
});

export async function readSourceStatuses(db: Database, now = currentTime()): Promise<SourceStatus[]> {
  const day = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  const week = new Date(now.getTime() - 7 * 24 * 3_600_000).toISOString();
  // Per source: three backward steps of an index (latest success, latest failure, latest run),
  // the week's attempts by the (source_id, started_at) index, and the running totals kept by
  // migration 0006's trigger. Nothing here grows with the days stored.
  const rows = await selectRows(
    db,
    sql`
      select s.id, s.network_slug, s.name, s.endpoint, s.evidence_grade,
        ok.observed_at as last_success_at,
        f.observed_at as last_failure_at, f.error as last_failure_reason,
        l.outcome as last_outcome, l.origin as last_origin, l.recorded_payload_date,
        coalesce(a.ok_24h, 0) as ok_24h, coalesce(a.all_24h, 0) as all_24h,
        coalesce(a.ok_7d, 0) as ok_7d, coalesce(a.all_7d, 0) as all_7d,
        coalesce(t.points_written, 0) as points_written
      from sources s
      left join lateral (
        select r.observed_at from scrape_runs r
        where r.source_id = s.id and r.outcome = 'ok'
        order by r.observed_at desc limit 1
      ) ok on true
      left join lateral (
        select r.observed_at, r.error from scrape_runs r
        where r.source_id = s.id and r.outcome = 'failed'
        order by r.observed_at desc limit 1
      ) f on true
      left join lateral (
        select r.outcome, r.origin, r.recorded_payload_date from scrape_runs r
        where r.source_id = s.id order by r.observed_at desc limit 1
      ) l on true
      left join lateral (
        select
          count(*) filter (where r.outcome = 'ok' and r.started_at >= ${day}::timestamptz) as ok_24h,
          count(*) filter (where r.started_at >= ${day}::timestamptz) as all_24h,
          count(*) filter (where r.outcome = 'ok') as ok_7d,
          count(*) as all_7d
        from scrape_runs r
        where r.source_id = s.id and r.origin in ('live', 'replay') and r.started_at >= ${week}::timestamptz
      ) a on true
      left join source_totals t on t.source_id = s.id
      order by s.network_slug nulls first, s.id`,
    rowSchema,
  );
  const rate = (ok: number, all: number) => (all === 0 ? null : ok / all);
  return rows.map((r) => ({
    sourceId: r.id,
    networkSlug: r.network_slug,
    name: r.name,
    endpoint: r.endpoint,
    evidenceGrade: r.evidence_grade,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
    lastFailureReason: r.last_failure_reason,
    lastOutcome: r.last_outcome,
    lastOrigin: r.last_origin,
    successRate24h: rate(r.ok_24h, r.all_24h),
    successRate7d: rate(r.ok_7d, r.all_7d),
    attempts24h: r.all_24h,
    attempts7d: r.all_7d,
    pointsWritten: r.points_written,
    recordedPayloadDate: r.recorded_payload_date,
  }));
}

export interface SourceLease {
  holder: string;
  expiresAt: string;
}

/**
 * The unexpired leases, by source: a run is going there now (or its holder died and the lease
 * is about to expire). /status shows them, so a source skipped as busy says by whom and until when.
 */
export async function readSourceLeases(db: Database, now = currentTime()): Promise<Map<string, SourceLease>> {
  const rows = await db
    .select({ sourceId: sourceLeases.sourceId, holder: sourceLeases.holder, expiresAt: sourceLeases.expiresAt })
    .from(sourceLeases)
    .where(gt(sourceLeases.expiresAt, now));
  return new Map(rows.map((r) => [r.sourceId, { holder: r.holder, expiresAt: r.expiresAt.toISOString() }]));
}
