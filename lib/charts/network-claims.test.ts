import { describe, expect, it } from 'vitest';
import { loadLedger } from '../claims/ledger';
import type { LatestModelFigures } from '../queries/latest';
import { claimRows, claimsOutsideWindow, measuredSavings, type ClaimContext } from './network-claims';

const source = (sourceId: string, models: LatestModelFigures[], runId = 1) => ({
  sourceId,
  sourceName: sourceId,
  evidenceGrade: 'official-api',
  runId,
  observedAt: '2026-11-24T11:00:00.000Z',
  snapshotSha256: null,
  models,
});
const priced = (gpuModel: string, min: number, median = min): LatestModelFigures => ({ gpuModel, supply: {}, usdPerGpuHour: { min, median } });

const ionetLatest = [source('ionet-market-snapshot', [priced('h100-sxm-80gb', 2.19, 2.34), priced('l40s', 0.89), priced('rtx-4090', 0.39)], 11), source('ionet-cloud-vmaas-catalogue', [priced('h100-sxm-80gb', 2.99, 3.19)], 12)];
const awsLatest = [
  source('aws-reference-table', [priced('h100-sxm-80gb', 12.29)]),
  source('aws-ec2-ondemand-8gpu', [priced('h100-sxm-80gb', 6.88), priced('l40s', 3.7663975)]),
  source('aws-ec2-ondemand-1gpu', [priced('l40s', 1.861)]),
];
const ctx: ClaimContext = {
  rentable: { value: 312, unit: 'gpus', sourceId: 'ionet-cloud-caas-availability', observedAt: '2026-11-24T11:00:00.000Z', runId: 42, evidenceGrade: 'official-api' },
  rentableSourceName: 'io.net IO Cloud: container GPU availability',
  latest: ionetLatest,
  awsLatest,
};

describe('claims beside what was measured', () => {
  const rows = claimRows(loadLedger(), 'ionet', ctx);

  it('lists every io.net claim of the ledger, with its source link and date', () => {
    expect(rows.map((r) => r.id)).toContain('ionet-2024-05-01-gpus-headline');
    expect(rows.every((r) => r.sourceUrl.startsWith('https://') && /^\d{4}-\d{2}-\d{2}$/.test(r.seenAt))).toBe(true);
    expect(rows.some((r) => r.id.startsWith('aethir'))).toBe(false);
  });

  it('sets a GPU claim against the GPUs rentable now, as a share', () => {
    const headline = rows.find((r) => r.id === 'ionet-2024-05-01-gpus-headline');
    expect(headline?.measured).toEqual({ text: 'Rentable now: 312 GPUs (io.net IO Cloud: container GPU availability), 0.055% of the claim.', runId: 42 });
    const third = rows.find((r) => r.id === 'ionet-2024-05-01-rentable-measured');
    expect(third?.measured.text).toBe('Rentable now: 312 GPUs (io.net IO Cloud: container GPU availability), against 320 GPUs measured then.');
    const nodes = rows.find((r) => r.id === 'ionet-2024-05-01-nodes');
    expect(nodes?.measured.text).toMatch(/^Rentable now: 312 GPUs .*cannot be divided by GPUs\.$/);
  });

  it('sets a saving claim against the saving measured, cheapest listing against AWS 8-GPU ÷ 8', () => {
    const savings = rows.find((r) => r.id === 'ionet-2024-05-01-savings');
    // L40S 0.89 vs 3.766 (76%), H100 2.19 vs the live 6.88 (68%), not the pre-cut table price.
    expect(savings?.measured.text).toBe(
      'Measured now: 68% to 76% below AWS (cheapest listing against AWS 8-GPU size ÷ 8, 2 models; largest for L40S: $0.89/GPU-h against $3.77/GPU-h).',
    );
    expect(savings?.measured.runId).toBe(11);
  });

  it('picks the cheapest listing across sources and prefers the live AWS file', () => {
    expect(measuredSavings(ionetLatest, awsLatest).map((s) => [s.gpuModel, s.usdPerGpuHour, s.awsUsdPerGpuHour, s.awsSizing])).toEqual([
      ['l40s', 0.89, 3.7663975, '8gpu'],
      ['h100-sxm-80gb', 2.19, 6.88, '8gpu'],
    ]);
    expect(measuredSavings(ionetLatest, [awsLatest[2]!]).map((s) => [s.gpuModel, s.awsSizing])).toEqual([['l40s', '1gpu']]);
  });

  it('sets a price claim against the cheapest listing of the model, and says when nothing answers a claim', () => {
    const akash = claimRows(loadLedger(), 'akash', { ...ctx, latest: [source('akash-gpu-prices', [priced('h100-sxm-80gb', 1.5, 1.9)], 5)] });
    const listPrice = akash.find((r) => r.id === 'akash-2026-09-20-h100-list-price');
    expect(listPrice?.measured).toEqual({ text: 'Cheapest H100 SXM 80GB listed now: $1.50/GPU-h (median $1.90/GPU-h) on akash-gpu-prices, 55% of the claimed price.', runId: 5 });
    const aethir = claimRows(loadLedger(), 'aethir', { rentable: null, rentableSourceName: null, latest: [], awsLatest });
    expect(aethir.map((r) => r.measured.text)).toEqual(expect.arrayContaining(['No GPUs measured as rentable: no public source of this network lists orderable GPUs.']));
    expect(claimRows(loadLedger(), 'ionet', { ...ctx, latest: [] }).find((r) => r.unit === 'percent')?.measured.text).toBe(
      'No model priced both here and by AWS, so no saving measured.',
    );
  });

  it('names the charted claims dated outside the window', () => {
    const week = { from: '2026-11-17T12:00:00.000Z', to: '2026-11-24T12:00:00.000Z', resolution: 'hour' as const };
    const outside = claimsOutsideWindow(loadLedger(), 'ionet', week);
    expect(outside.map((c) => c.id)).toEqual([
      'ionet-2024-05-01-gpus-constant',
      'ionet-2024-05-01-gpus-deploy-page',
      'ionet-2024-05-01-gpus-headline',
      'ionet-2024-05-01-gpus-resource-manager',
      'ionet-2024-05-01-nodes',
    ]);
    expect(claimsOutsideWindow(loadLedger(), 'ionet', { from: '2024-01-01T00:00:00.000Z', to: '2026-11-24T12:00:00.000Z', resolution: 'day' })).toEqual([]);
    expect(claimsOutsideWindow(loadLedger(), 'ionet', { from: '2024-05-01T06:00:00.000Z', to: '2024-05-02T06:00:00.000Z', resolution: 'day' })).toEqual([]);
  });
});
