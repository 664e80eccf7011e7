/**
 * The stored analytics (lib/queries/analytics-state.ts) over a replayed week of recordings:
 * what a reader gets from the stored row equals what computing it afresh gives, a new pass
 * makes a new state, and a reader on another connection (a web replica) reads the row the
 * scraping process stored rather than computing it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { readDataVersion } from '@/db/data-version';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu } from '../sources/aws';
import { IONET_SOURCES } from '../sources/ionet';
import { RANGE_PRESETS, viewStateSchema } from '../view-state';
import { flaggedNetworks, readDependability, readFlags, readReality } from './analytics';
import { CUSTOM_MAX_RUNS_PER_SOURCE, readFlagsState, readRealityState, refreshAnalyticsStates } from './analytics-state';
import { readNestedObservations, readObservations } from './observations';
import { readWindow } from './window';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const from = new Date('2026-11-17T03:00:00Z');
const to = new Date(from.getTime() + 7 * DAY);
// "Now" a little after the last replayed pass, off the minute: states are as of a whole minute.
const now = new Date(to.getTime() + 90_000);
const asOf = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
const targets = [...IONET_SOURCES, akashGpuPrices, akashNetworkCapacity, awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu];
const view = (range: string, extra: Record<string, string> = {}) => viewStateSchema.parse({ range, ...extra });

describe.each(testDatabaseKinds())('stored analytics on $name', (kind) => {
  let handle: DatabaseHandle;
  let seeded: SeededDatabase | undefined;
  /** A web replica's connection on PostgreSQL (SCRAPE_ENABLED=false); on PGlite, one process owns the database. */
  let reader: DatabaseHandle;
  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, { targets, history: [], replay: { from, to, stepMs: 6 * 3_600_000, recordingsFrom: from } });
    handle = seeded.handle;
    reader = handle.target.driver === 'postgres' ? await openDatabase(handle.target, { migrate: false }) : handle;
  }, 180_000);
  afterAll(async () => {
    if (reader && reader !== handle) await reader.close();
    await seeded?.close();
  });

  it('reads every preset range as of the windows of one read equal to reading each alone, capped or not', async () => {
    const windows = await Promise.all(RANGE_PRESETS.map((range) => readWindow(handle.db, view(range), asOf)));
    const networks = flaggedNetworks();
    for (const maxRunsPerSource of [undefined, 5]) {
      const nested = await readNestedObservations(handle.db, { froms: windows.map((w) => w.from), to: asOf, networks, maxRunsPerSource });
      for (const [i, window] of windows.entries()) {
        expect(nested[i]).toEqual(await readObservations(handle.db, { from: window.from, to: window.to, networks, maxRunsPerSource }));
      }
      // The cap shows: the week's runs exceed 5 a source.
      if (maxRunsPerSource) expect(nested.at(-1)?.capped.length).toBeGreaterThan(0);
    }
  });

  it('stores each preset range’s flags, league and dependability equal to computing them afresh', async () => {
    const refreshed = await refreshAnalyticsStates(handle.db, { now, thresholds: DEFAULT_THRESHOLDS });
    expect(refreshed.asOf).toEqual(asOf);
    expect(refreshed.dataVersion).toEqual(await readDataVersion(handle.db));
    for (const range of RANGE_PRESETS) {
      const window = await readWindow(handle.db, view(range), asOf);
      const stored = await readFlagsState(handle.db, view(range), now, DEFAULT_THRESHOLDS);
      expect(stored.window).toEqual(window);
      expect(stored.asOf).toEqual(asOf);
      expect(stored.report).toEqual(await readFlags(handle.db, window, DEFAULT_THRESHOLDS));
      // One network's flags are the stored report narrowed to it.
      expect((await readFlagsState(handle.db, view(range), now, DEFAULT_THRESHOLDS, 'ionet')).report).toEqual(await readFlags(handle.db, window, DEFAULT_THRESHOLDS, 'ionet'));
      const derived = await readRealityState(handle.db, view(range), now, DEFAULT_THRESHOLDS);
      expect(derived.window).toEqual(window);
      expect(derived.reality).toEqual(await readReality(handle.db, window, DEFAULT_THRESHOLDS));
      expect(derived.dependability).toEqual(await readDependability(handle.db, window, DEFAULT_THRESHOLDS));
    }
    // The week raised io.net's flags: the equality above is about something.
    const week = await readFlagsState(handle.db, view('7d'), now, DEFAULT_THRESHOLDS);
    expect(week.report.flags.some((f) => f.network === 'ionet' && f.rule === 'frozen-claim')).toBe(true);
  });

  it('serves a web replica the row the scraping process stored, without computing it again', async () => {
    await refreshAnalyticsStates(handle.db, { now, thresholds: DEFAULT_THRESHOLDS });
    const a = await readFlagsState(reader.db, view('30d'), now, DEFAULT_THRESHOLDS);
    const b = await readFlagsState(reader.db, view('30d'), new Date(now.getTime() + 5 * MINUTE), DEFAULT_THRESHOLDS);
    expect(a.asOf).toEqual(asOf);
    // Five minutes later, the same data version: the same stored report, still saying the instant it covers.
    expect(b.asOf).toEqual(asOf);
    expect(b.report).toEqual(a.report);
    const derived = await readRealityState(reader.db, view('30d'), now, DEFAULT_THRESHOLDS);
    expect(derived.asOf).toEqual(asOf);
  });

  it('makes a new state when a new pass commits, and until then serves the last one as of its own instant', async () => {
    await refreshAnalyticsStates(handle.db, { now, thresholds: DEFAULT_THRESHOLDS });
    const before = await readFlagsState(reader.db, view('24h'), now, DEFAULT_THRESHOLDS);
    const versionBefore = await readDataVersion(handle.db);
    const passAt = new Date(asOf.getTime() + 10 * MINUTE);
    await runScrapePass(handle.db, { targets, at: passAt, environment: seeded!.server.environment(), attempts: 1, rateLimiter: noRateLimit });
    const versionAfter = await readDataVersion(handle.db);
    expect(versionAfter.version).toBeGreaterThan(versionBefore.version);

    // Before the scraping process refreshes: the previous state, its window ending where it did.
    const later = new Date(passAt.getTime() + 30_000);
    const stale = await readFlagsState(reader.db, view('24h'), later, DEFAULT_THRESHOLDS);
    expect(stale.asOf).toEqual(asOf);
    expect(stale.window.to).toEqual(asOf);
    expect(stale.report).toEqual(before.report);

    const refreshed = await refreshAnalyticsStates(handle.db, { now: later, thresholds: DEFAULT_THRESHOLDS });
    expect(refreshed.dataVersion).toEqual(versionAfter);
    const fresh = await readFlagsState(reader.db, view('24h'), later, DEFAULT_THRESHOLDS);
    const newAsOf = new Date(Math.floor(later.getTime() / MINUTE) * MINUTE);
    expect(fresh.asOf).toEqual(newAsOf);
    const window = await readWindow(handle.db, view('24h'), newAsOf);
    expect(fresh.report).toEqual(await readFlags(handle.db, window, DEFAULT_THRESHOLDS));
    // The new pass's runs are in it.
    const newest = (r: typeof fresh.report) => Math.max(...r.flags.flatMap((f) => f.evidence.map((e) => Date.parse(e.at))), 0);
    expect(newest(fresh.report)).toBeGreaterThanOrEqual(newest(before.report));
    const { reality } = await readRealityState(reader.db, view('24h'), later, DEFAULT_THRESHOLDS);
    expect(reality.league).toEqual((await readReality(handle.db, await readWindow(handle.db, view('24h'), newAsOf), DEFAULT_THRESHOLDS)).league);
  });

  it('computes a range nobody stored on first request, once, and keeps it', async () => {
    const weekly = view('1y', { resolution: 'week' });
    const first = await readRealityState(reader.db, weekly, now, DEFAULT_THRESHOLDS);
    const window = await readWindow(handle.db, weekly, first.asOf);
    expect(first.window).toEqual(window);
    expect(first.reality).toEqual(await readReality(handle.db, window, DEFAULT_THRESHOLDS));
    expect(await readRealityState(handle.db, weekly, now, DEFAULT_THRESHOLDS)).toEqual(first);
  });

  it('reads a custom window’s flags from at most 7 days of runs a source, and says so', async () => {
    const custom = view('custom', { from: from.toISOString(), to: to.toISOString() });
    const state = await readFlagsState(handle.db, custom, now, DEFAULT_THRESHOLDS);
    expect(state.maxRunsPerSource).toBe(CUSTOM_MAX_RUNS_PER_SOURCE);
    expect(state.report).toEqual(await readFlags(handle.db, state.window, DEFAULT_THRESHOLDS, undefined, CUSTOM_MAX_RUNS_PER_SOURCE));
  });
});
