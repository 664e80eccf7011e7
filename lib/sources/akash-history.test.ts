import { describe, expect, it } from 'vitest';
import { akashGpuPrices } from './akash';
import { akashGpuBreakdownHistory } from './akash-history';
import { readManifest, readRecording } from './recordings';
import { contextAt, expectChangedShape, expectNotJson, history, json, parsed, snapshotOn, supplyOf } from './test-helpers';
import type { DatedSnapshot } from './types';

const context = contextAt('2026-09-06T12:00:00Z');

function recorded(): DatedSnapshot[] {
  return history(akashGpuBreakdownHistory.parseHistory(readRecording('akash', 'gpu-breakdown.json'), context));
}

function row(date: string, model: string, totalGpus: number, leasedGpus: number) {
  return { date, vendor: 'nvidia', model, providerCount: 1, nodeCount: 1, totalGpus, leasedGpus, gpuUtilization: '0.00' };
}

describe('akash-gpu-breakdown-history', () => {
  it('yields one snapshot per day, 35 days at 00:00 UTC, oldest first', () => {
    const days = recorded();
    expect(days).toHaveLength(35);
    expect(days[0]?.observedAt.toISOString()).toBe('2026-08-03T00:00:00.000Z');
    expect(days.at(-1)?.observedAt.toISOString()).toBe('2026-09-06T00:00:00.000Z');
    const times = days.map((d) => d.observedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const d of days) expect(d.observedAt.getUTCHours() + d.observedAt.getUTCMinutes()).toBe(0);
    expect(akashGpuBreakdownHistory.evidenceGrade).toBe('backfilled-history');
  });

  it('ends on the figures of the live recording of the same day: 453 claimed, 161 free', () => {
    const last = snapshotOn(recorded(), '2026-09-06');
    expect(supplyOf(last, 'all', 'claimed')).toBe(453);
    expect(supplyOf(last, 'all', 'free')).toBe(161);
    expect(supplyOf(last, 'h100', 'claimed')).toBe(69);
    expect(supplyOf(last, 'h100', 'free')).toBe(10);
    expect(supplyOf(last, 'a100', 'claimed')).toBe(238);
    expect(supplyOf(last, 'a100', 'free')).toBe(79);
    expect(supplyOf(last, 'h200-sxm-141gb', 'claimed')).toBe(40);
    expect(supplyOf(last, 'rtx-4090', 'claimed')).toBe(60);
    expect(supplyOf(last, 'rtx-3090', 'claimed')).toBe(20);
    expect(supplyOf(last, 'rtx-3090', 'free')).toBe(14);
    // `a6000` (18) and `rtxa6000` (8) are one card: merged into one series.
    expect(supplyOf(last, 'rtx-a6000', 'claimed')).toBe(26);
    expect(supplyOf(last, 'rtx-a6000', 'free')).toBe(10);
    expect(last.unknownModels).toEqual([]);

    const live = parsed(akashGpuPrices.parse(readRecording('akash', 'gpu-prices.json'), context));
    expect(supplyOf(live, 'all', 'claimed')).toBe(supplyOf(last, 'all', 'claimed'));
    expect(supplyOf(live, 'all', 'free')).toBe(supplyOf(last, 'all', 'free'));
  });

  it('keeps h100 and a100 as family ids: the breakdown has no memory or interface to tell SXM from PCIe', () => {
    const last = snapshotOn(recorded(), '2026-09-06');
    const models = new Set(last.supply.map((p) => p.gpuModel));
    expect([...models].sort()).toEqual(['a100', 'all', 'h100', 'h200-sxm-141gb', 'rtx-3090', 'rtx-4090', 'rtx-a6000']);
    // The live feed has the hints, so its series are different ones.
    const live = parsed(akashGpuPrices.parse(readRecording('akash', 'gpu-prices.json'), context));
    expect(supplyOf(live, 'h100-sxm-80gb', 'claimed')).toBe(69);
    expect(supplyOf(live, 'h100', 'claimed')).toBeUndefined();
  });

  it('gives no rentable figure and no price: the history has none', () => {
    for (const d of recorded()) {
      expect(d.snapshot.prices).toEqual([]);
      expect(d.snapshot.supply.some((p) => p.status === 'rentable')).toBe(false);
      expect(d.snapshot.supply.every((p) => p.unit === 'gpus')).toBe(true);
    }
  });

  it('sums every model into `all` on every day, free = total − leased', () => {
    for (const d of recorded()) {
      const perModel = d.snapshot.supply.filter((p) => p.gpuModel !== 'all');
      const claimed = perModel.filter((p) => p.status === 'claimed').reduce((s, p) => s + p.quantity, 0);
      const free = perModel.filter((p) => p.status === 'free').reduce((s, p) => s + p.quantity, 0);
      expect(supplyOf(d.snapshot, 'all', 'claimed')).toBe(claimed);
      expect(supplyOf(d.snapshot, 'all', 'free')).toBe(free);
    }
    const first = snapshotOn(recorded(), '2026-08-03');
    expect(supplyOf(first, 'all', 'claimed')).toBe(367);
    expect(supplyOf(first, 'all', 'free')).toBe(137);
    expect(supplyOf(first, 'h100', 'claimed')).toBe(48);
    expect(supplyOf(first, 'h100', 'free')).toBe(7);
    expect(supplyOf(first, 'rtx-a6000', 'claimed')).toBe(34);
  });

  it('leaves a model out on a day it is not listed (a gap, not zero), and the total with it', () => {
    const days = recorded();
    const before = snapshotOn(days, '2026-08-18');
    expect(supplyOf(before, 'h200-sxm-141gb', 'claimed')).toBeUndefined();
    expect(supplyOf(snapshotOn(days, '2026-08-19'), 'h200-sxm-141gb', 'claimed')).toBe(32);
    const missing = snapshotOn(days, '2026-08-25');
    expect(supplyOf(missing, 'h200-sxm-141gb', 'claimed')).toBeUndefined();
    expect(supplyOf(missing, 'h200-sxm-141gb', 'free')).toBeUndefined();
    expect(supplyOf(missing, 'all', 'claimed')).toBe(391);
    expect(supplyOf(snapshotOn(days, '2026-08-24'), 'all', 'claimed')).toBe(427);
    expect(supplyOf(snapshotOn(days, '2026-08-26'), 'h200-sxm-141gb', 'claimed')).toBe(32);
  });

  it('skips the zero-GPU `Unknown` row the query returns for a node without GPU details', () => {
    const withUnknown = snapshotOn(recorded(), '2026-08-25');
    expect(withUnknown.unknownModels).toEqual([]);
    expect(withUnknown.supply.some((p) => p.gpuModel.startsWith('unknown:'))).toBe(false);
  });

  it('parses dates as UTC days: a plain date, Z, an offset, a time of day', () => {
    const payload = [
      row('2026-09-01', 'h100', 8, 2),
      row('2026-09-02T00:00:00.000Z', 'h100', 16, 4),
      // 22:00 on 2 September at UTC−2 is 00:00 on 3 September UTC.
      row('2026-09-02T22:00:00-02:00', 'h100', 24, 6),
      row('2026-09-04T17:45:00Z', 'h100', 32, 8),
    ];
    const days = history(akashGpuBreakdownHistory.parseHistory(json(payload), context));
    expect(days.map((d) => d.observedAt.toISOString())).toEqual([
      '2026-09-01T00:00:00.000Z',
      '2026-09-02T00:00:00.000Z',
      '2026-09-03T00:00:00.000Z',
      '2026-09-04T00:00:00.000Z',
    ]);
    expect(days.map((d) => supplyOf(d.snapshot, 'all', 'claimed'))).toEqual([8, 16, 24, 32]);
  });

  it('refuses a date-time without a zone, and a date that does not exist', () => {
    const zoneless = akashGpuBreakdownHistory.parseHistory(json([row('2026-09-01T00:00:00', 'h100', 8, 2)]), context);
    expect(zoneless).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: 0\.date/) });
    const impossible = akashGpuBreakdownHistory.parseHistory(json([row('2026-02-30', 'h100', 8, 2)]), context);
    expect(impossible).toEqual({ ok: false, error: 'invalid date 2026-02-30 for nvidia h100' });
  });

  it('merges two rows of one day that name the same card, and keeps an unplaceable name as unknown', () => {
    const payload = [
      row('2026-09-06T00:00:00.000Z', 'a6000', 18, 12),
      row('2026-09-06T00:00:00.000Z', 'rtxa6000', 8, 4),
      { ...row('2026-09-06T00:00:00.000Z', 'quantum9', 3, 1), vendor: 'acme' },
    ];
    const [only] = history(akashGpuBreakdownHistory.parseHistory(json(payload), context));
    if (!only) throw new Error('expected one day');
    expect(supplyOf(only.snapshot, 'rtx-a6000', 'claimed')).toBe(26);
    expect(supplyOf(only.snapshot, 'rtx-a6000', 'free')).toBe(10);
    expect(supplyOf(only.snapshot, 'unknown:acme quantum9', 'claimed')).toBe(3);
    expect(supplyOf(only.snapshot, 'all', 'claimed')).toBe(29);
    expect(supplyOf(only.snapshot, 'all', 'free')).toBe(12);
    expect(only.snapshot.unknownModels).toEqual(['unknown:acme quantum9']);
  });

  it('fails a row with more GPUs leased than it has, instead of recording negative free GPUs', () => {
    const result = akashGpuBreakdownHistory.parseHistory(json([row('2026-09-06', 'h100', 8, 9)]), context);
    expect(result).toEqual({ ok: false, error: 'leasedGpus 9 exceeds totalGpus 8 for nvidia h100 on 2026-09-06' });
  });

  it('fails a payload cut off mid-object, naming the problem', () => {
    const result = akashGpuBreakdownHistory.parseHistory(readRecording('akash', 'gpu-breakdown.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty history instead of recording zero GPUs', () => {
    const result = akashGpuBreakdownHistory.parseHistory(readRecording('akash', 'gpu-breakdown.empty.json'), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('empty history') });
    expect(akashGpuBreakdownHistory.parseHistory(new Uint8Array(), context)).toEqual({ ok: false, error: 'empty response body' });
    const onlyUnknown = [{ ...row('2026-09-06', 'Unknown', 0, 0), vendor: 'Unknown' }];
    expect(akashGpuBreakdownHistory.parseHistory(json(onlyUnknown), context)).toEqual({
      ok: false,
      error: expect.stringContaining('empty history'),
    });
  });

  it('fails a changed shape (snake_case columns), naming the missing fields', () => {
    const result = akashGpuBreakdownHistory.parseHistory(readRecording('akash', 'gpu-breakdown.changed-shape.json'), context);
    expectChangedShape(result, '0.totalGpus', '0.leasedGpus');
    const retyped = akashGpuBreakdownHistory.parseHistory(json([{ ...row('2026-09-06', 'h100', 8, 2), totalGpus: '8' }]), context);
    expect(retyped).toEqual({ ok: false, error: expect.stringContaining('0.totalGpus') });
    const notAnArray = akashGpuBreakdownHistory.parseHistory(json({ data: [row('2026-09-06', 'h100', 8, 2)] }), context);
    expect(notAnArray).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: \(root\)/) });
  });

  it('accepts gpuUtilization as the numeric string the API sends, or as a number', () => {
    const asNumber = [{ ...row('2026-09-06', 'h100', 8, 2), gpuUtilization: 25 }];
    expect(history(akashGpuBreakdownHistory.parseHistory(json(asNumber), context))).toHaveLength(1);
  });
});

describe('akash history recording', () => {
  it('is served at the exact path the adapter requests', () => {
    const manifest = readManifest('akash');
    const recording = manifest.recordings.find((r) => r.path === akashGpuBreakdownHistory.request.path);
    expect(recording?.file).toBe('gpu-breakdown.json');
    expect(akashGpuBreakdownHistory.request).toEqual({ method: 'GET', path: '/v1/gpu-breakdown' });
    expect(akashGpuBreakdownHistory.baseUrlVariable).toBe('AKASH_API_BASE_URL');
    expect(akashGpuBreakdownHistory.defaultBaseUrl).toBe('https://console-api.akash.network');
  });
});
