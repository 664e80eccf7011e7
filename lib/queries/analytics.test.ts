/**
 * The analytics over a replayed week of recordings, through the real path: io.net's totals
 * disagree and one of them never moves while supply does; Akash, steady, raises nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import { awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu } from '../sources/aws';
import { IONET_SOURCES } from '../sources/ionet';
import { readCostClaims, readDependability, readFlags, readReality } from './analytics';

const DAY = 24 * 3_600_000;
const from = new Date('2026-11-17T03:00:00Z');
const to = new Date(from.getTime() + 7 * DAY);
// Daily buckets for the derived views (reality, dependability); flags ignore the resolution.
const window = { from, to, resolution: 'day' as const };
const targets = [...IONET_SOURCES, akashGpuPrices, akashNetworkCapacity, awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu];

describe.each(testDatabaseKinds())('analytics on $name', (kind) => {
  let handle: DatabaseHandle;
  let close: SeededDatabase['close'] | undefined;
  beforeAll(async () => {
    ({ handle, close } = await seedReplayedDatabase(kind, { targets, history: [], replay: { from, to, stepMs: 6 * 3_600_000, recordingsFrom: from } }));
  }, 120_000);
  afterAll(() => close?.());

  it('flags io.net: totals that disagree, and a total frozen while supply moves', async () => {
    const report = await readFlags(handle.db, window, DEFAULT_THRESHOLDS);
    const ionet = report.flags.filter((f) => f.network === 'ionet');
    const spread = ionet.find((f) => f.rule === 'claim-spread');
    expect(spread).toBeDefined();
    expect(spread?.message).toMatch(/\d{1,3}(,\d{3})+/);
    const frozen = ionet.find((f) => f.rule === 'frozen-claim');
    expect(frozen?.sourceIds).toEqual(['ionet-devices-hardware']);
    expect(frozen?.message).toContain('69,415');
    // Every flag links to the points that raised it.
    for (const flag of ionet) {
      expect(flag.evidence.length).toBeGreaterThan(0);
      expect(flag.evidence.every((e) => typeof e.runId === 'number')).toBe(true);
    }
  });

  it('raises the same flags, messages and evidence at hourly and daily resolution', async () => {
    const hourly = await readFlags(handle.db, { from, to, resolution: 'hour' }, DEFAULT_THRESHOLDS);
    expect(hourly.flags.length).toBeGreaterThan(0);
    expect(hourly).toEqual(await readFlags(handle.db, { from, to, resolution: 'day' }, DEFAULT_THRESHOLDS));
    // Counted in runs (a pass every 6 hours), not in buckets.
    const frozen = hourly.flags.find((f) => f.rule === 'frozen-claim');
    expect(frozen?.message).toMatch(/\(\d+ observations, /);
    expect(frozen && 'observations' in frozen ? frozen.observations : 0).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.frozenMinObservations);
  });

  it('raises nothing for a steady network', async () => {
    const report = await readFlags(handle.db, window, DEFAULT_THRESHOLDS, 'akash');
    expect(report.flags).toEqual([]);
    expect(report.networks).toEqual([{ network: 'akash', claimSources: 2, supplySources: 3 }]);
  });

  it('ranks networks by reality ratio, with io.net near the bottom', async () => {
    const { league } = await readReality(handle.db, window, DEFAULT_THRESHOLDS);
    const ionet = league.find((r) => r.network === 'ionet');
    const akash = league.find((r) => r.network === 'akash');
    expect(ionet?.latest?.ratio).toBeLessThan(0.01);
    expect(akash?.latest?.ratio).toBeCloseTo(137 / 453, 6);
    expect((akash?.rank ?? 99) < (ionet?.rank ?? 0)).toBe(true);
  });

  it('measures dependability per network, source and model', async () => {
    const rows = await readDependability(handle.db, window, DEFAULT_THRESHOLDS);
    const h100 = rows.find((r) => r.sourceId === 'akash-gpu-prices' && r.gpuModel === 'h100-sxm-80gb');
    expect(h100?.stats.median).toBe(10);
    expect(h100?.stats.shareAtLeast.find((s) => s.k === 8)?.share).toBe(1);
    expect(h100?.stats.shareAtLeast.find((s) => s.k === 64)?.share).toBe(0);
  });

  it('sets io.net’s “up to 90% cheaper” against measured prices and AWS', async () => {
    const checks = await readCostClaims(handle.db, DEFAULT_THRESHOLDS);
    const ionet = checks.find((c) => c.claimId === 'ionet-2024-05-01-savings');
    expect(ionet?.claimPercent).toBe(90);
    const h100 = ionet?.perModel.find((m) => m.gpuModel === 'h100-sxm-80gb');
    expect(h100?.measured.medianVs8Gpu).toEqual(expect.any(Number));
    expect(['met', 'near', 'not-met']).toContain(h100?.verdict.verdict);
  });
});
