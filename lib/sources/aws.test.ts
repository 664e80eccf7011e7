import { describe, expect, it } from 'vitest';
import { normaliseGpuModel } from '../gpu-models';
import { AWS_GPU_INSTANCES, awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu, awsInstanceGpuModel } from './aws';
import { readManifest, readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectFailure, json, parsed, usdPerGpuHourOf } from './test-helpers';
import type { ParsedSnapshot } from './types';

const context = contextAt('2026-08-06T18:00:00Z');
const FILE = 'ondemand-us-east-1-linux.json';
const LOCATION = 'US East (N. Virginia)';

function models(snapshot: ParsedSnapshot): string[] {
  return [...new Set(snapshot.prices.map((p) => p.gpuModel))].sort();
}

/** A one-region file with the given rows, keyed the way AWS keys them. */
function file(rows: Record<string, unknown>[]): Uint8Array {
  const region: Record<string, unknown> = {};
  for (const row of rows) {
    const type = String(row['Instance Type']);
    region[`${type.replace('.', ' ')} US East N. Virginia Linux ${Object.keys(region).length}`] = {
      Location: LOCATION,
      'Operating System': 'Linux',
      'Pre Installed S/W': 'NA',
      ...row,
    };
  }
  return json({ manifest: { currencyCode: 'USD' }, regions: { [LOCATION]: region } });
}

// Ids a user sees on the comparison page; each must be what normaliseGpuModel makes of the card.
const EXPECTED_IDS: Record<string, string> = {
  'p6-b300.48xlarge': 'b300',
  'p6-b200.48xlarge': 'b200',
  'p5en.48xlarge': 'h200-sxm-141gb',
  'p5.48xlarge': 'h100-sxm-80gb',
  'p5.4xlarge': 'h100-sxm-80gb',
  'p4de.24xlarge': 'a100-sxm-80gb',
  'p4d.24xlarge': 'a100-sxm-40gb',
  'p3dn.24xlarge': 'v100-32gb',
  'p3.2xlarge': 'v100-16gb',
  'g6e.xlarge': 'l40s',
  'g6.xlarge': 'l4',
  'g5.xlarge': 'a10g',
  'g4dn.xlarge': 't4',
};

describe('aws gpu table', () => {
  it('maps every tracked instance to the canonical id normaliseGpuModel gives the card', () => {
    for (const [instanceType, id] of Object.entries(EXPECTED_IDS)) {
      expect(awsInstanceGpuModel(instanceType), instanceType).toBe(id);
    }
    // The same ids other networks reach from their own spellings.
    expect(normaliseGpuModel('NVIDIA H100 80GB HBM3')).toBe('h100-sxm-80gb');
    expect(normaliseGpuModel('A100-SXM4-80GB')).toBe('a100-sxm-80gb');
    expect(normaliseGpuModel('NVIDIA A100-SXM4-40GB')).toBe('a100-sxm-40gb');
    expect(normaliseGpuModel('NVIDIA H200', { interface: 'SXM5' })).toBe('h200-sxm-141gb');
    expect(normaliseGpuModel('NVIDIA L40S')).toBe('l40s');
    expect(normaliseGpuModel('Tesla V100-SXM2-16GB')).toBe('v100-16gb');
    for (const instanceType of AWS_GPU_INSTANCES.keys()) {
      expect(awsInstanceGpuModel(instanceType), instanceType).not.toMatch(/^unknown:/);
    }
  });

  it('has a manifest naming the path the adapters request', () => {
    const manifest = readManifest('aws');
    expect(manifest.recordings.map((r) => r.path)).toEqual([awsEc2OnDemand1Gpu.request.path]);
    expect(awsEc2OnDemand8Gpu.request.path).toBe(awsEc2OnDemand1Gpu.request.path);
  });
});

describe('aws-ec2-ondemand-8gpu parse', () => {
  const snapshot = parsed(awsEc2OnDemand8Gpu.parse(readRecording('aws', FILE), context));

  it('reads the 8-GPU size ÷ 8 for every model sold in eight-GPU instances', () => {
    expect(models(snapshot)).toEqual(
      ['a100-sxm-40gb', 'a100-sxm-80gb', 'a10g', 'b200', 'b300', 'h100-sxm-80gb', 'h200-sxm-141gb', 'l4', 'l40s', 't4', 'v100-16gb', 'v100-32gb'].sort(),
    );
    expect(usdPerGpuHourOf(snapshot, 'h100-sxm-80gb')).toBeCloseTo(6.88, 10);
    expect(usdPerGpuHourOf(snapshot, 'h200-sxm-141gb')).toBeCloseTo(7.912, 10);
    expect(usdPerGpuHourOf(snapshot, 'b200')).toBeCloseTo(14.2416, 10);
    expect(usdPerGpuHourOf(snapshot, 'b300')).toBeCloseTo(17.802, 10);
    expect(usdPerGpuHourOf(snapshot, 'v100-32gb')).toBeCloseTo(3.9015, 10);
    expect(usdPerGpuHourOf(snapshot, 't4')).toBeCloseTo(0.978, 10);
    expect(snapshot.supply).toEqual([]);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('sets min and median to the same list price over one listing', () => {
    const a100 = snapshot.prices.filter((p) => p.gpuModel === 'a100-sxm-40gb');
    expect(a100).toHaveLength(2);
    for (const point of a100) {
      expect(point.usdPerGpuHour).toBeCloseTo(2.74470525, 10);
      expect(point.listings).toBe(1);
    }
    expect(a100.map((p) => p.statistic).sort()).toEqual(['median', 'min']);
  });

  it('unit trap: the price is per instance-hour, divided by the 8 GPUs (p4de $27.44705 → $3.4309)', () => {
    expect(usdPerGpuHourOf(snapshot, 'a100-sxm-80gb')).toBeCloseTo(27.44705 / 8, 10);
    expect(usdPerGpuHourOf(snapshot, 'a100-sxm-80gb')).toBeCloseTo(3.4309, 4);
  });

  it('unit trap: the price is a ten-decimal string, read as a number', () => {
    const result = parsed(
      awsEc2OnDemand8Gpu.parse(file([{ 'Instance Type': 'g5.48xlarge', price: '16.2880000000' }]), context),
    );
    expect(usdPerGpuHourOf(result, 'a10g')).toBe(2.036);
  });
});

describe('aws-ec2-ondemand-1gpu parse', () => {
  const snapshot = parsed(awsEc2OnDemand1Gpu.parse(readRecording('aws', FILE), context));

  it('reads the cheapest 1-GPU size per model and leaves out models sold only by eight', () => {
    expect(models(snapshot)).toEqual(['a10g', 'h100-sxm-80gb', 'l4', 'l40s', 't4', 'v100-16gb']);
    expect(usdPerGpuHourOf(snapshot, 'h100-sxm-80gb')).toBe(6.88);
    expect(usdPerGpuHourOf(snapshot, 'v100-16gb')).toBe(3.06);
    expect(usdPerGpuHourOf(snapshot, 'a10g', 'min')).toBe(1.006);
    expect(usdPerGpuHourOf(snapshot, 't4')).toBe(0.526);
    expect(usdPerGpuHourOf(snapshot, 'b200')).toBeUndefined();
    expect(usdPerGpuHourOf(snapshot, 'a100-sxm-80gb')).toBeUndefined();
  });

  it('unit trap: the 1-GPU size is cheaper per GPU than the 8-GPU size for L40S and L4', () => {
    const eight = parsed(awsEc2OnDemand8Gpu.parse(readRecording('aws', FILE), context));
    expect(usdPerGpuHourOf(snapshot, 'l40s')).toBe(1.861);
    expect(usdPerGpuHourOf(eight, 'l40s')).toBeCloseTo(3.7664, 4);
    expect(usdPerGpuHourOf(snapshot, 'l4')).toBe(0.8048);
    expect(usdPerGpuHourOf(eight, 'l4')).toBeCloseTo(1.6688, 10);
  });

  it('picks the cheapest 1-GPU size, not the first one listed (g6e.4xlarge $3.00 vs g6e.xlarge $1.861)', () => {
    const result = parsed(
      awsEc2OnDemand1Gpu.parse(
        file([
          { 'Instance Type': 'g6e.4xlarge', price: '3.0042400000' },
          { 'Instance Type': 'g6e.xlarge', price: '1.8610000000' },
        ]),
        context,
      ),
    );
    expect(usdPerGpuHourOf(result, 'l40s', 'min')).toBe(1.861);
    expect(usdPerGpuHourOf(result, 'l40s', 'median')).toBe(1.861);
  });

  it('unit trap: fractional g6f sizes (1/8 of an L4 at $0.202) are not priced as an L4', () => {
    const result = parsed(
      awsEc2OnDemand1Gpu.parse(
        file([
          { 'Instance Type': 'g6f.large', price: '0.2020000000' },
          { 'Instance Type': 'g6f.4xlarge', price: '0.9500000000' },
          { 'Instance Type': 'g6.xlarge', price: '0.8048000000' },
        ]),
        context,
      ),
    );
    expect(usdPerGpuHourOf(result, 'l4')).toBe(0.8048);
  });

  it('skips Windows, pre-installed software, dedicated tenancy, capacity blocks and missing prices', () => {
    const result = parsed(
      awsEc2OnDemand1Gpu.parse(
        file([
          { 'Instance Type': 'g5.xlarge', price: '0.50', 'Operating System': 'Windows' },
          { 'Instance Type': 'g5.xlarge', price: '0.60', 'Pre Installed S/W': 'SQL Std' },
          { 'Instance Type': 'g5.xlarge', price: '0.70', Tenancy: 'Dedicated' },
          { 'Instance Type': 'g5.xlarge', price: '0.80', 'Instance Family': 'GPU instance Capacity Block' },
          { 'Instance Type': 'g5.xlarge', price: '0.0000000000' },
          { 'Instance Type': 'g5.xlarge', price: 'NA' },
          { 'Instance Type': 'g5.xlarge', price: '1.0060000000' },
        ]),
        context,
      ),
    );
    expect(usdPerGpuHourOf(result, 'a10g', 'min')).toBe(1.006);
  });
});

describe('aws file failures', () => {
  it('fails a payload cut off mid-row, naming the problem', () => {
    const result = awsEc2OnDemand8Gpu.parse(readRecording('aws', 'ondemand-us-east-1-linux.malformed.json'), context);
    expectFailure(result, /^not JSON/);
  });

  it('fails an empty region instead of recording no prices', () => {
    const result = awsEc2OnDemand1Gpu.parse(readRecording('aws', 'ondemand-us-east-1-linux.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(awsEc2OnDemand1Gpu, context);
  });

  it('fails a file that lists only instances we do not track', () => {
    const result = awsEc2OnDemand8Gpu.parse(file([{ 'Instance Type': 't3.micro', price: '0.0104000000' }]), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('tracked GPU instance types') });
  });

  it('fails a changed shape, naming the missing fields', () => {
    const result = awsEc2OnDemand8Gpu.parse(readRecording('aws', 'ondemand-us-east-1-linux.changed-shape.json'), context);
    expectChangedShape(result, '.price', 'Instance Type');
  });

  it('fails a file for another location or currency', () => {
    const ohio = json({ regions: { 'US East (Ohio)': {} } });
    expect(awsEc2OnDemand8Gpu.parse(ohio, context)).toEqual({
      ok: false,
      error: 'unexpected shape: regions has no "US East (N. Virginia)" entry (found: US East (Ohio))',
    });
    const euros = json({ manifest: { currencyCode: 'EUR' }, regions: {} });
    expect(awsEc2OnDemand8Gpu.parse(euros, context)).toEqual({ ok: false, error: expect.stringContaining('EUR') });
  });
});
