/**
 * Pinned series: what the database could have shown at an instant, and nothing stored after it
 * (later live runs, backfills into old buckets, runs still fetching at that instant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { recordRun } from '../ingest/record-run';
import { syncRegistry } from '../ingest/sync-registry';
import { akashGpuPrices, akashNetworkCapacity } from '../sources/akash';
import type { ParsedSnapshot } from '../sources/types';
import { pinnedSeriesFromFigures, readPinnedSeries, type RunFigure } from './pinned-series';
import { readSeries, type Series } from './series';

/** readSeries keeps the rows' order; the pinned read sorts by source: compare as sets. */
const bySource = (series: Series[]) => [...series].sort((a, b) => a.sourceId.localeCompare(b.sourceId) || a.metric.localeCompare(b.metric));

const t = (iso: string) => new Date(`2026-11-20T${iso}Z`);

describe('pinnedSeriesFromFigures', () => {
  const figure = (runId: number, observed: string, value: number, known = observed): RunFigure => ({
    runId,
    sourceId: 's1',
    networkSlug: 'akash',
    observedAt: t(observed),
    knownAt: t(known),
    gpuModel: 'all',
    metric: 'rentable',
    unit: 'gpus',
    value,
  });
  const query = { networkSlug: 'akash', gpuModel: 'all', metrics: ['rentable'] as const, from: t('09:00:00'), to: t('11:30:00'), resolution: 'hour' as const, at: t('11:30:00') };

  it('keeps the latest observation per bucket and counts the runs, over the whole grid', () => {
    const series = pinnedSeriesFromFigures([figure(2, '10:40:00', 7), figure(1, '10:10:00', 5), figure(3, '11:20:00', 9)], query);
    expect(series).toHaveLength(1);
    expect(series[0]?.points).toEqual([
      { at: t('09:00:00').toISOString(), value: null, samples: 0, runId: null, observedAt: null },
      { at: t('10:00:00').toISOString(), value: 7, samples: 2, runId: 2, observedAt: t('10:40:00').toISOString() },
      { at: t('11:00:00').toISOString(), value: 9, samples: 1, runId: 3, observedAt: t('11:20:00').toISOString() },
    ]);
  });

  it('leaves out what was observed after `at` or only known after it', () => {
    const series = pinnedSeriesFromFigures([figure(1, '10:10:00', 5), figure(2, '11:40:00', 8), figure(3, '10:50:00', 6, '12:00:00')], query);
    expect(series[0]?.points.map((p) => p.value)).toEqual([null, 5, null]);
  });

  it('returns no series for a window with no figures, as readSeries does', () => {
    expect(pinnedSeriesFromFigures([], query)).toEqual([]);
  });
});

describe.each(testDatabaseKinds())('readPinnedSeries on $name', (kind) => {
  let handle: DatabaseHandle;
  const at = t('11:30:00');
  const window = { networkSlug: 'akash', gpuModel: 'all', from: t('09:00:00'), to: at, resolution: 'hour' as const };
  const supplyQuery = { ...window, metrics: ['rentable'] as const };
  const priceQuery = { ...window, gpuModel: 'h100-sxm-80gb', metrics: ['price_median'] as const };

  const snapshot = (rentable: number, price?: number): ParsedSnapshot => ({
    supply: [{ gpuModel: 'all', status: 'rentable', unit: 'gpus', quantity: rentable }],
    prices: price === undefined ? [] : [{ gpuModel: 'h100-sxm-80gb', statistic: 'median', usdPerGpuHour: price, listings: 3 }],
    unknownModels: [],
  });
  const record = (source: typeof akashNetworkCapacity, observed: string, started: string, parsed: ParsedSnapshot, origin: 'live' | 'backfill' = 'live', durationMs = 0) =>
    recordRun(handle.db, {
      source,
      observedAt: t(observed),
      origin,
      fetched: {
        requestUrl: 'http://recorded.invalid/',
        startedAt: t(started),
        durationMs,
        httpStatus: 200,
        bytes: new TextEncoder().encode(`${source.id} ${observed}`),
        contentType: 'application/json',
        fetchError: null,
      },
      parsed: { ok: true, value: parsed },
    });

  beforeAll(async () => {
    handle = await kind.open();
    await syncRegistry(handle.db, [akashNetworkCapacity, akashGpuPrices]);
    await record(akashNetworkCapacity, '10:10:00', '10:10:00', snapshot(100));
    // Same figures: this run stores no points and shares the one above.
    await record(akashNetworkCapacity, '10:40:00', '10:40:00', snapshot(100));
    await record(akashNetworkCapacity, '11:20:00', '11:20:00', snapshot(120));
    await record(akashGpuPrices, '10:15:00', '10:15:00', snapshot(0, 2.5));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('equals the rollups while nothing newer exists', async () => {
    const pinned = await readPinnedSeries(handle.db, { ...supplyQuery, at });
    const rollups = await readSeries(handle.db, supplyQuery);
    expect(bySource(pinned)).toEqual(bySource(rollups));
    expect(pinned.find((s) => s.sourceId === 'akash-network-capacity')?.points.map((p) => [p.value, p.samples])).toEqual([
      [null, 0],
      [100, 2],
      [120, 1],
    ]);
    expect(bySource(await readPinnedSeries(handle.db, { ...priceQuery, at }))).toEqual(bySource(await readSeries(handle.db, priceQuery)));
  });

  it('does not change when later runs, backfills into old buckets or slow fetches are stored', async () => {
    const before = await readPinnedSeries(handle.db, { ...supplyQuery, at });
    const pricesBefore = await readPinnedSeries(handle.db, { ...priceQuery, at });
    await record(akashNetworkCapacity, '11:50:00', '11:50:00', snapshot(130));
    await record(akashNetworkCapacity, '10:50:00', '12:00:00', snapshot(90), 'backfill');
    await record(akashNetworkCapacity, '11:25:00', '11:29:59', snapshot(140), 'live', 2_000);
    await record(akashGpuPrices, '10:55:00', '12:05:00', snapshot(0, 3.1), 'backfill');

    // The rollups moved on ...
    const rollups = await readSeries(handle.db, supplyQuery);
    expect(rollups.find((s) => s.sourceId === 'akash-network-capacity')?.points.map((p) => p.value)).toEqual([null, 90, 130]);
    // ... the pinned view did not.
    expect(await readPinnedSeries(handle.db, { ...supplyQuery, at })).toEqual(before);
    expect(await readPinnedSeries(handle.db, { ...priceQuery, at })).toEqual(pricesBefore);
    // Pinned later, the same read sees them.
    const later = await readPinnedSeries(handle.db, { ...supplyQuery, to: t('12:30:00'), at: t('12:30:00') });
    expect(later.find((s) => s.sourceId === 'akash-network-capacity')?.points.map((p) => p.value)).toEqual([null, 90, 130, null]);
  });
});
