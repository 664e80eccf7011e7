/**
 * Committed sources: history that lives in the repository rather than behind an API (the
 * claims ledger, the AWS reference price table). They are stored exactly like fetched history:
 * the committed bytes become a raw snapshot, and each dated observation a scrape run pointing
 * at it, so their figures are traceable like every other figure. Re-loading is a no-op.
 */
import type { Database } from '@/db/client';
import type { HistoryAdapter } from '../sources/types';
import { recordRun } from './record-run';
import { syncRegistry } from './sync-registry';
import type { RunOrigin } from './target';
import type { EvidenceGrade } from '../vocabulary';
import { currentTime } from '../clock';

export interface CommittedSource extends Omit<HistoryAdapter, 'evidenceGrade'> {
  /** `self-reported-claim` for the claims ledger, `backfilled-history` for transcribed tables. */
  evidenceGrade: EvidenceGrade;
  origin: Extract<RunOrigin, 'claim' | 'backfill'>;
  /** Path of the committed file in the repository. */
  location: string;
  committedBytes(): Uint8Array;
}

export interface HistoryLoadOutcome {
  sourceId: string;
  observations: number;
  runsWritten: number;
  alreadyStored: number;
  error: string | null;
}

/** A history adapter's target for the ingest layer; its parse() is never called (history uses parseHistory). */
export function historyTarget(source: Omit<HistoryAdapter, 'evidenceGrade'> & { evidenceGrade: EvidenceGrade }) {
  return {
    ...source,
    parse: () => ({ ok: false as const, error: `${source.id} publishes history: use parseHistory` }),
  };
}

export async function loadCommittedSource(db: Database, source: CommittedSource, now = currentTime()): Promise<HistoryLoadOutcome> {
  const target = historyTarget(source);
  await syncRegistry(db, [target]);
  const bytes = source.committedBytes();
  const parsed = source.parseHistory(bytes, { observedAt: now });
  const outcome: HistoryLoadOutcome = { sourceId: source.id, observations: 0, runsWritten: 0, alreadyStored: 0, error: null };
  if (!parsed.ok) return { ...outcome, error: parsed.error };
  for (const dated of parsed.value) {
    const recorded = await recordRun(db, {
      source: target,
      observedAt: dated.observedAt,
      origin: source.origin,
      fetched: {
        requestUrl: `repo:${source.location}`,
        startedAt: now,
        durationMs: 0,
        httpStatus: null,
        bytes,
        contentType: 'application/json',
        fetchError: null,
      },
      parsed: { ok: true, value: dated.snapshot },
    });
    outcome.observations += 1;
    if (recorded.outcome === 'ok') outcome.runsWritten += 1;
    else if (recorded.outcome === 'duplicate') outcome.alreadyStored += 1;
  }
  return outcome;
}
