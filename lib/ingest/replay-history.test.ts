/**
 * A week of io.net replayed through the real path: the explorer's total drifts day to day,
 * the devices total holds at exactly 69,415, and what IO Cloud will rent stays in the hundreds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { replayHistory } from '@/scripts/replay-history';
import { readSeries, type Series } from '../queries/series';
import { readNetworkSummaries } from '../queries/network-summary';
import { IONET_SOURCES } from '../sources/ionet';
import { syncRegistry } from './sync-registry';

const DAY = 24 * 3_600_000;
const from = new Date('2026-11-17T06:00:00Z');
const to = new Date(from.getTime() + 7 * DAY);

describe.each(testDatabaseKinds())('replayed io.net week on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let series: Series[];

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    await syncRegistry(handle.db, IONET_SOURCES);
    const passes = await replayHistory(handle.db, server, {
      targets: IONET_SOURCES,
      from,
      to,
      stepMs: 12 * 3_600_000,
      recordingsFrom: new Date('2026-11-17T06:00:00Z'),
    });
    expect(passes).toBe(14);
    series = await readSeries(handle.db, {
      networkSlug: 'ionet',
      gpuModel: 'all',
      metrics: ['claimed', 'rentable'],
      from,
      to,
      resolution: 'day',
    });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  const values = (sourceId: string, metric: string) =>
    (series.find((s) => s.sourceId === sourceId && s.metric === metric)?.points ?? []).map((p) => p.value);

  it('has a daily value for every day of the week', () => {
    expect(values('ionet-explorer-network', 'claimed')).toHaveLength(8);
    expect(values('ionet-explorer-network', 'claimed').slice(0, 7).every((v) => v !== null)).toBe(true);
  });

  it('shows the explorer total drifting while the devices total never moves', () => {
    const explorer = values('ionet-explorer-network', 'claimed').filter((v) => v !== null);
    expect(new Set(explorer).size).toBeGreaterThan(3);
    const devices = values('ionet-devices-hardware', 'claimed').filter((v) => v !== null);
    expect(new Set(devices)).toEqual(new Set([69415]));
  });

  it('reports how the largest claim moved over 24 hours and 7 days, from the same source', async () => {
    // Passes ran at 06:00 and 18:00; at 23:00 the value of 24 h before is the 18:00 pass of the day before.
    const ionet = (await readNetworkSummaries(handle.db, new Date(to.getTime() - 7 * 3_600_000))).find((n) => n.slug === 'ionet');
    expect(ionet?.largestClaim?.sourceId).toBe('ionet-explorer-network');
    const dayAgo = ionet?.changes.largestClaim.value24hAgo;
    expect(dayAgo).toEqual(expect.any(Number));
    expect(dayAgo).not.toBe(ionet?.largestClaim?.value);
    // Nothing was observed seven days before the window began: no change is invented.
    expect(ionet?.changes.largestClaim.value7dAgo).toBeNull();
    expect(ionet?.changes.rentable.value24hAgo).toEqual(expect.any(Number));
  });

  it('keeps rentable in the hundreds against claims in the tens of thousands', () => {
    const rentable = values('ionet-cloud-caas-availability', 'rentable').filter((v): v is number => v !== null);
    expect(rentable.length).toBeGreaterThan(0);
    expect(Math.max(...rentable)).toBeLessThan(1000);
    const claimed = values('ionet-explorer-network', 'claimed').filter((v): v is number => v !== null);
    expect(Math.min(...claimed)).toBeGreaterThan(100 * Math.max(...rentable));
  });
});
