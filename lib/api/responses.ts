/**
 * The JSON bodies of /api/v1, built by one function each. Route handlers send them, and pages
 * put the very same objects into the TanStack Query cache when they prefetch, so the server's
 * first screen and the browser's later fetches cannot drift.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { RecordRejection } from '../sources/types';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { rawSnapshots, runSnapshots, scrapeRuns, sources } from '@/db/schema';
import { findNetwork, NETWORKS } from '../networks';
import { readNetworkSummaries, type NetworkSummary } from '../queries/network-summary';
import { readSeries, type Series } from '../queries/series';
import { previousWindow, type TimeWindow, type ViewState } from '../view-state';
import { readWindow } from '../queries/window';
import { ALL_MODELS, SUPPLY_STATUSES, type RollupMetric, type SupplyStatus } from '../vocabulary';
import { NotFoundError, requireKnownModel } from './errors';
import { currentTime } from '../clock';

export interface SourceInfo {
  id: string;
  networkSlug: string | null;
  name: string;
  evidenceGrade: string;
  endpoint: string;
}

export interface WindowInfo {
  from: string;
  to: string;
  resolution: TimeWindow['resolution'];
  /** Set when the window was clipped to the first observation held (ISO 8601 UTC). */
  trackingBegan?: string;
}

const windowInfo = (w: TimeWindow): WindowInfo => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
  resolution: w.resolution,
  ...(w.trackingBegan ? { trackingBegan: w.trackingBegan.toISOString() } : {}),
});

async function sourceInfo(db: Database, ids: readonly string[]): Promise<SourceInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(sources).where(inArray(sources.id, [...ids]));
  return rows
    .map((s) => ({ id: s.id, networkSlug: s.networkSlug, name: s.name, evidenceGrade: s.evidenceGrade, endpoint: s.endpoint }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A well-formed slug; whether the network exists is a 404, not a 400. */
export const networkSlugSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, `must be a network slug such as ${NETWORKS.map((n) => n.slug).slice(0, 3).join(', ')}`);

export const statusListSchema = z
  .string()
  .default(SUPPLY_STATUSES.join(','))
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(SUPPLY_STATUSES, { message: 'must be a comma-separated list of claimed, free, rentable' })).min(1));

// ---------------------------------------------------------------- supply

export interface SupplyResponse {
  network: string;
  model: string;
  window: WindowInfo;
  sources: SourceInfo[];
  series: Series[];
  /** The same series over the previous period, when the view asks to compare. */
  previous: Series[] | null;
}

export async function supplyResponse(
  db: Database,
  query: { network: string; statuses: readonly SupplyStatus[]; view: ViewState; now: Date },
): Promise<SupplyResponse> {
  if (!findNetwork(query.network)) throw new NotFoundError(`no network ${query.network}`);
  await requireKnownModel(db, query.view.model);
  const window = await readWindow(db, query.view, query.now);
  const read = (w: TimeWindow) =>
    readSeries(db, { networkSlug: query.network, gpuModel: query.view.model, metrics: query.statuses, from: w.from, to: w.to, resolution: w.resolution });
  const [series, previous] = await Promise.all([read(window), query.view.compare === '1' ? read(previousWindow(window)) : null]);
  return {
    network: query.network,
    model: query.view.model,
    window: windowInfo(window),
    sources: await sourceInfo(db, [...new Set(series.map((s) => s.sourceId))]),
    series,
    previous,
  };
}

// ---------------------------------------------------------------- supply of one model, every network

export interface ModelSupplyResponse {
  model: string;
  window: WindowInfo;
  sources: SourceInfo[];
  /** One series per source and status that reports the model, from every network. */
  series: Series[];
  previous: Series[] | null;
}

/** supplyResponse across networks: what each network's sources say of one GPU model. */
export async function modelSupplyResponse(
  db: Database,
  query: { statuses: readonly SupplyStatus[]; view: ViewState; now: Date },
): Promise<ModelSupplyResponse> {
  await requireKnownModel(db, query.view.model);
  const window = await readWindow(db, query.view, query.now);
  const read = (w: TimeWindow) =>
    readSeries(db, { gpuModel: query.view.model, metrics: query.statuses, from: w.from, to: w.to, resolution: w.resolution });
  const [series, previous] = await Promise.all([read(window), query.view.compare === '1' ? read(previousWindow(window)) : null]);
  return {
    model: query.view.model,
    window: windowInfo(window),
    sources: await sourceInfo(db, [...new Set(series.map((s) => s.sourceId))]),
    series,
    previous,
  };
}

// ---------------------------------------------------------------- prices

export interface PricesResponse {
  model: string;
  window: WindowInfo;
  sources: SourceInfo[];
  /** price_min and price_median per source, AWS reference included (network `aws`). */
  series: Series[];
  previous: Series[] | null;
}

export async function pricesResponse(
  db: Database,
  query: { network?: string; view: ViewState; now: Date },
): Promise<PricesResponse> {
  if (query.network && !findNetwork(query.network)) throw new NotFoundError(`no network ${query.network}`);
  await requireKnownModel(db, query.view.model);
  const window = await readWindow(db, query.view, query.now);
  const metrics: RollupMetric[] = ['price_min', 'price_median'];
  const read = async (w: TimeWindow) => {
    const base = { gpuModel: query.view.model, metrics, from: w.from, to: w.to, resolution: w.resolution };
    const own = await readSeries(db, { ...base, networkSlug: query.network });
    // The AWS line for the same model always comes along: it is what every price is judged by.
    if (!query.network || query.network === 'aws') return own;
    return [...own, ...(await readSeries(db, { ...base, networkSlug: 'aws' }))];
  };
  const [series, previous] = await Promise.all([read(window), query.view.compare === '1' ? read(previousWindow(window)) : null]);
  return {
    model: query.view.model,
    window: windowInfo(window),
    sources: await sourceInfo(db, [...new Set(series.map((s) => s.sourceId))]),
    series,
    previous,
  };
}

// ---------------------------------------------------------------- networks

export interface NetworksResponse {
  networks: NetworkSummary[];
}

export async function networksResponse(db: Database, now = currentTime()): Promise<NetworksResponse> {
  return { networks: await readNetworkSummaries(db, now) };
}

// ---------------------------------------------------------------- provenance

export interface RunProvenance {
  run: {
    id: number;
    sourceId: string;
    networkSlug: string | null;
    observedAt: string;
    startedAt: string;
    durationMs: number;
    requestUrl: string;
    httpStatus: number | null;
    outcome: string;
    error: string | null;
    adapterVersion: number;
    evidenceGrade: string;
    origin: string;
    pointsWritten: number;
    /** When figures were unchanged, the earlier run whose points stand for this one. */
    pointsFromRunId: number | null;
    recordedPayloadDate: string | null;
    /** What the run left out, per reason (records unreadable, figures implausible). */
    rejections: RecordRejection[];
  };
  source: SourceInfo | null;
  /** The raw snapshot of the run's first request (the only one for most sources). */
  snapshot: { sha256: string; sizeBytes: number; contentType: string | null; firstFetchedAt: string; rawUrl: string } | null;
  /** Every request of the run, in order (pages, slices), each with its raw snapshot when bytes came back. */
  requests: RunRequest[];
}

export interface RunRequest {
  /** 0 for the first request. */
  seq: number;
  requestUrl: string;
  httpStatus: number | null;
  snapshot: { sha256: string; sizeBytes: number; rawUrl: string } | null;
}

/** A run's requests in order; a run stored before they were listed stands as its one request. */
async function runRequests(
  db: Database,
  run: { id: number; requestUrl: string; httpStatus: number | null; snapshotSha256: string | null },
): Promise<RunRequest[]> {
  const rows = await db
    .select({
      seq: runSnapshots.seq,
      requestUrl: runSnapshots.requestUrl,
      httpStatus: runSnapshots.httpStatus,
      sha256: rawSnapshots.sha256,
      sizeBytes: rawSnapshots.sizeBytes,
    })
    .from(runSnapshots)
    .leftJoin(rawSnapshots, eq(rawSnapshots.sha256, runSnapshots.snapshotSha256))
    .where(eq(runSnapshots.scrapeRunId, run.id))
    .orderBy(asc(runSnapshots.seq));
  return rows.map((row) => ({
    seq: row.seq,
    requestUrl: row.requestUrl,
    httpStatus: row.httpStatus,
    snapshot:
      row.sha256 !== null && row.sizeBytes !== null
        ? { sha256: row.sha256, sizeBytes: row.sizeBytes, rawUrl: `/api/v1/snapshots/${row.sha256}` }
        : null,
  }));
}

export async function runProvenance(db: Database, runId: number): Promise<RunProvenance> {
  const [run] = await db.select().from(scrapeRuns).where(eq(scrapeRuns.id, runId));
  if (!run) throw new NotFoundError(`no scrape run ${runId}`);
  const requests = await runRequests(db, run);
  const [[source], [snapshot]] = await Promise.all([
    sourceInfo(db, [run.sourceId]).then((s) => [s[0]]),
    run.snapshotSha256
      ? db
          .select({
            sha256: rawSnapshots.sha256,
            sizeBytes: rawSnapshots.sizeBytes,
            contentType: rawSnapshots.contentType,
            firstFetchedAt: rawSnapshots.firstFetchedAt,
          })
          .from(rawSnapshots)
          .where(and(eq(rawSnapshots.sha256, run.snapshotSha256)))
      : Promise.resolve([]),
  ]);
  return {
    run: {
      id: run.id,
      sourceId: run.sourceId,
      networkSlug: run.networkSlug,
      observedAt: run.observedAt.toISOString(),
      startedAt: run.startedAt.toISOString(),
      durationMs: run.durationMs,
      requestUrl: run.requestUrl,
      httpStatus: run.httpStatus,
      outcome: run.outcome,
      error: run.error,
      adapterVersion: run.adapterVersion,
      evidenceGrade: run.evidenceGrade,
      origin: run.origin,
      pointsWritten: run.pointsWritten,
      pointsFromRunId: run.pointsFromRunId,
      recordedPayloadDate: run.recordedPayloadDate,
      rejections: run.rejections ?? [],
    },
    source: source ?? null,
    snapshot: snapshot
      ? { ...snapshot, firstFetchedAt: snapshot.firstFetchedAt.toISOString(), rawUrl: `/api/v1/snapshots/${snapshot.sha256}` }
      : null,
    requests,
  };
}

export { ALL_MODELS };
