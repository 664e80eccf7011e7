/**
 * The model picker's list over a database filled the way production fills it (committed
 * history plus a scrape pass of every source against the recorded payloads), and a few
 * hand-written rollups for the cases the recordings do not contain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { seriesRollups } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { readModelCoverage } from './model-coverage';

describe.each(testDatabaseKinds())('model coverage on $name', (kind) => {
  let handle: DatabaseHandle;
  let close: SeededDatabase['close'] | undefined;
  const at = new Date('2026-11-24T10:00:00Z');

  beforeAll(async () => {
    ({ handle, close } = await seedReplayedDatabase(kind, { scrapeAt: [at] }));
    const rollup = (gpuModel: string, networkSlug: string, metric: string) =>
      (['hour', 'day'] as const).map((resolution) => ({
        resolution,
        bucketStart: new Date(resolution === 'hour' ? '2026-11-24T10:00:00Z' : '2026-11-24T00:00:00Z'),
        sourceId: `${networkSlug}-synthetic`,
        networkSlug,
        gpuModel,
        metric,
        unit: metric === 'claimed' ? 'gpus' : 'usd_per_gpu_hour',
        samples: 1,
        sum: 1,
        min: 1,
        max: 1,
        last: 1,
        lastObservedAt: at,
        lastRunId: 1,
      }));
    await handle.db
      .insert(seriesRollups)
      .values([
        // Claimed only: nothing rentable or priced to compare.
        ...rollup('zz-claimed-only', 'akash', 'claimed'),
        // Priced by AWS alone: nothing to set against the reference.
        ...rollup('zz-aws-only', 'aws', 'price_median'),
        // Priced by one network through its p25 alone still counts.
        ...rollup('zz-p25-only', 'golem', 'price_p25'),
      ]);
  }, 120_000);
  afterAll(() => close?.());

  it('lists H100 SXM with every network that rents or prices it, and the AWS reference', async () => {
    const models = await readModelCoverage(handle.db);
    const h100 = models.find((m) => m.gpuModel === 'h100-sxm-80gb');
    expect(h100).toEqual({
      gpuModel: 'h100-sxm-80gb',
      networks: 8,
      networkSlugs: ['akash', 'fluence', 'hyperbolic', 'ionet', 'lium', 'nosana', 'spheron', 'vastai'],
      awsReference: true,
    });
    expect(models.find((m) => m.gpuModel === 'rtx-4090')?.awsReference).toBe(false);
  });

  it('orders by network count, most first, and never counts AWS as a network', async () => {
    const models = await readModelCoverage(handle.db);
    expect(models.length).toBeGreaterThan(10);
    const counts = models.map((m) => m.networks);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(models.every((m) => m.networks === m.networkSlugs.length && m.networks > 0 && !m.networkSlugs.includes('aws'))).toBe(true);
  });

  it('leaves out network totals, unrecognised names, claim-only and AWS-only models', async () => {
    const ids = (await readModelCoverage(handle.db)).map((m) => m.gpuModel);
    expect(ids).not.toContain('all');
    expect(ids.some((id) => id.startsWith('unknown:'))).toBe(false);
    expect(ids).not.toContain('zz-claimed-only');
    expect(ids).not.toContain('zz-aws-only');
    expect(ids).toContain('zz-p25-only');
  });
});
