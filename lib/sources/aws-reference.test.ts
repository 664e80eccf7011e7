import { describe, expect, it } from 'vitest';
import { awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu } from './aws';
import {
  AWS_REFERENCE_PRICES,
  awsReferenceHistory,
  awsReferenceTable,
  awsReferenceTable1Gpu,
  type AwsReferencePrice,
} from './aws-reference';
import { readRecording } from './recordings';
import { snapshotOn, usdPerGpuHourOf } from './test-helpers';
import type { ParsedSnapshot } from './types';

describe('aws reference table history', () => {
  const eight = awsReferenceHistory();

  it('shows the June 2025 cut: H100 8-GPU per GPU-hour 12.29 before, 6.88 after', () => {
    expect(eight.map((h) => h.observedAt.toISOString().slice(0, 10))).toEqual(['2025-05-31', '2025-06-01', '2026-08-06']);
    expect(usdPerGpuHourOf(snapshotOn(eight, '2025-05-31'), 'h100-sxm-80gb')).toBeCloseTo(12.29, 10);
    expect(usdPerGpuHourOf(snapshotOn(eight, '2025-06-01'), 'h100-sxm-80gb')).toBeCloseTo(6.88, 10);
    expect(usdPerGpuHourOf(snapshotOn(eight, '2026-08-06'), 'h100-sxm-80gb')).toBeCloseTo(6.88, 10);
  });

  it('cuts both A100 series by about a third', () => {
    const before = snapshotOn(eight, '2025-05-31');
    const after = snapshotOn(eight, '2025-06-01');
    expect(usdPerGpuHourOf(before, 'a100-sxm-40gb')).toBeCloseTo(4.09625, 10);
    expect(usdPerGpuHourOf(after, 'a100-sxm-40gb')).toBeCloseTo(2.74470525, 10);
    expect(usdPerGpuHourOf(before, 'a100-sxm-80gb')).toBeCloseTo(5.12125, 10);
    expect(usdPerGpuHourOf(after, 'a100-sxm-80gb')).toBeCloseTo(3.43088125, 10);
  });

  it('vouches before the cut only for the instances the cut touched', () => {
    const before = snapshotOn(eight, '2025-05-31');
    expect([...new Set(before.prices.map((p) => p.gpuModel))].sort()).toEqual(['a100-sxm-40gb', 'a100-sxm-80gb', 'h100-sxm-80gb']);
    expect(usdPerGpuHourOf(before, 'l40s')).toBeUndefined();
  });

  it('matches the live 8-GPU and 1-GPU adapters on the date of the recorded file', () => {
    const context = { observedAt: new Date('2026-08-06T18:00:00Z') };
    const bytes = readRecording('aws', 'ondemand-us-east-1-linux.json');
    for (const [sizing, adapter] of [
      ['8gpu', awsEc2OnDemand8Gpu],
      ['1gpu', awsEc2OnDemand1Gpu],
    ] as const) {
      const live = adapter.parse(bytes, context);
      if (!live.ok) throw new Error(live.error);
      const reference = snapshotOn(awsReferenceHistory(sizing), '2026-08-06');
      const byKey = (s: ParsedSnapshot) => Object.fromEntries(s.prices.map((p) => [`${p.gpuModel}|${p.statistic}`, p.usdPerGpuHour]));
      expect(byKey(reference)).toEqual(byKey(live.value));
    }
  });

  it('has no 1-GPU series before 2026-08-06 and no empty snapshots', () => {
    const one = awsReferenceHistory('1gpu');
    expect(one.map((h) => h.observedAt.toISOString().slice(0, 10))).toEqual(['2026-08-06']);
    expect(usdPerGpuHourOf(snapshotOn(one, '2026-08-06'), 'l40s')).toBe(1.861);
  });

  it('unit trap: a reference price is per instance-hour, divided by the GPUs (g4dn.metal $7.824 ÷ 8)', () => {
    expect(usdPerGpuHourOf(snapshotOn(eight, '2026-08-06'), 't4')).toBeCloseTo(0.978, 10);
  });

  it('carries a price forward until a later row replaces it', () => {
    const table: AwsReferencePrice[] = [
      { instanceType: 'p5.48xlarge', usdPerInstanceHour: 80, effectiveFrom: '2025-01-01', confidence: 'low', source: 'test' },
      { instanceType: 'g5.48xlarge', usdPerInstanceHour: 16, effectiveFrom: '2025-02-01', confidence: 'low', source: 'test' },
    ];
    const history = awsReferenceHistory('8gpu', table);
    expect(usdPerGpuHourOf(snapshotOn(history, '2025-02-01'), 'h100-sxm-80gb')).toBe(10);
    expect(usdPerGpuHourOf(snapshotOn(history, '2025-02-01'), 'a10g')).toBe(2);
  });

  it('is pure: the same call gives the same history', () => {
    expect(awsReferenceHistory()).toEqual(awsReferenceHistory());
    expect(AWS_REFERENCE_PRICES.every((row) => row.usdPerInstanceHour > 0 && /^\d{4}-\d{2}-\d{2}$/.test(row.effectiveFrom))).toBe(true);
  });

  it('exports source metadata for each sizing', () => {
    expect(awsReferenceTable).toMatchObject({ id: 'aws-reference-table', network: 'aws', evidenceGrade: 'backfilled-history', sizing: '8gpu' });
    expect(awsReferenceTable1Gpu).toMatchObject({ id: 'aws-reference-table-1gpu', sizing: '1gpu' });
    expect(awsReferenceTable.history()).toEqual(eight);
    expect(awsReferenceTable.methodology.some((row) => /committed transcription/.test(row.reasoning))).toBe(true);
    expect(awsReferenceTable.methodology.some((row) => /unreachable/.test(row.reasoning))).toBe(true);
  });
});
