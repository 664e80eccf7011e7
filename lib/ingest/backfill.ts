/**
 * `npm run backfill`: imports history with its real dates, marked as backfilled. Two kinds:
 * committed sources (the claims ledger, the AWS reference table), and sources whose API
 * publishes history (fetched once; one run per dated observation, all pointing at the one raw
 * snapshot they came from). Everything is keyed by (source, observation time), so running it
 * again only adds what is new.
 */
import type { Database } from '@/db/client';
import type { HistoryAdapter } from '../sources/types';
import { loadCommittedSource, historyTarget, type CommittedSource, type HistoryLoadOutcome } from './committed';
import { ABORTED_BY_SHUTDOWN, fetchSnapshot } from './fetch-snapshot';
import { loadTokenRates } from './token-rates';
import { recordRun } from './record-run';
import { syncRegistry } from './sync-registry';
import { syncClaims } from './sync-claims';
import { loadLedger, type Claim } from '../claims/ledger';

export interface BackfillOptions {
  history: readonly HistoryAdapter[];
  committed: readonly CommittedSource[];
  /** The validated claims ledger, loaded into the claims table (default: lib/claims/claims.json). */
  claims?: readonly Claim[];
  environment?: Record<string, string | undefined>;
  timeoutMs?: number;
  attempts?: number;
  now?: Date;
  /** Aborted on shutdown: the fetch in flight stops and records nothing, no later source starts. */
  signal?: AbortSignal;
  onOutcome?: (outcome: HistoryLoadOutcome) => void;
}

export async function runBackfill(db: Database, options: BackfillOptions): Promise<HistoryLoadOutcome[]> {
  const outcomes: HistoryLoadOutcome[] = [];
  const report = (o: HistoryLoadOutcome) => {
    outcomes.push(o);
    options.onOutcome?.(o);
  };
  // The ledger itself first (validated on load), then the claimed points its size claims make.
  if (options.committed.length > 0) await syncRegistry(db, []);
  if (options.committed.length > 0) await syncClaims(db, options.claims ?? loadLedger(), options.now);
  for (const source of options.committed) report(await loadCommittedSource(db, source, options.now));
  for (const source of options.history) {
    if (options.signal?.aborted) break;
    report(await backfillFetched(db, source, options));
  }
  return outcomes;
}

async function backfillFetched(db: Database, source: HistoryAdapter, options: BackfillOptions): Promise<HistoryLoadOutcome> {
  const environment = options.environment ?? process.env;
  const outcome: HistoryLoadOutcome = { sourceId: source.id, observations: 0, runsWritten: 0, alreadyStored: 0, error: null };
  const target = historyTarget(source);
  await syncRegistry(db, [target]);
  const apiKey = source.apiKey ? environment[source.apiKey.variable] || undefined : undefined;
  if (source.apiKey?.required && !apiKey) return { ...outcome, error: `skipped: needs ${source.apiKey.variable} (not set)` };

  const fetched = await fetchSnapshot(target, {
    baseUrl: environment[source.baseUrlVariable] || source.defaultBaseUrl,
    apiKey,
    timeoutMs: options.timeoutMs ?? 30_000,
    attempts: options.attempts ?? 3,
    backoffMs: 1_000,
    maxRetryAfterMs: 60_000,
    signal: options.signal,
  });
  // Cut short by a shutdown: nothing is recorded, the next refresh fetches it again.
  if (fetched.fetchError === ABORTED_BY_SHUTDOWN) return { ...outcome, error: ABORTED_BY_SHUTDOWN };
  const now = options.now ?? fetched.startedAt;
  const failed = (error: string) =>
    recordRun(db, { source: target, observedAt: now, origin: 'backfill', fetched, parsed: { ok: false, error } }).then(() => ({
      ...outcome,
      error,
    }));
  if (fetched.fetchError || !fetched.bytes) return failed(fetched.fetchError ?? 'no body');
  const rates = await loadTokenRates(db, now);
  const parsed = source.parseHistory(fetched.bytes, { observedAt: now, tokenUsdRate: (s) => rates.get(s.toUpperCase()) });
  // An unreadable history is kept raw with its reason, like any failed scrape.
  if (!parsed.ok) return failed(parsed.error);
  for (const dated of parsed.value) {
    const recorded = await recordRun(db, {
      source: target,
      observedAt: dated.observedAt,
      origin: 'backfill',
      fetched,
      parsed: { ok: true, value: dated.snapshot },
    });
    outcome.observations += 1;
    if (recorded.outcome === 'ok') outcome.runsWritten += 1;
    else if (recorded.outcome === 'duplicate') outcome.alreadyStored += 1;
  }
  return outcome;
}

export function formatHistoryOutcome(o: HistoryLoadOutcome): string {
  const head = `${(o.error ? 'failed' : 'ok').padEnd(7)} ${o.sourceId.padEnd(40)}`;
  if (o.error) return `${head} ${o.error}`;
  return `${head} ${o.observations} dated observations: ${o.runsWritten} new, ${o.alreadyStored} already stored`;
}
