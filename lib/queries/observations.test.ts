/**
 * Flags from scrape runs, through the real store path (recordRun): io.net's 69,415 observed
 * 8 times over 84 h, every 12 hours, while free supply moves. With display buckets this was
 * flagged daily and not hourly (empty hours counted as gaps) and read as 4 observations; from
 * the runs it is the same flag, message and evidence at both resolutions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { recordRun, type RecordedRun } from '../ingest/record-run';
import { syncRegistry } from '../ingest/sync-registry';
import { ionetDevicesHardware, ionetExplorerNetwork } from '../sources/ionet';
import type { ParsedSnapshot, SourceAdapter } from '../sources/types';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import type { FrozenFlag } from '../analytics/types';
import { readFlags } from './analytics';
import { readObservations } from './observations';

const HOUR = 3_600_000;
const start = new Date('2026-11-10T06:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
const window = { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-16T00:00:00Z') };

const claimed = (quantity: number): ParsedSnapshot => ({ supply: [{ gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity }], prices: [], unknownModels: [] });
const free = (quantity: number): ParsedSnapshot => ({ supply: [{ gpuModel: 'all', status: 'free', unit: 'gpus', quantity }], prices: [], unknownModels: [] });

describe.each(testDatabaseKinds())('flags from scrape runs on $name', (kind) => {
  let handle: DatabaseHandle;
  const claimRuns: RecordedRun[] = [];

  const record = (source: SourceAdapter, hours: number, parsed: ParsedSnapshot | null) =>
    recordRun(handle.db, {
      source,
      observedAt: at(hours),
      origin: 'live',
      fetched: {
        requestUrl: 'http://recorded.invalid/',
        startedAt: at(hours),
        durationMs: 10,
        httpStatus: parsed ? 200 : 503,
        bytes: new TextEncoder().encode(`${source.id} ${hours}`),
        contentType: 'application/json',
        fetchError: parsed ? null : 'HTTP 503',
      },
      parsed: parsed ? { ok: true, value: parsed } : null,
    });

  beforeAll(async () => {
    handle = await kind.open();
    await syncRegistry(handle.db, [ionetDevicesHardware, ionetExplorerNetwork]);
    for (let i = 0; i < 8; i += 1) {
      claimRuns.push(await record(ionetDevicesHardware, i * 12, claimed(69_415)));
      // Free supply moves between 300 and 340, a minute after each claim run.
      await record(ionetExplorerNetwork, i * 12 + 1 / 60, free(i % 2 === 0 ? 300 : 340));
    }
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('raises the same frozen flag hourly and daily, counting the 8 runs over 84 h', async () => {
    const hourly = await readFlags(handle.db, { ...window, resolution: 'hour' }, DEFAULT_THRESHOLDS, 'ionet');
    const daily = await readFlags(handle.db, { ...window, resolution: 'day' }, DEFAULT_THRESHOLDS, 'ionet');
    expect(hourly).toEqual(daily);
    const frozen = hourly.flags.filter((f): f is FrozenFlag => f.rule === 'frozen-claim');
    expect(frozen).toHaveLength(1);
    expect(frozen[0]).toMatchObject({ figure: 69_415, observations: 8, observedHours: 84, failedRuns: 0, from: at(0).toISOString(), to: at(84).toISOString() });
    expect(frozen[0]?.message).toContain('3.5 days of observation (8 observations');
    expect(hourly.capped).toEqual([]);
  });

  it('reads runs that share an earlier run’s points, with each run’s own id as evidence', async () => {
    // Unchanged figures: every claim run after the first points at the first one's points.
    expect(claimRuns.slice(1).every((r) => r.outcome === 'ok' && r.identicalToRunId === (claimRuns[0]?.outcome === 'ok' ? claimRuns[0].runId : -1))).toBe(true);
    const { networks } = await readObservations(handle.db, { ...window, networks: ['ionet'] });
    const series = networks[0]?.claims.find((c) => c.sourceId === 'ionet-devices-hardware');
    expect(series?.points.map((p) => p.value)).toEqual(Array(8).fill(69_415));
    expect(series?.points.map((p) => p.runId)).toEqual(claimRuns.map((r) => (r.outcome === 'ok' ? r.runId : null)));
    const flags = await readFlags(handle.db, { ...window, resolution: 'hour' }, DEFAULT_THRESHOLDS, 'ionet');
    const last = claimRuns[7];
    expect(flags.flags[0]?.evidence.some((e) => e.role === 'claimed' && last?.outcome === 'ok' && e.runId === last.runId)).toBe(true);
  });

  it('caps the runs read per source at the newest, and says so', async () => {
    const { networks, capped } = await readObservations(handle.db, { ...window, networks: ['ionet'], maxRunsPerSource: 3 });
    expect(networks[0]?.claims[0]?.points.map((p) => p.at)).toEqual([at(60), at(72), at(84)].map((d) => d.toISOString()));
    expect(capped).toEqual([
      { sourceId: 'ionet-devices-hardware', network: 'ionet', runsInRange: 8, runsRead: 3, readFrom: at(60).toISOString() },
      { sourceId: 'ionet-explorer-network', network: 'ionet', runsInRange: 8, runsRead: 3, readFrom: at(60 + 1 / 60).toISOString() },
    ]);
  });

  it('takes a failed run as a gap: not a zero, not unchanged time, named in the message', async () => {
    await record(ionetDevicesHardware, 90, null);
    await record(ionetDevicesHardware, 96, claimed(69_415));
    const hourly = await readFlags(handle.db, { ...window, resolution: 'hour' }, DEFAULT_THRESHOLDS, 'ionet');
    expect(await readFlags(handle.db, { ...window, resolution: 'day' }, DEFAULT_THRESHOLDS, 'ionet')).toEqual(hourly);
    const { networks } = await readObservations(handle.db, { ...window, networks: ['ionet'] });
    expect(networks[0]?.claims[0]?.points.slice(-2).map((p) => p.value)).toEqual([null, 69_415]);
    const [frozen, ...rest] = hourly.flags.filter((f): f is FrozenFlag => f.rule === 'frozen-claim');
    expect(rest).toEqual([]);
    // 84 h to the last run before the failure; the 12 h across it do not count.
    expect(frozen).toMatchObject({ observations: 9, observedHours: 84, failedRuns: 1, to: at(96).toISOString() });
    expect(frozen?.message).toContain('1 failed scrape in between is not counted');
    // No jump to or from zero: the failure is not a figure.
    expect(hourly.flags.filter((f) => f.rule === 'claim-jump')).toEqual([]);
  });
});
