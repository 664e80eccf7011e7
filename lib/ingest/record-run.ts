/**
 * Stores one scrape run in one transaction: the raw snapshot of each of its requests (once per
 * sha256, linked to the run in order), the run with its outcome and reason, its points, and
 * the rollups they feed. A failed run keeps its bytes and reason and writes no points, so
 * charts show a gap. A run already stored for the same
 * source and observation time is a no-op, so retries and replays are safe.
 */
import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { gpuModels, runSnapshots, scrapeRuns, tokenPrices } from '@/db/schema';
import { writePointPacks } from '@/db/point-packs';
import type { ParsedSnapshot, ParseResult } from '../sources/types';
import { admitFigures } from './plausibility';
import { applyRollups, rollupSamples } from './rollups';
import { insertSnapshot, packSnapshot, rememberStored, snapshotExists, type PackedSnapshot } from '@/db/snapshot-store';
import { sha256Hex } from './snapshot-bytes';
import type { RunOrigin, ScrapeTarget } from './target';

export interface FetchedSnapshot {
  requestUrl: string;
  startedAt: Date;
  durationMs: number;
  /** Null when no HTTP response came back (timeout, refused connection). */
  httpStatus: number | null;
  bytes: Uint8Array | null;
  contentType: string | null;
  /** Why the fetch failed, when it did (HTTP error status, timeout, network error). */
  fetchError: string | null;
  /** YYYY-MM-DD when the bytes came from a recorded payload rather than the live API. */
  recordedPayloadDate?: string | null;
}

export interface RunToRecord {
  source: ScrapeTarget;
  observedAt: Date;
  origin: RunOrigin;
  fetched: FetchedSnapshot;
  /**
   * Every request of a run read in several (pages, slices), in order, the first being the one
   * `fetched` describes; each response is stored and linked to the run (run_snapshots).
   * Absent: the run made the one request `fetched`.
   */
  responses?: readonly FetchedSnapshot[];
  /** The parse result; ignored when the fetch itself failed. */
  parsed: ParseResult | null;
}

export type RecordedRun =
  | { outcome: 'ok'; runId: number; pointsWritten: number; sha256: string; identicalToRunId: number | null; parsed: ParsedSnapshot }
  | { outcome: 'failed'; runId: number; error: string; sha256: string | null }
  | { outcome: 'duplicate'; sha256: string | null };

export async function recordRun(db: Database, run: RunToRecord): Promise<RecordedRun> {
  const { source, fetched, observedAt } = run;
  const sha256 = fetched.bytes ? sha256Hex(fetched.bytes) : null;
  // Implausible figures never reach points or rollups; they are counted on the run instead.
  const screened = run.parsed ? admitFigures(run.parsed) : null;
  const error = fetched.fetchError ?? (screened && !screened.ok ? screened.error : null) ?? (screened ? null : 'not parsed');
  const parsed = !error && screened?.ok ? screened.value : null;

  const responses = run.responses?.length ? run.responses : [fetched];

  // Compressed before the transaction (on the thread pool, against each request's previous
  // snapshot of this source), so the transaction holds no compression; bytes already stored
  // (the same payload again) are not compressed at all.
  const compressed: { response: FetchedSnapshot; packed: PackedSnapshot | null }[] = [];
  for (const [seq, response] of responses.entries()) {
    const bytes = response.bytes;
    const stored = bytes ? await snapshotExists(db, sha256Hex(bytes)) : true;
    compressed.push({ response, packed: bytes && !stored ? await packSnapshot(db, bytes, { sourceId: source.id, requestSeq: seq }) : null });
  }

  const recorded = await db.transaction(async (tx): Promise<RecordedRun> => {
    const linked = await storeSnapshots(tx, compressed, source.id);

    // Figures identical to the previous successful run (same payload, or a payload whose only
    // change is a timestamp) are not written again: the run points at the earlier points.
    // Backfill runs share one snapshot across many dates, so they are never compared.
    let identicalToRunId: number | null = null;
    const figuresSha256 = parsed ? figuresDigest(parsed) : null;
    // Token rates are written every time: a conversion must cite the rate as of its own pass.
    if (parsed && run.origin !== 'backfill' && run.origin !== 'claim' && !parsed.tokenPrices?.length) {
      const [previous] = await tx
        .select({
          id: scrapeRuns.id,
          figuresSha256: scrapeRuns.figuresSha256,
          pointsFromRunId: scrapeRuns.pointsFromRunId,
          adapterVersion: scrapeRuns.adapterVersion,
        })
        .from(scrapeRuns)
        .where(and(eq(scrapeRuns.sourceId, source.id), eq(scrapeRuns.outcome, 'ok'), lt(scrapeRuns.observedAt, observedAt)))
        .orderBy(desc(scrapeRuns.observedAt))
        .limit(1);
      if (previous && previous.figuresSha256 === figuresSha256 && previous.adapterVersion === source.version) {
        identicalToRunId = previous.pointsFromRunId ?? previous.id;
      }
    }

    const [inserted] = await tx
      .insert(scrapeRuns)
      .values({
        sourceId: source.id,
        networkSlug: source.network,
        observedAt,
        startedAt: fetched.startedAt,
        durationMs: Math.round(fetched.durationMs),
        requestUrl: fetched.requestUrl,
        httpStatus: fetched.httpStatus,
        outcome: parsed ? 'ok' : 'failed',
        error: parsed ? null : error,
        adapterVersion: source.version,
        evidenceGrade: source.evidenceGrade,
        snapshotSha256: sha256,
        figuresSha256,
        pointsFromRunId: identicalToRunId,
        origin: run.origin,
        recordedPayloadDate: fetched.recordedPayloadDate ?? null,
        rejections: parsed?.rejected?.length ? parsed.rejected : null,
      })
      .onConflictDoNothing()
      .returning({ id: scrapeRuns.id });
    if (!inserted) return { outcome: 'duplicate', sha256 };
    const runId = inserted.id;
    await tx.insert(runSnapshots).values(linked.map((link, seq) => ({ scrapeRunId: runId, seq, ...link })));

    if (!parsed) return { outcome: 'failed', runId, error: error ?? 'unknown error', sha256 };

    let pointsWritten = 0;
    if (identicalToRunId === null) {
      pointsWritten = await writePoints(tx, { runId, source, observedAt }, parsed);
      await tx.update(scrapeRuns).set({ pointsWritten }).where(eq(scrapeRuns.id, runId));
    }
    if (source.network) {
      await applyRollups(tx, { id: runId, sourceId: source.id, networkSlug: source.network, observedAt }, rollupSamples(parsed));
    }
    return { outcome: 'ok', runId, pointsWritten, sha256: sha256 ?? '', identicalToRunId, parsed };
  });
  // Committed: the next run of each stream compresses against these bytes without decoding them.
  for (const [seq, { response }] of compressed.entries()) {
    if (response.bytes) rememberStored({ sourceId: source.id, requestSeq: seq }, { sha256: sha256Hex(response.bytes), bytes: response.bytes });
  }
  return recorded;
}

type Tx = Pick<Database, 'insert' | 'update' | 'execute'>;

/** Stores each response's bytes (compressed already) once per sha256; returns each request's link row, in order. */
async function storeSnapshots(tx: Tx, responses: readonly { response: FetchedSnapshot; packed: PackedSnapshot | null }[], sourceId: string) {
  const links: { snapshotSha256: string | null; requestUrl: string; httpStatus: number | null }[] = [];
  for (const [seq, { response, packed }] of responses.entries()) {
    const sha256 = response.bytes ? sha256Hex(response.bytes) : null;
    if (response.bytes && sha256 && packed) {
      const snapshot = { sha256, bytes: response.bytes, contentType: response.contentType, firstFetchedAt: response.startedAt, stream: { sourceId, requestSeq: seq } };
      await insertSnapshot(tx, snapshot, packed);
    }
    links.push({ snapshotSha256: sha256, requestUrl: response.requestUrl, httpStatus: response.httpStatus });
  }
  return links;
}

/** Canonical digest of parsed figures: order-independent, so a reordered payload is "unchanged". */
export function figuresDigest(parsed: ParsedSnapshot): string {
  const lines = [
    ...parsed.supply.map((p) => `s|${p.gpuModel}|${p.status}|${p.unit}|${p.quantity}`),
    ...parsed.prices.map((p) => `p|${p.gpuModel}|${p.statistic}|${p.usdPerGpuHour}|${p.listings}|${p.token?.symbol ?? ''}|${p.token?.usdRate ?? ''}`),
    ...(parsed.tokenPrices ?? []).map((t) => `t|${t.symbol}|${t.usd}`),
  ].sort();
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

/** Adds the models these points name to gpu_models (a model already there keeps its first time). */
export async function recordGpuModels(tx: Tx, models: readonly string[], observedAt: Date): Promise<void> {
  // Sorted: the sources of one pass commit in parallel, and on PostgreSQL two transactions
  // inserting the same new models in different orders wait on each other's rows and deadlock
  // (a run then fails "could not store"). One order for every transaction means no cycle.
  const ids = [...new Set(models)].sort();
  if (ids.length === 0) return;
  await tx.insert(gpuModels).values(ids.map((id) => ({ id, firstObservedAt: observedAt }))).onConflictDoNothing();
  // The earliest observation wins whatever the order runs are written in (a rebuild writes
  // source by source, ingest pass by pass), so a restored and rebuilt database agrees. A
  // separate update rather than ON CONFLICT DO UPDATE: that locks every known model's row
  // until commit, and parallel runs of one pass on PostgreSQL would deadlock on them. This
  // touches a row only for an earlier observation (history loaded after later scrapes).
  await tx
    .update(gpuModels)
    .set({ firstObservedAt: observedAt })
    .where(and(inArray(gpuModels.id, ids), gt(gpuModels.firstObservedAt, observedAt)));
}

async function writePoints(
  tx: Tx,
  run: { runId: number; source: ScrapeTarget; observedAt: Date },
  parsed: ParsedSnapshot,
): Promise<number> {
  const { runId, source, observedAt } = run;
  let written = 0;
  if (source.network) {
    const packed = await writePointPacks(
      tx,
      { runId, sourceId: source.id, networkSlug: source.network, observedAt },
      parsed.supply,
      parsed.prices.map((p) => ({
        gpuModel: p.gpuModel,
        statistic: p.statistic,
        usdPerGpuHour: p.usdPerGpuHour,
        listings: p.listings,
        tokenSymbol: p.token?.symbol ?? null,
        tokenUsdRate: p.token?.usdRate ?? null,
        tokenRateAt: p.token?.rateAt ?? null,
      })),
    );
    written += packed.supply + packed.prices;
  }
  if (source.network) await recordGpuModels(tx, [...parsed.supply, ...parsed.prices].map((p) => p.gpuModel), observedAt);
  if (parsed.tokenPrices && parsed.tokenPrices.length > 0) {
    const rows = await tx
      .insert(tokenPrices)
      .values(parsed.tokenPrices.map((t) => ({ scrapeRunId: runId, sourceId: source.id, symbol: t.symbol, observedAt, usd: t.usd })))
      .onConflictDoNothing()
      .returning({ symbol: tokenPrices.symbol });
    written += rows.length;
  }
  return written;
}
