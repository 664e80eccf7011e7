/**
 * Rebuild: the raw snapshots are the record, the points are derived from them. When an adapter
 * is fixed, every stored run that kept its bytes is parsed again with today's adapter and the
 * points, outcomes and rollups are brought in line, so a parser fix repairs history instead of
 * only the next scrape.
 *
 * `planRebuild` only reads and reports what would change; `applyRebuild` writes it. Both walk
 * the same review (`reviewSource`), whose per-run decision is the pure `reviewRun`.
 */
import { and, asc, count, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { SnapshotReader } from '@/db/snapshot-store';
import { runSnapshots, scrapeRuns, tokenPrices } from '@/db/schema';
import { deletePointPacks, writePointPacks } from '@/db/point-packs';
import { recomputeUnknownGpuNames } from '@/db/unknown-gpu-names';
import type { HistoryAdapter, ParseContext, ParsedSnapshot, ParseResult, RecordRejection } from '../sources/types';
import { figuresDigest, recordGpuModels } from './record-run';
import { admitFigures } from './plausibility';
import { readResponses } from './read-responses';
import { loadRunPoints, NO_POINTS, type RunPoints } from './run-points';
import { recomputeRollups } from './recompute-rollups';
import { sha256Hex } from './snapshot-bytes';
import type { ScrapeTarget } from './target';
import { loadTokenRates } from './token-rates';

/** A source read from a payload of dated observations: published history, or history committed to the repository. */
export type HistoryTarget = Pick<HistoryAdapter, 'id' | 'version' | 'parseHistory'> & { network: string | null };

/** What can re-parse a run: a scrape target (`parse`) or a history source (`parseHistory`). */
export type RebuildTarget = ScrapeTarget | HistoryTarget;

// ───────────────────────────── pure comparison ─────────────────────────────

export type { PricePointValue, RunPoints, SupplyPointValue, TokenPriceValue } from './run-points';
export { NO_POINTS } from './run-points';

export interface PointDiff {
  /** Keys the new parse has and the stored points do not. */
  added: number;
  /** Same key, different value (for prices: the USD figure, listings or the token conversion). */
  changed: number;
  /** Keys stored that the new parse no longer has. */
  removed: number;
}

/**
 * Pure: the rows `writePoints` in record-run.ts stores for parsed figures: supply and prices
 * only for a source with a network, token prices always, and for a repeated key the first
 * wins (its inserts skip conflicts).
 */
export function pointsFromFigures(parsed: ParsedSnapshot, hasNetwork: boolean): RunPoints {
  const firstByKey = <T>(items: readonly T[], key: (item: T) => string): T[] => {
    const kept = new Map<string, T>();
    for (const item of items) if (!kept.has(key(item))) kept.set(key(item), item);
    return [...kept.values()];
  };
  return {
    supply: hasNetwork
      ? firstByKey(parsed.supply, supplyKey).map((p) => ({ gpuModel: p.gpuModel, status: p.status, unit: p.unit, quantity: p.quantity }))
      : [],
    prices: hasNetwork
      ? firstByKey(parsed.prices, priceKey).map((p) => ({
          gpuModel: p.gpuModel,
          statistic: p.statistic,
          usdPerGpuHour: p.usdPerGpuHour,
          listings: p.listings,
          tokenSymbol: p.token?.symbol ?? null,
          tokenUsdRate: p.token?.usdRate ?? null,
          tokenRateAt: p.token?.rateAt ?? null,
        }))
      : [],
    tokens: firstByKey(parsed.tokenPrices ?? [], tokenKey).map((t) => ({ symbol: t.symbol, usd: t.usd })),
  };
}

const supplyKey = (p: { gpuModel: string; status: string; unit: string }) => `supply|${p.gpuModel}|${p.status}|${p.unit}`;
const priceKey = (p: { gpuModel: string; statistic: string }) => `price|${p.gpuModel}|${p.statistic}`;
const tokenKey = (t: { symbol: string }) => `token|${t.symbol}`;

export interface CompareOptions {
  /**
   * Whether a token conversion's time counts as part of a price (default true). A run sharing
   * an earlier run's points shows that run's conversion time by design: ingest shares points
   * when the figures match, and the figures leave the rate's time out (`figuresDigest`).
   */
  withRateTime?: boolean;
}

/** Key → canonical value, one entry per stored row (first of a repeated key, as stored). */
function pointEntries(points: RunPoints, options: CompareOptions = {}): Map<string, string> {
  const withRateTime = options.withRateTime ?? true;
  const entries = new Map<string, string>();
  const put = (key: string, value: string) => {
    if (!entries.has(key)) entries.set(key, value);
  };
  for (const p of points.supply) put(supplyKey(p), JSON.stringify([p.quantity]));
  for (const p of points.prices) {
    const rateAt = withRateTime ? (p.tokenRateAt?.getTime() ?? null) : null;
    put(priceKey(p), JSON.stringify([p.usdPerGpuHour, p.listings, p.tokenSymbol, p.tokenUsdRate, rateAt]));
  }
  for (const t of points.tokens) put(tokenKey(t), JSON.stringify([t.usd]));
  return entries;
}

/** Pure: how the stored points of a run differ from the points a new parse gives. */
export function diffPoints(stored: RunPoints, fresh: RunPoints, options: CompareOptions = {}): PointDiff {
  const before = pointEntries(stored, options);
  const after = pointEntries(fresh, options);
  const diff: PointDiff = { added: 0, changed: 0, removed: 0 };
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) diff.added += 1;
    else if (old !== value) diff.changed += 1;
  }
  for (const key of before.keys()) if (!after.has(key)) diff.removed += 1;
  return diff;
}

/** Pure: order-independent fingerprint of a point set (with the rate's time unless told otherwise, unlike `figuresDigest`). */
export function pointSetDigest(points: RunPoints, options: CompareOptions = {}): string {
  const lines = [...pointEntries(points, options)].map(([key, value]) => `${key}=${value}`).sort();
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

export type RunOutcome = 'ok' | 'failed';

/** What is stored for a run now. */
export interface StoredRun {
  outcome: string;
  error: string | null;
  adapterVersion: number;
  figuresSha256: string | null;
  pointsFromRunId: number | null;
  /** Records skipped and figures rejected, as stored (absent: none). */
  rejections?: RecordRejection[] | null;
}

/** Order- and key-order-independent form of a rejection list (jsonb reorders object keys). */
function rejectionsKey(rejections: readonly RecordRejection[] | null | undefined): string {
  return (rejections ?? []).map((r) => `${r.kind}|${r.reason}|${r.count}`).sort().join('\n');
}

export interface RunReviewInput {
  stored: StoredRun;
  /** The points the run shows now: its own, or those of the run it shares (none for a failed run). */
  storedPoints: RunPoints;
  /** Today's adapter on the run's stored bytes. */
  reparsed: ParseResult;
  currentVersion: number;
  /** Whether the run belongs to a network (reference feeds store only token prices). */
  hasNetwork: boolean;
  /** For a run sharing another run's points: that run as it will be once rebuilt. */
  ownerAfter: OwnerAfter | null;
}

/** A run that owns its points, as it will be once rebuilt: what a run sharing them is compared with. */
export interface OwnerAfter {
  outcome: RunOutcome;
  /** `pointSetDigest` of its points without the rate's time (see `CompareOptions`). */
  sharedPointsDigest: string;
}

export interface RunReview {
  diff: PointDiff;
  flip: { from: RunOutcome; to: RunOutcome } | null;
  outcome: RunOutcome;
  error: string | null;
  adapterVersion: number;
  figuresSha256: string | null;
  rejections: RecordRejection[] | null;
  /** The points the run should show. */
  points: RunPoints;
  /** Their digest as runs sharing them compare it (see `OwnerAfter`). */
  sharedPointsDigest: string;
  /**
   * `points`: replace the run's own points and stop sharing; `metadata`: update the run row
   * only (outcome, error, adapter version, figures digest); `none`: already in line.
   */
  write: 'none' | 'metadata' | 'points';
}

/**
 * Pure: compares one run as stored with its re-parse and decides what to write.
 *
 * A run that shares an earlier run's points keeps sharing them when that run, once rebuilt,
 * shows exactly the points this run's new parse gives (the usual case: both parsed alike);
 * otherwise it gets its own points. So a fix applied to a year of unchanged scrapes does not
 * copy the same points into every run.
 */
export function reviewRun(input: RunReviewInput): RunReview {
  const { stored, reparsed } = input;
  const outcome: RunOutcome = reparsed.ok ? 'ok' : 'failed';
  const storedOutcome: RunOutcome = stored.outcome === 'ok' ? 'ok' : 'failed';
  const points = reparsed.ok ? pointsFromFigures(reparsed.value, input.hasNetwork) : NO_POINTS;
  const sharedPointsDigest = pointSetDigest(points, { withRateTime: false });
  const sharing = stored.pointsFromRunId !== null;
  const diff = diffPoints(input.storedPoints, points, { withRateTime: !sharing });
  const error = reparsed.ok ? null : reparsed.error;
  const figuresSha256 = reparsed.ok ? figuresDigest(reparsed.value) : null;
  const rejections = reparsed.ok && reparsed.value.rejected?.length ? reparsed.value.rejected : null;

  let write: RunReview['write'] = 'none';
  if (sharing) {
    const keepsSharing =
      outcome === 'ok' && input.ownerAfter?.outcome === 'ok' && input.ownerAfter.sharedPointsDigest === sharedPointsDigest;
    if (!keepsSharing) write = 'points';
  } else if (diff.added + diff.changed + diff.removed > 0) {
    write = 'points';
  }
  if (
    write === 'none' &&
    (storedOutcome !== outcome ||
      stored.error !== error ||
      stored.adapterVersion !== input.currentVersion ||
      stored.figuresSha256 !== figuresSha256 ||
      rejectionsKey(stored.rejections) !== rejectionsKey(rejections))
  ) {
    write = 'metadata';
  }
  return {
    diff,
    flip: storedOutcome !== outcome ? { from: storedOutcome, to: outcome } : null,
    outcome,
    error,
    adapterVersion: input.currentVersion,
    figuresSha256,
    rejections,
    points,
    sharedPointsDigest,
    write,
  };
}

// ───────────────────────────── plan and apply ─────────────────────────────

export interface RunFlip {
  runId: number;
  observedAt: Date;
  from: RunOutcome;
  to: RunOutcome;
  /** The new error when the run now fails. */
  error: string | null;
}

export interface SourceRebuild {
  sourceId: string;
  /** Runs re-parsed (ok and failed runs that kept their bytes). */
  runsExamined: number;
  /** Failed runs one of whose requests failed (an HTTP error status, or no response): no complete payload to parse. */
  fetchFailuresSkipped: number;
  /**
   * Failed history imports (one run standing for a whole unreadable payload) whose payload now
   * parses: the rebuild leaves them as they are, since their dated observations are new runs
   * for `npm run backfill` to import, not a re-parse of this one.
   */
  historyImportsNowReadable: number;
  added: number;
  changed: number;
  removed: number;
  flips: RunFlip[];
  /** Runs whose row or points would be (or were) written. */
  runsToWrite: number;
  /** Adapter versions stored on the runs examined, ascending. */
  storedAdapterVersions: number[];
  currentAdapterVersion: number;
}

export interface RebuildPlan {
  sources: SourceRebuild[];
  /** Sources with stored snapshots but no adapter among the targets: not re-parsed. */
  skipped: { sourceId: string; runs: number }[];
}

export interface RebuildResult {
  /**
   * What was written, per source that had anything to write. Its point counts compare each run
   * with the database as it stood when the run was written, so a run sharing points that an
   * earlier batch already rewrote can count less than the plan did.
   */
  sources: SourceRebuild[];
  /** Sources whose rollups were recomputed because their figures changed. */
  rollupsRecomputed: string[];
}

export function hasChanges(source: SourceRebuild): boolean {
  return source.runsToWrite > 0;
}

/** Whether a source's figures (points or outcomes) change, so its rollups must be recomputed. */
function figuresChange(source: SourceRebuild): boolean {
  return source.added + source.changed + source.removed + source.flips.length > 0;
}

/** Reports what a rebuild with these adapters would change. Writes nothing. */
export async function planRebuild(db: Database, targets: readonly RebuildTarget[]): Promise<RebuildPlan> {
  const { matched, skipped } = await storedSources(db, targets);
  const sources: SourceRebuild[] = [];
  for (const target of matched) sources.push(await reviewSource(db, target, null));
  return { sources, skipped };
}

/**
 * Writes what a plan found: per run, its points and row in one transaction; then the rollups
 * of every source whose figures changed, recomputed from scratch. Each source is reviewed
 * again as it is applied (the database may have moved since the plan), token-price feeds
 * first; when a feed's prices change, every other source is reviewed too, since its
 * conversions read those prices. Applying twice writes nothing the second time.
 */
export async function applyRebuild(db: Database, targets: readonly RebuildTarget[], plan: RebuildPlan): Promise<RebuildResult> {
  const flagged = new Set(plan.sources.filter(hasChanges).map((s) => s.sourceId));
  const { matched } = await storedSources(db, targets);
  const ordered = [...matched.filter((t) => t.network === null), ...matched.filter((t) => t.network !== null)];
  const result: RebuildResult = { sources: [], rollupsRecomputed: [] };
  let tokenPricesChanged = false;
  for (const target of ordered) {
    if (!flagged.has(target.id) && !tokenPricesChanged) continue;
    const applied = await reviewSource(db, target, (run, review) => writeRun(db, run, review));
    if (!hasChanges(applied)) continue;
    result.sources.push(applied);
    // Deleted points cannot move a first or last sighting back: the source's rows, from its points.
    await recomputeUnknownGpuNames(db, target.id);
    if (!figuresChange(applied)) continue;
    if (target.network === null) {
      // A token-price feed has no rollups of its own; its prices feed the other sources' conversions.
      tokenPricesChanged = true;
    } else {
      await recomputeRollups(db, target.id);
      result.rollupsRecomputed.push(target.id);
    }
  }
  return result;
}

/** Sources that have runs with stored bytes, split into those with an adapter (in target order) and those without. */
async function storedSources(db: Database, targets: readonly RebuildTarget[]) {
  const stored = await db
    .select({ sourceId: scrapeRuns.sourceId, runs: count() })
    .from(scrapeRuns)
    .where(isNotNull(scrapeRuns.snapshotSha256))
    .groupBy(scrapeRuns.sourceId)
    .orderBy(asc(scrapeRuns.sourceId));
  const storedIds = new Set(stored.map((s) => s.sourceId));
  const targetIds = new Set<string>();
  const matched: RebuildTarget[] = [];
  for (const target of targets) {
    if (targetIds.has(target.id)) continue;
    targetIds.add(target.id);
    if (storedIds.has(target.id)) matched.push(target);
  }
  const skipped = stored.filter((s) => !targetIds.has(s.sourceId)).map((s) => ({ sourceId: s.sourceId, runs: s.runs }));
  return { matched, skipped };
}

const RUNS_PER_BATCH = 200;
/** Decoded snapshots kept while a source's runs are re-read: enough for each request position's previous one. */
const SNAPSHOT_CACHE_SIZE = 16;

interface StoredRunRow extends StoredRun {
  id: number;
  sourceId: string;
  networkSlug: string | null;
  observedAt: Date;
  httpStatus: number | null;
  snapshotSha256: string | null;
}

type RunWriter = (run: StoredRunRow, review: RunReview) => Promise<void>;

/**
 * Re-parses every run of one source that kept its bytes, in observed order, and tallies the
 * differences; with a writer, writes each run that needs it as it goes. Runs are read in
 * batches, and only the point digest of each run is remembered, so a source's whole history
 * is never held in memory.
 */
async function reviewSource(db: Database, target: RebuildTarget, write: RunWriter | null): Promise<SourceRebuild> {
  const tally: SourceRebuild = {
    sourceId: target.id,
    runsExamined: 0,
    fetchFailuresSkipped: 0,
    historyImportsNowReadable: 0,
    added: 0,
    changed: 0,
    removed: 0,
    flips: [],
    runsToWrite: 0,
    storedAdapterVersions: [],
    currentAdapterVersion: target.version,
  };
  const versions = new Set<number>();
  // Runs are read in stream order, so each read decodes one delta on top of the last one.
  const snapshots = new SnapshotReader(db, SNAPSHOT_CACHE_SIZE);
  // Each run that owns its points, as it is once rebuilt: what a run sharing them is compared with.
  const ownersAfter = new Map<number, OwnerAfter>();

  let after: Date | null = null;
  for (;;) {
    const batch: StoredRunRow[] = await db
      .select({
        id: scrapeRuns.id,
        sourceId: scrapeRuns.sourceId,
        networkSlug: scrapeRuns.networkSlug,
        observedAt: scrapeRuns.observedAt,
        httpStatus: scrapeRuns.httpStatus,
        outcome: scrapeRuns.outcome,
        error: scrapeRuns.error,
        adapterVersion: scrapeRuns.adapterVersion,
        snapshotSha256: scrapeRuns.snapshotSha256,
        figuresSha256: scrapeRuns.figuresSha256,
        rejections: scrapeRuns.rejections,
        pointsFromRunId: scrapeRuns.pointsFromRunId,
      })
      .from(scrapeRuns)
      .where(
        and(
          eq(scrapeRuns.sourceId, target.id),
          isNotNull(scrapeRuns.snapshotSha256),
          // observed_at is unique per source, so it pages the runs on its own.
          after ? gt(scrapeRuns.observedAt, after) : undefined,
        ),
      )
      .orderBy(asc(scrapeRuns.observedAt))
      .limit(RUNS_PER_BATCH);
    const last = batch.at(-1);
    if (!last) break;
    after = last.observedAt;

    const storedPoints = await loadRunPoints(db, [...new Set(batch.map((run) => run.pointsFromRunId ?? run.id))]);
    const requestsByRun = await loadRunRequests(db, batch);
    for (const run of batch) {
      const requests = requestsByRun.get(run.id) ?? [];
      if (isFetchFailure(run, requests)) {
        tally.fetchFailuresSkipped += 1;
        continue;
      }
      const bodies: Uint8Array[] = [];
      for (const request of requests) if (request.snapshotSha256) bodies.push(await snapshotBytes(snapshots, request.snapshotSha256));
      if (bodies.length === 0) continue;
      const rates = await loadTokenRates(db, run.observedAt);
      const context: ParseContext = { observedAt: run.observedAt, tokenUsdRate: (symbol) => rates.get(symbol.toUpperCase()) };
      const { reparsed, undatedHistory } = reparse(target, bodies, context);
      if (undatedHistory && run.outcome !== 'ok') {
        tally.historyImportsNowReadable += 1;
        continue;
      }
      const ownerId = run.pointsFromRunId;
      const review = reviewRun({
        stored: run,
        storedPoints: storedPoints.get(ownerId ?? run.id) ?? NO_POINTS,
        reparsed,
        currentVersion: target.version,
        hasNetwork: run.networkSlug !== null,
        ownerAfter: ownerId === null ? null : (ownersAfter.get(ownerId) ?? (await ownerAsStored(db, ownerId))),
      });
      if (ownerId === null) {
        ownersAfter.set(run.id, { outcome: review.outcome, sharedPointsDigest: review.sharedPointsDigest });
      }

      tally.runsExamined += 1;
      versions.add(run.adapterVersion);
      tally.added += review.diff.added;
      tally.changed += review.diff.changed;
      tally.removed += review.diff.removed;
      if (review.flip) tally.flips.push({ runId: run.id, observedAt: run.observedAt, ...review.flip, error: review.error });
      if (review.write !== 'none') {
        tally.runsToWrite += 1;
        if (write) await write(run, review);
      }
    }
  }
  tally.storedAdapterVersions = [...versions].sort((a, b) => a - b);
  return tally;
}

/** One request of a run as stored (run_snapshots), in order. */
interface StoredRequest {
  snapshotSha256: string | null;
  httpStatus: number | null;
}

/**
 * The requests of each run, in order. A run stored before run_snapshots existed and not
 * carried over has none there: its one request is the run row itself.
 */
async function loadRunRequests(db: Database, batch: readonly StoredRunRow[]): Promise<Map<number, StoredRequest[]>> {
  const byRun = new Map<number, StoredRequest[]>();
  if (batch.length === 0) return byRun;
  const rows = await db
    .select({ runId: runSnapshots.scrapeRunId, snapshotSha256: runSnapshots.snapshotSha256, httpStatus: runSnapshots.httpStatus })
    .from(runSnapshots)
    .where(inArray(runSnapshots.scrapeRunId, batch.map((run) => run.id)))
    .orderBy(asc(runSnapshots.scrapeRunId), asc(runSnapshots.seq));
  for (const row of rows) {
    const list = byRun.get(row.runId) ?? [];
    list.push({ snapshotSha256: row.snapshotSha256, httpStatus: row.httpStatus });
    byRun.set(row.runId, list);
  }
  for (const run of batch) {
    if (!byRun.has(run.id)) byRun.set(run.id, [{ snapshotSha256: run.snapshotSha256, httpStatus: run.httpStatus }]);
  }
  return byRun;
}

/**
 * A failed run one of whose requests failed (an HTTP error status, or no response): the fetch
 * failed, whatever the bytes say, so there is no complete read to parse again.
 */
function isFetchFailure(run: StoredRunRow, requests: readonly StoredRequest[]): boolean {
  if (run.outcome === 'ok') return false;
  return requests.some((r, seq) => (r.httpStatus === null ? seq > 0 : r.httpStatus < 200 || r.httpStatus >= 300));
}

/**
 * Today's adapter on stored bytes. A history source's observation is the one dated at the
 * run's time; `undatedHistory` says the payload parsed but has none at that time.
 */
function reparse(
  target: RebuildTarget,
  bodies: readonly Uint8Array[],
  context: ParseContext,
): { reparsed: ParseResult; undatedHistory: boolean } {
  const [bytes] = bodies;
  if (!bytes) return { reparsed: { ok: false, error: 'no response to parse' }, undatedHistory: false };
  try {
    if ('parseHistory' in target) {
      const history = target.parseHistory(bytes, context);
      if (!history.ok) return { reparsed: history, undatedHistory: false };
      const at = context.observedAt.getTime();
      const dated = history.value.find((d) => d.observedAt.getTime() === at);
      if (dated) return { reparsed: admitFigures({ ok: true, value: dated.snapshot }), undatedHistory: false };
      const error = `no observation dated ${context.observedAt.toISOString()} in the payload`;
      return { reparsed: { ok: false, error }, undatedHistory: true };
    }
    // Every response of the run, in order, read as at ingest (an incomplete read fails again).
    return { reparsed: admitFigures(readResponses(target, bodies, context)), undatedHistory: false };
  } catch (error) {
    // parse() must never throw; when one does, the run fails as it would have at ingest.
    const reparsed: ParseResult = { ok: false, error: `parser crashed: ${error instanceof Error ? error.message : String(error)}` };
    return { reparsed, undatedHistory: false };
  }
}

async function snapshotBytes(reader: SnapshotReader, sha256: string): Promise<Uint8Array> {
  const bytes = await reader.read(sha256);
  if (!bytes) throw new Error(`snapshot ${sha256} is referenced by a run but not stored`);
  return bytes;
}

/** A shared-points owner that was not reviewed in this pass (should not happen: owners come first), as stored. */
async function ownerAsStored(db: Database, ownerId: number): Promise<OwnerAfter | null> {
  const [owner] = await db.select({ outcome: scrapeRuns.outcome }).from(scrapeRuns).where(eq(scrapeRuns.id, ownerId));
  if (!owner) return null;
  const points = (await loadRunPoints(db, [ownerId])).get(ownerId) ?? NO_POINTS;
  return { outcome: owner.outcome === 'ok' ? 'ok' : 'failed', sharedPointsDigest: pointSetDigest(points, { withRateTime: false }) };
}


const ROWS_PER_INSERT = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) out.push(items.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** Writes one reviewed run: its row alone, or its points and row in one transaction. */
async function writeRun(db: Database, run: StoredRunRow, review: RunReview): Promise<void> {
  const row = {
    outcome: review.outcome,
    error: review.error,
    adapterVersion: review.adapterVersion,
    figuresSha256: review.figuresSha256,
    rejections: review.rejections,
  };
  if (review.write === 'metadata') {
    await db.update(scrapeRuns).set(row).where(eq(scrapeRuns.id, run.id));
    return;
  }
  if (review.write !== 'points') return;
  await db.transaction(async (tx) => {
    await deletePointPacks(tx, run.id);
    await tx.delete(tokenPrices).where(eq(tokenPrices.scrapeRunId, run.id));
    const { points } = review;
    const common = { scrapeRunId: run.id, sourceId: run.sourceId, observedAt: run.observedAt };
    const networkSlug = run.networkSlug ?? '';
    const packed = await writePointPacks(tx, { runId: run.id, sourceId: run.sourceId, networkSlug, observedAt: run.observedAt }, points.supply, points.prices);
    // A conflict here would mean another run of the source holds this instant: fail loudly.
    if (packed.supply !== new Set(points.supply.map((p) => `${p.gpuModel}|${p.status}|${p.unit}`)).size) {
      throw new Error(`run ${run.id}: its supply points could not be written (another run of ${run.sourceId} holds ${run.observedAt.toISOString()})`);
    }
    if (packed.prices !== new Set(points.prices.map((p) => `${p.gpuModel}|${p.statistic}`)).size) {
      throw new Error(`run ${run.id}: its price points could not be written (another run of ${run.sourceId} holds ${run.observedAt.toISOString()})`);
    }
    await recordGpuModels(tx, [...points.supply, ...points.prices].map((p) => p.gpuModel), run.observedAt);
    for (const part of chunks(points.tokens)) {
      await tx.insert(tokenPrices).values(part.map((t) => ({ ...common, ...t })));
    }
    const pointsWritten = points.supply.length + points.prices.length + points.tokens.length;
    await tx.update(scrapeRuns).set({ ...row, pointsFromRunId: null, pointsWritten }).where(eq(scrapeRuns.id, run.id));
  });
}
