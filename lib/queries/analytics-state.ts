/**
 * The analytics of the preset ranges (flags, reality league and series, dependability) as state
 * computed once per data version and shared through the database (db/schema.ts
 * `analytics_states`), so a request reads one row by primary key whatever the days stored.
 *
 * - The scraping process refreshes every preset right after a pass commits
 *   (`refreshAnalyticsStates`, the scheduler's afterPass): the flags of all six ranges from one
 *   read of the widest window (readNestedObservations), the rules run once for ranges that read
 *   the same runs.
 * - A reader (any replica, SCRAPE_ENABLED=false included) serves the row when it was computed
 *   from the current data version and is at most one scrape interval old. A row of the previous
 *   version, or an older one of this version, is served as it stands (its window says what
 *   instant it covers, so it never passes for fresher than it is) while this process refreshes
 *   it in the background, once, after giving the scraping process time to do it first. Only
 *   with no usable row at all (a new database, a long pause) does a request wait for the
 *   computation, and then only one request per process computes it (single flight).
 * - A report covers the range ending at its `asOf` minute: the window it states.
 * - Custom windows are not stored (they are unbounded in number): their flags read at most
 *   CUSTOM_MAX_RUNS_PER_SOURCE runs of each source (7 days of 10-minute runs), and the report's
 *   `capped` says when a window held more; their reality and dependability come from the
 *   rollups, at most MAX_BUCKETS_PER_SERIES buckets a series.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { readDataVersion, type DataVersion } from '@/db/data-version';
import { analyticsStates } from '@/db/schema';
import type { Thresholds } from '../analytics/thresholds';
import { currentTimeMs } from '../clock';
import { env } from '../env';
import { componentLogger } from '../log';
import { RANGE_PRESETS, viewStateSchema, type RangePreset, type TimeWindow, type ViewState } from '../view-state';
import type { ChartResolution } from '../vocabulary';
import {
  flaggedNetworks,
  flagsReportFor,
  flagsReportOf,
  readDependability,
  readFlags,
  readReality,
  type DependabilityRow,
  type FlagsMemo,
  type FlagsReport,
  type RealityReport,
} from './analytics';
import { CUSTOM_MAX_RUNS_PER_SOURCE, MAX_RUNS_PER_SOURCE, readNestedObservations } from './observations';

export { CUSTOM_MAX_RUNS_PER_SOURCE };
import { readWindow } from './window';

/** A usable row older than this (or of another epoch) is not served: the request computes afresh. */
const STALE_LIMIT_INTERVALS = 3;
/** How long a reader that served a stale row leaves the scraping process to refresh it before doing so itself. */
export const REVALIDATE_GRACE_MS = 30_000;

/** `reality` holds the league and series and the dependability of one window: a page shows them side by side. */
type StateName = 'flags' | 'reality';

export interface AnalyticsState<T> {
  /** The window the report covers: the range as of `asOf`. */
  window: TimeWindow;
  report: T;
  /** The instant (a whole minute) the range ends at. */
  asOf: Date;
  /** The data version it was computed from. */
  dataVersion: DataVersion;
  computedAt: Date;
}

interface WindowJson {
  from: string;
  to: string;
  resolution: ChartResolution;
  trackingBegan?: string;
}

const windowJson = (w: TimeWindow): WindowJson => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
  resolution: w.resolution,
  ...(w.trackingBegan ? { trackingBegan: w.trackingBegan.toISOString() } : {}),
});
const windowOf = (w: WindowJson): TimeWindow => ({
  from: new Date(w.from),
  to: new Date(w.to),
  resolution: w.resolution,
  ...(w.trackingBegan ? { trackingBegan: new Date(w.trackingBegan) } : {}),
});

/** Thresholds are part of the key: a replica configured otherwise never reads another's flags as its own. */
function thresholdsTag(thresholds: Thresholds): string {
  return createHash('sha256').update(JSON.stringify(thresholds)).digest('hex').slice(0, 12);
}

/** Flags do not depend on the resolution (they are read from runs); the derived views do. */
function paramsOf(name: StateName, range: RangePreset, resolution: ViewState['resolution'], thresholds: Thresholds): string {
  return `range=${range}${name === 'flags' ? '' : `;resolution=${resolution}`};thresholds=${thresholdsTag(thresholds)}`;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const presetView = (range: RangePreset, resolution: ViewState['resolution'] = 'auto'): ViewState => viewStateSchema.parse({ range, resolution });

// ------------------------------------------------------------------ storing

async function store<T>(db: Database, name: StateName, params: string, state: AnalyticsState<T>, computeMs: number): Promise<void> {
  const body = JSON.stringify({ window: windowJson(state.window), report: state.report });
  const row = {
    name,
    params,
    epoch: state.dataVersion.epoch,
    dataVersion: state.dataVersion.version,
    asOf: state.asOf,
    computedAt: state.computedAt,
    computeMs: Math.round(computeMs),
    body,
  };
  // Replicas may race: the row computed from the newer data (then the later instant) stays.
  await db
    .insert(analyticsStates)
    .values(row)
    .onConflictDoUpdate({
      target: [analyticsStates.name, analyticsStates.params],
      set: {
        epoch: sql`excluded.epoch`,
        dataVersion: sql`excluded.data_version`,
        asOf: sql`excluded.as_of`,
        computedAt: sql`excluded.computed_at`,
        computeMs: sql`excluded.compute_ms`,
        body: sql`excluded.body`,
      },
      setWhere: sql`${analyticsStates.epoch} <> excluded.epoch or ${analyticsStates.dataVersion} < excluded.data_version
        or (${analyticsStates.dataVersion} = excluded.data_version and ${analyticsStates.asOf} <= excluded.as_of)`,
    });
}

async function readStored<T>(db: Database, name: StateName, params: string): Promise<AnalyticsState<T> | null> {
  const [row] = await db
    .select()
    .from(analyticsStates)
    .where(and(eq(analyticsStates.name, name), eq(analyticsStates.params, params)));
  if (!row) return null;
  const parsed = JSON.parse(row.body) as { window: WindowJson; report: T };
  return {
    window: windowOf(parsed.window),
    report: parsed.report,
    asOf: new Date(row.asOf),
    dataVersion: { epoch: row.epoch, version: Number(row.dataVersion) },
    computedAt: new Date(row.computedAt),
  };
}

// ------------------------------------------------------------------ computing

/** In-flight computations of this process, by what they compute and from which version (on globalThis: Next.js bundles routes apart). */
const FLIGHTS = Symbol.for('rentable.analytics-state.flights');
function flights(): Map<string, Promise<unknown>> {
  const holder = globalThis as { [FLIGHTS]?: Map<string, Promise<unknown>> };
  holder[FLIGHTS] ??= new Map();
  return holder[FLIGHTS];
}

function singleFlight<T>(key: string, run: () => Promise<T>): Promise<T> {
  const running = flights().get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = run().finally(() => flights().delete(key));
  flights().set(key, started);
  return started;
}

const versionKey = (v: DataVersion) => `${v.epoch}.${v.version}`;

async function computeOne<T>(
  db: Database,
  name: StateName,
  params: string,
  version: DataVersion,
  asOf: Date,
  compute: (asOf: Date) => Promise<{ window: TimeWindow; report: T }>,
): Promise<AnalyticsState<T>> {
  const started = performance.now();
  const { window, report } = await compute(asOf);
  const state: AnalyticsState<T> = { window, report, asOf, dataVersion: version, computedAt: new Date(currentTimeMs()) };
  await store(db, name, params, state, performance.now() - started);
  return state;
}

const flagsOfRange = (db: Database, range: RangePreset, thresholds: Thresholds) => async (asOf: Date) => {
  const window = await readWindow(db, presetView(range), asOf);
  return { window, report: await readFlags(db, window, thresholds) };
};
export interface RealityAndDependability {
  reality: RealityReport;
  dependability: DependabilityRow[];
}

const realityOfRange = (db: Database, range: RangePreset, resolution: ViewState['resolution'], thresholds: Thresholds) => async (asOf: Date) => {
  const window = await readWindow(db, presetView(range, resolution), asOf);
  return { window, report: await readRealityAndDependability(db, window, thresholds) };
};

async function readRealityAndDependability(db: Database, window: TimeWindow, thresholds: Thresholds): Promise<RealityAndDependability> {
  const [reality, dependability] = await Promise.all([readReality(db, window, thresholds), readDependability(db, window, thresholds)]);
  return { reality, dependability };
}

export interface RefreshResult {
  dataVersion: DataVersion;
  asOf: Date;
  states: number;
  ms: number;
}

/**
 * Computes and stores every preset range's flags, reality and dependability (auto resolution)
 * as of `now`'s minute, from the data version read first: a pass committing meanwhile makes
 * the rows stale, never wrong. Once per process and version at a time.
 */
export function refreshAnalyticsStates(db: Database, options: { now: Date; thresholds: Thresholds }): Promise<RefreshResult> {
  return readDataVersion(db).then((version) =>
    singleFlight(`refresh|${versionKey(version)}|${thresholdsTag(options.thresholds)}`, () => refreshFrom(db, version, options)),
  );
}

async function refreshFrom(db: Database, version: DataVersion, { now, thresholds }: { now: Date; thresholds: Thresholds }): Promise<RefreshResult> {
  const started = performance.now();
  const asOf = new Date(minuteOf(now.getTime()));
  const computedAt = () => new Date(currentTimeMs());
  const windows = await Promise.all(RANGE_PRESETS.map((range) => readWindow(db, presetView(range), asOf)));
  // Every preset range ends at asOf: one read of the widest window serves them all.
  const flagsStarted = performance.now();
  const observed = await readNestedObservations(db, { froms: windows.map((w) => w.from), to: asOf, networks: flaggedNetworks() });
  const memo: FlagsMemo = new Map();
  const flagsMs = (performance.now() - flagsStarted) / RANGE_PRESETS.length;
  let states = 0;
  for (const [i, range] of RANGE_PRESETS.entries()) {
    const window = windows[i];
    const observations = observed[i];
    if (!window || !observations) continue;
    // The rules are plain JavaScript in the thread that serves requests (npm start): one
    // network at a time, letting requests in between, rather than every range in one go.
    for (const network of observations.networks) {
      await new Promise((resolve) => setImmediate(resolve));
      flagsReportOf({ networks: [network], capped: [] }, thresholds, memo);
    }
    const report = flagsReportOf(observations, thresholds, memo);
    await store(db, 'flags', paramsOf('flags', range, 'auto', thresholds), { window, report, asOf, dataVersion: version, computedAt: computedAt() }, flagsMs);
    states++;
  }
  for (const range of RANGE_PRESETS) {
    await computeOne(db, 'reality', paramsOf('reality', range, 'auto', thresholds), version, asOf, realityOfRange(db, range, 'auto', thresholds));
    states++;
  }
  return { dataVersion: version, asOf, states, ms: performance.now() - started };
}

// ------------------------------------------------------------------ reading

function maxAgeMs(): number {
  return env().SCRAPE_INTERVAL_MINUTES * 60_000;
}

const sameEpoch = (state: AnalyticsState<unknown>, v: DataVersion) => state.dataVersion.epoch === v.epoch;
const isCurrent = (state: AnalyticsState<unknown>, v: DataVersion, nowMs: number) =>
  sameEpoch(state, v) && state.dataVersion.version === v.version && nowMs - state.asOf.getTime() <= maxAgeMs();
const isUsable = (state: AnalyticsState<unknown>, v: DataVersion, nowMs: number) =>
  sameEpoch(state, v) && state.dataVersion.version <= v.version && nowMs - state.asOf.getTime() <= STALE_LIMIT_INTERVALS * maxAgeMs();

/**
 * One stored state: the row when current; a usable stale row at once, refreshed behind it;
 * else computed now (once per process). `compute` computes this state alone.
 */
async function stateOf<T>(
  db: Database,
  name: StateName,
  params: string,
  now: Date,
  compute: (asOf: Date) => Promise<{ window: TimeWindow; report: T }>,
  /** How a stale row is refreshed behind the answer: a state the refresh stores refreshes them all at once. */
  refreshAll?: () => Promise<unknown>,
): Promise<AnalyticsState<T>> {
  const [version, stored] = await Promise.all([readDataVersion(db), readStored<T>(db, name, params)]);
  const nowMs = now.getTime();
  if (stored && isCurrent(stored, version, nowMs)) return stored;
  const fresh = () => singleFlight(`${name}|${params}|${versionKey(version)}`, () => computeOne(db, name, params, version, new Date(minuteOf(nowMs)), compute));
  if (stored && isUsable(stored, version, nowMs)) {
    revalidateLater(db, name, params, refreshAll ?? fresh);
    return stored;
  }
  return fresh();
}

/**
 * After the grace, refreshes unless a row of the current version has appeared meanwhile (the
 * scraping process stored it). Once per state at a time; the refresh of every preset once per
 * version (single flight), however many stale states asked for it.
 */
function revalidateLater(db: Database, name: StateName, params: string, fresh: () => Promise<unknown>): void {
  const key = `revalidate|${name}|${params}`;
  if (flights().has(key)) return;
  const waiting = new Promise<void>((resolve) => setTimeout(resolve, REVALIDATE_GRACE_MS).unref?.())
    .then(async () => {
      const [version, stored] = await Promise.all([readDataVersion(db), readStored(db, name, params)]);
      if (stored && isCurrent(stored, version, currentTimeMs())) return;
      await fresh();
    })
    .catch((error: unknown) => componentLogger('analytics').warn({ err: error, name, params }, 'refreshing a stored analytics state failed'))
    .finally(() => flights().delete(key));
  flights().set(key, waiting);
}

/** The flags a view asks for: a preset range's from its stored state; a custom window's computed, at most CUSTOM_MAX_RUNS_PER_SOURCE runs a source. */
export async function readFlagsState(
  db: Database,
  view: ViewState,
  now: Date,
  thresholds: Thresholds,
  network?: string,
): Promise<{ window: TimeWindow; report: FlagsReport; asOf: Date; maxRunsPerSource: number }> {
  if (view.range === 'custom') {
    const window = await readWindow(db, view, now);
    return { window, report: await readFlags(db, window, thresholds, network, CUSTOM_MAX_RUNS_PER_SOURCE), asOf: now, maxRunsPerSource: CUSTOM_MAX_RUNS_PER_SOURCE };
  }
  const range = view.range;
  const refreshAll = () => refreshAnalyticsStates(db, { now: new Date(currentTimeMs()), thresholds });
  const state = await stateOf(db, 'flags', paramsOf('flags', range, 'auto', thresholds), now, flagsOfRange(db, range, thresholds), refreshAll);
  // The window as the view draws it (its resolution), as of the state's instant: flags do not depend on the resolution.
  const window = await readWindow(db, view, state.asOf);
  return { window, report: flagsReportFor(state.report, network), asOf: state.asOf, maxRunsPerSource: MAX_RUNS_PER_SOURCE };
}

export interface RealityState extends RealityAndDependability {
  window: TimeWindow;
  asOf: Date;
}

/** The reality league and series and the dependability a view asks for: a preset range's stored, a custom window's computed from the rollups. */
export async function readRealityState(db: Database, view: ViewState, now: Date, thresholds: Thresholds): Promise<RealityState> {
  if (view.range === 'custom') {
    const window = await readWindow(db, view, now);
    return { window, ...(await readRealityAndDependability(db, window, thresholds)), asOf: now };
  }
  const range = view.range;
  // The refresh stores the auto resolution's; another resolution is refreshed on its own.
  const refreshAll = view.resolution === 'auto' ? () => refreshAnalyticsStates(db, { now: new Date(currentTimeMs()), thresholds }) : undefined;
  const state = await stateOf(db, 'reality', paramsOf('reality', range, view.resolution, thresholds), now, realityOfRange(db, range, view.resolution, thresholds), refreshAll);
  return { window: state.window, ...state.report, asOf: state.asOf };
}

/**
 * The scraping process's after-pass step: refresh the stored analytics, then run `next` (event
 * detection). First, because every reader waits on it; a failure is logged and `next` still runs.
 */
export function analyticsAfterPass<O>(db: Database, thresholds: Thresholds, next: (outcomes: O, now: Date) => Promise<void>): (outcomes: O, now: Date) => Promise<void> {
  const log = componentLogger('analytics');
  return async (outcomes, now) => {
    try {
      const result = await refreshAnalyticsStates(db, { now, thresholds });
      log.info({ states: result.states, durationMs: Math.round(result.ms), dataVersion: result.dataVersion.version, asOf: result.asOf.toISOString() }, 'analytics refreshed');
    } catch (error) {
      log.error({ err: error }, 'refreshing the analytics failed');
    }
    await next(outcomes, now);
  };
}
