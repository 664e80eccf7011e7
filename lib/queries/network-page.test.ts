/**
 * The network page's queries over a database filled the way production fills it: the
 * committed history, then scrape passes of every source against the recorded payloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { parseViewState, resolveWindow } from '../view-state';
import { readFlags } from './analytics';
import { readNetworkLatestFigures, readNetworkModelSeries, readPriceModels } from './network-page';

describe.each(testDatabaseKinds())('network page queries on $name', (kind) => {
  let handle: DatabaseHandle;
  let close: SeededDatabase['close'] | undefined;

  beforeAll(async () => {
    ({ handle, close } = await seedReplayedDatabase(kind, { scrapeAt: [new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T11:00:00Z')] }));
  }, 120_000);
  afterAll(() => close?.());

  it('reads supply per GPU model and source, without network totals, gaps as null', async () => {
    const series = await readNetworkModelSeries(handle.db, {
      networkSlug: 'ionet',
      status: 'rentable',
      from: new Date('2026-11-24T08:00:00Z'),
      to: new Date('2026-11-24T12:00:00Z'),
      resolution: 'hour',
    });
    expect(series.every((s) => s.gpuModel !== 'all' && s.metric === 'rentable' && s.unit === 'gpus' && s.networkSlug === 'ionet')).toBe(true);
    const h100 = series.find((s) => s.sourceId === 'ionet-cloud-caas-availability' && s.gpuModel === 'h100-sxm-80gb');
    expect(h100?.points.map((p) => p.at)).toEqual([
      '2026-11-24T08:00:00.000Z',
      '2026-11-24T09:00:00.000Z',
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T11:00:00.000Z',
    ]);
    expect(h100?.points.map((p) => p.value)).toEqual([null, null, 64, 64]);
    expect(typeof h100?.points[3]?.runId).toBe('number');
    expect(new Set(series.map((s) => s.sourceId))).toEqual(new Set(['ionet-cloud-caas-availability', 'ionet-cloud-vmaas-catalogue']));
  });

  it('reads the daily claimed history per model that io.net publishes', async () => {
    const series = await readNetworkModelSeries(handle.db, {
      networkSlug: 'ionet',
      status: 'claimed',
      from: new Date('2026-11-10T00:00:00Z'),
      to: new Date('2026-11-25T00:00:00Z'),
      resolution: 'day',
    });
    const staked = series.filter((s) => s.sourceId === 'ionet-full-stake-history');
    expect(staked.length).toBeGreaterThan(3);
    expect(staked.find((s) => s.gpuModel === 'h100-sxm-80gb')?.points.filter((p) => p.value !== null).length).toBe(7);
  });

  it('gives the latest figures of every source of a network, one entry per source', async () => {
    const figures = await readNetworkLatestFigures(handle.db, 'ionet');
    const ids = figures.map((f) => f.sourceId);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['ionet-cloud-caas-availability', 'ionet-explorer-network', 'ionet-market-snapshot', 'ionet-claims-headline-total']));
    const caas = figures.find((f) => f.sourceId === 'ionet-cloud-caas-availability');
    expect(caas).toMatchObject({ sourceName: 'io.net IO Cloud: container GPU availability', evidenceGrade: 'official-api' });
    expect(caas?.models.find((m) => m.gpuModel === 'all')?.supply.rentable).toBe(312);
    const market = figures.find((f) => f.sourceId === 'ionet-market-snapshot');
    expect(market?.models.find((m) => m.gpuModel === 'h100-sxm-80gb')?.usdPerGpuHour).toMatchObject({ min: 2.19, median: 2.34 });
    expect(await readNetworkLatestFigures(handle.db, 'no-such-network')).toEqual([]);
  });

  it('lists the GPU models with prices on the network and on AWS', async () => {
    const { models, awsModels } = await readPriceModels(handle.db, 'ionet');
    expect(models).toContain('h100-sxm-80gb');
    expect(models).not.toContain('all');
    expect(awsModels).toEqual(expect.arrayContaining(['h100-sxm-80gb', 'a100-sxm-80gb', 'l40s']));
    expect((await readPriceModels(handle.db, 'aethir')).models).toEqual([]);
  });

  // The network page's flags: readFlags for its network over the window its view state resolves to.
  const pageWindow = (query: Record<string, string>) => resolveWindow(parseViewState(query), new Date('2026-11-24T12:00:00Z'));

  it('gives io.net’s flags only, each linked to the runs that raised it, the same at either resolution', async () => {
    const report = await readFlags(handle.db, pageWindow({ range: '7d' }), DEFAULT_THRESHOLDS, 'ionet');
    expect(report.networks.map((n) => n.network)).toEqual(['ionet']);
    expect(report.flags.length).toBeGreaterThan(0);
    expect(report.flags.every((f) => f.network === 'ionet')).toBe(true);
    // Its four totals disagree in each pass: 7,648 beside 564,306 is far over 3×.
    expect(report.flags.some((f) => f.rule === 'claim-spread')).toBe(true);
    expect(report.flags.every((f) => f.evidence.length > 0 && f.evidence.every((e) => typeof e.runId === 'number'))).toBe(true);
    expect(await readFlags(handle.db, pageWindow({ range: '7d', resolution: 'day' }), DEFAULT_THRESHOLDS, 'ionet')).toEqual(report);
  });

  it('gives a steady network with data no flags in the range', async () => {
    const report = await readFlags(handle.db, pageWindow({ range: '7d' }), DEFAULT_THRESHOLDS, 'akash');
    expect(report.flags).toEqual([]);
    expect(report.networks[0]?.claimSources).toBeGreaterThan(0);
  });
});
