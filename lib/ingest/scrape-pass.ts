/**
 * One scrape pass: every source fetched concurrently under its own timeout and lease, each
 * stored through recordRun. One slow or broken source never delays or breaks another: each
 * source's failure becomes its own failed run, never an exception that stops the pass.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scrapeRuns } from '@/db/schema';
import { fetchResponses } from './fetch-responses';
import { ABORTED_BY_SHUTDOWN } from './fetch-snapshot';
import { describeLease, LEASE_MARGIN_MS, newLeaseHolder, withLease } from './leases';
import type { RateLimiter } from './rate-limiter';
import { readResponses } from './read-responses';
import { recordRun, type FetchedSnapshot } from './record-run';
import { loadTokenRates } from './token-rates';
import type { RunOrigin, ScrapeTarget } from './target';
import { countRun } from './run-telemetry';
import type { RecordRejection } from '../sources/types';
import { currentTime } from '../clock';

/** `aborted`: a shutdown stopped the source mid-run; nothing was stored for it. */
export type SourceOutcomeKind = 'ok' | 'failed' | 'skipped' | 'busy' | 'duplicate' | 'not-due' | 'aborted';

export interface SourceOutcome {
  sourceId: string;
  network: string | null;
  outcome: SourceOutcomeKind;
  pointsWritten: number;
  /** True when the figures matched the previous run, so no new points were needed. */
  unchanged: boolean;
  durationMs: number;
  httpStatus: number | null;
  detail: string | null;
  runId: number | null;
  /** Bytes of every upstream response the run read (uncompressed). */
  responseBytes: number;
  /** Records and figures a successful run left out, by reason (as stored in scrape_runs.rejections). */
  rejected: readonly RecordRejection[];
}

export interface ScrapePassOptions {
  targets: readonly ScrapeTarget[];
  /** Observation time; defaults to now. Set it to replay dated recordings. */
  at?: Date;
  origin?: RunOrigin;
  /** Environment to read base URLs and API keys from. */
  environment?: Record<string, string | undefined>;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  /** Ignore each source's minimum interval (manual `npm run scrape`). */
  force?: boolean;
  /** Defaults to the process-wide limiter; replays of recordings pass `noRateLimit`. */
  rateLimiter?: RateLimiter;
  /** Aborted on shutdown: no source starts after it, those in flight stop and store nothing. */
  signal?: AbortSignal;
  /** Added to one attempt's timeout to make a lease (default LEASE_MARGIN_MS); the lease is renewed while the run goes on. */
  leaseMarginMs?: number;
  onOutcome?: (outcome: SourceOutcome) => void;
}

/** Token-price feeds run first so the other sources convert with this pass's rates. */
function isTokenFeed(target: ScrapeTarget): boolean {
  return target.network === null;
}

export async function runScrapePass(db: Database, options: ScrapePassOptions): Promise<SourceOutcome[]> {
  const holder = newLeaseHolder();
  const run = (target: ScrapeTarget) =>
    scrapeOne(db, target, options, holder).then((o) => {
      countRun(o);
      options.onOutcome?.(o);
      return o;
    });
  const tokenOutcomes = await Promise.all(options.targets.filter(isTokenFeed).map(run));
  const otherOutcomes = await Promise.all(options.targets.filter((t) => !isTokenFeed(t)).map(run));
  return [...tokenOutcomes, ...otherOutcomes];
}

async function scrapeOne(db: Database, target: ScrapeTarget, options: ScrapePassOptions, holder: string): Promise<SourceOutcome> {
  const environment = options.environment ?? process.env;
  const observedAt = options.at ?? currentTime();
  const base = {
    sourceId: target.id,
    network: target.network,
    pointsWritten: 0,
    unchanged: false,
    durationMs: 0,
    httpStatus: null,
    runId: null,
    responseBytes: 0,
    rejected: [],
  };
  const apiKey = target.apiKey ? environment[target.apiKey.variable] || undefined : undefined;
  if (target.apiKey?.required && !apiKey) {
    return { ...base, outcome: 'skipped', detail: `needs ${target.apiKey.variable} (not set)` };
  }

  const aborted = { ...base, outcome: 'aborted' as const, detail: `${ABORTED_BY_SHUTDOWN}: nothing stored` };
  if (options.signal?.aborted) return aborted;

  try {
    if (!options.force && target.minIntervalMinutes) {
      const [last] = await db
        .select({ observedAt: scrapeRuns.observedAt })
        .from(scrapeRuns)
        .where(and(eq(scrapeRuns.sourceId, target.id), eq(scrapeRuns.outcome, 'ok')))
        .orderBy(desc(scrapeRuns.observedAt))
        .limit(1);
      const dueAt = last ? last.observedAt.getTime() + target.minIntervalMinutes * 60_000 : 0;
      if (observedAt.getTime() < dueAt) {
        return { ...base, outcome: 'not-due', detail: `next due ${new Date(dueAt).toISOString()}` };
      }
    }

    const timeoutMs = options.timeoutMs ?? 30_000;
    const attempts = options.attempts ?? 3;
    const backoffMs = options.backoffMs ?? 1_000;
    // One attempt's timeout plus a margin, renewed while the run goes on: a crashed holder frees
    // the source within that time, a live run keeps it however many attempts it makes.
    const ttlMs = timeoutMs + (options.leaseMarginMs ?? LEASE_MARGIN_MS);
    if (options.signal?.aborted) return aborted;
    const leased = await withLease(db, { sourceId: target.id, holder, ttlMs }, async (): Promise<SourceOutcome> => {
      const baseUrl = environment[target.baseUrlVariable] || target.defaultBaseUrl;
      // Every request of the run (pages, slices), each with its retries, under the renewed lease.
      const { responses, failure } = await fetchResponses(target, {
        baseUrl,
        apiKey,
        timeoutMs,
        attempts,
        backoffMs,
        maxRetryAfterMs: 60_000,
        rateLimiter: options.rateLimiter,
        signal: options.signal,
      });
      const [first] = responses;
      if (!first) throw new Error('fetchResponses returned no response');
      // The run row describes the whole read: its first request, and the time all of them took
      // (each request's time includes its retries and rate-limit wait, so they add up).
      const fetched: FetchedSnapshot = { ...first, durationMs: responses.reduce((sum, r) => sum + r.durationMs, 0) };
      const responseBytes = responses.reduce((sum, r) => sum + (r.bytes?.byteLength ?? 0), 0);
      // A read a shutdown cut short says nothing about the source: no run, not a failed one.
      if (responses.some((r) => r.fetchError === ABORTED_BY_SHUTDOWN)) return { ...aborted, durationMs: Math.round(fetched.durationMs), responseBytes };
      const complete = !failure && !first.fetchError && responses.every((r) => r.bytes);
      const rates = complete ? await loadTokenRates(db, observedAt) : new Map();
      const bodies = responses.map((r) => r.bytes ?? new Uint8Array());
      const parsed = failure
        ? { ok: false as const, error: failure }
        : complete
          ? readResponses(target, bodies, { observedAt, tokenUsdRate: (symbol) => rates.get(symbol.toUpperCase()) })
          : null;
      const recorded = await recordRun(db, {
        source: target,
        observedAt,
        origin: options.origin ?? 'live',
        fetched,
        responses: responses.length > 1 ? responses : undefined,
        parsed,
      });
      const common = { ...base, durationMs: Math.round(fetched.durationMs), httpStatus: fetched.httpStatus, responseBytes };
      if (recorded.outcome === 'ok') {
        return {
          ...common,
          outcome: 'ok',
          pointsWritten: recorded.pointsWritten,
          unchanged: recorded.identicalToRunId !== null,
          runId: recorded.runId,
          rejected: recorded.parsed.rejected ?? [],
          detail: recorded.parsed.unknownModels.length ? `unrecognised GPU names: ${recorded.parsed.unknownModels.join(', ')}` : null,
        };
      }
      if (recorded.outcome === 'failed') return { ...common, outcome: 'failed', runId: recorded.runId, detail: recorded.error };
      return { ...common, outcome: 'duplicate', detail: `already stored for ${observedAt.toISOString()}` };
    });
    if (leased.acquired) return leased.value;
    const holderText = leased.lease ? `: ${describeLease(leased.lease)}` : '';
    return { ...base, outcome: 'busy', detail: `previous run still going${holderText}` };
  } catch (error) {
    // Database trouble for one source is reported, not thrown: the other sources go on.
    return { ...base, outcome: 'failed', detail: `could not store: ${(error as Error).message}` };
  }
}

export function formatOutcome(o: SourceOutcome): string {
  const head = `${o.outcome.padEnd(9)} ${o.sourceId.padEnd(32)}`;
  const timing = o.durationMs ? ` ${o.durationMs} ms` : '';
  const status = o.httpStatus !== null ? ` HTTP ${o.httpStatus}` : '';
  if (o.outcome === 'ok') {
    const points = o.unchanged ? '0 points (figures unchanged since the last run)' : `${o.pointsWritten} points`;
    return `${head} ${points}${status}${timing}${o.detail ? `; ${o.detail}` : ''}`;
  }
  return `${head}${status}${timing} ${o.detail ?? ''}`.trimEnd();
}
