import { describe, expect, it } from 'vitest';
import { findNetwork } from '../networks';
import type { Series } from '../queries/series';
import {
  GPU_INDEX_METHODOLOGY,
  indexHeadline,
  indexMoves,
  indexValue,
  isIndexModel,
  INDEX_MODELS,
  MAD_SCALE,
  outlierNetworks,
  quoteDepth,
  quotesByBucket,
  type IndexValue,
  type SourceQuote,
} from './gpu-index';
import { isCatalogueModel } from '../gpu-models';

let run = 0;
function quote(networkSlug: string, median: number, options: Partial<SourceQuote> = {}): SourceQuote {
  run += 1;
  return {
    sourceId: `${networkSlug}-prices`,
    networkSlug,
    runId: run,
    observedAt: '2026-11-24T10:05:00.000Z',
    medianUsdPerGpuHour: median,
    p25UsdPerGpuHour: median * 0.9,
    minUsdPerGpuHour: median * 0.8,
    rentableGpus: 10,
    ...options,
  };
}

const AT = '2026-11-24T10:00:00.000Z';
const value = (quotes: SourceQuote[], aws = 6) =>
  indexValue({ model: 'h100-sxm-80gb', at: AT, depinQuotes: quotes, aws: { usdPerGpuHour: aws, runId: 1, observedAt: AT }, vastai: null });

describe('the GPU index of one bucket', () => {
  it('is the median of network prices, each the median of its sources, with the methodology on the value', () => {
    const v = value([quote('akash', 2), quote('lium', 3), quote('fluence', 2.2, { sourceId: 'fluence-vms' }), quote('fluence', 2.6, { sourceId: 'fluence-bm' }), quote('spheron', 4)]);
    // Networks: akash 2, fluence 2.4 (median of 2.2 and 2.6), lium 3, spheron 4 → (2.4 + 3) / 2.
    expect(v.usdPerGpuHour).toBeCloseTo(2.7, 10);
    expect(v.networks).toBe(4);
    expect(v.methodology).toBe(GPU_INDEX_METHODOLOGY);
    expect(v.vsAwsPercent).toBeCloseTo((2.7 / 6 - 1) * 100, 10);
    expect(v.contributions.find((c) => c.networkSlug === 'fluence')?.usdPerGpuHour).toBeCloseTo(2.4, 10);
  });

  it('is unpublished with a reason, never zero, below three networks, however many sources one network has', () => {
    const v = value([quote('akash', 2), quote('ionet', 3, { sourceId: 'ionet-vms' }), quote('ionet', 3.1, { sourceId: 'ionet-caas' })]);
    expect(v.published).toBe(false);
    expect(v.usdPerGpuHour).toBeNull();
    expect(v.depthGpus).toBeNull();
    expect(v.vsAwsPercent).toBeNull();
    expect(v.reason).toMatch(/2 networks.*at least 3/);
    expect(value([]).reason).toMatch(/no DePIN network/);
    expect(value([quote('akash', 2), quote('lium', 2.5), quote('ionet', 3)]).published).toBe(true);
  });

  it('leaves out a network more than 3 scaled MADs from the median, and publishes only if 3 remain', () => {
    const prices = [
      { networkSlug: 'a', usdPerGpuHour: 2.0 },
      { networkSlug: 'b', usdPerGpuHour: 2.1 },
      { networkSlug: 'c', usdPerGpuHour: 2.3 },
      { networkSlug: 'd', usdPerGpuHour: 2.4 },
      { networkSlug: 'e', usdPerGpuHour: 9 },
    ];
    // Median 2.3; deviations 0.3, 0.2, 0, 0.1, 6.7 → MAD 0.2, scaled 0.2 × 1.4826; 3 × that is 0.89.
    expect([...outlierNetworks(prices)]).toEqual(['e']);
    // Just inside the cut stays, just outside goes.
    const cut = 2.3 + 3 * 0.2 * MAD_SCALE;
    expect([...outlierNetworks([...prices.slice(0, 4), { networkSlug: 'e', usdPerGpuHour: cut - 0.01 }])]).toEqual([]);
    const v = value([quote('akash', 2), quote('lium', 2.1), quote('ionet', 2.3), quote('fluence', 2.4), quote('spheron', 9)]);
    expect(v.outlierNetworks).toEqual(['spheron']);
    expect(v.usdPerGpuHour).toBeCloseTo(2.2, 10);
    expect(v.networks).toBe(4);
    // An outlier can take the bucket under three networks: then it is unpublished.
    const thin = value([quote('akash', 2), quote('lium', 2), quote('ionet', 2.1), quote('spheron', 40)]);
    expect(thin.outlierNetworks).toEqual(['spheron']);
    expect(thin.published).toBe(true);
    const tooThin = value([quote('akash', 2), quote('lium', 2.2), quote('spheron', 40)]);
    // Three prices, median 2.2, MAD 0.2: 40 is an outlier and two networks remain.
    expect(tooThin.outlierNetworks).toEqual(['spheron']);
    expect(tooThin.published).toBe(false);
    expect(tooThin.reason).toMatch(/after 1 outlier/);
  });

  it('drops nothing when the MAD is zero: a zero scale would drop every price but the common one', () => {
    expect([...outlierNetworks([{ networkSlug: 'a', usdPerGpuHour: 2 }, { networkSlug: 'b', usdPerGpuHour: 2 }, { networkSlug: 'c', usdPerGpuHour: 3 }])]).toEqual([]);
  });

  it('counts depth from the quantiles each source stored, per network the most one source guarantees', () => {
    const q = quote('akash', 2, { p25UsdPerGpuHour: 1.5, minUsdPerGpuHour: 1, rentableGpus: 40 });
    expect(quoteDepth(q, 2)).toBe(20);
    expect(quoteDepth(q, 1.9)).toBe(10);
    expect(quoteDepth(q, 1)).toBe(1);
    expect(quoteDepth(q, 0.9)).toBe(0);
    const v = value([
      quote('akash', 2, { rentableGpus: 40 }),
      quote('lium', 3, { rentableGpus: 8, p25UsdPerGpuHour: 2.4, minUsdPerGpuHour: 2.4 }),
      quote('ionet', 2.5, { sourceId: 'ionet-vms', rentableGpus: 10 }),
      quote('ionet', 2.5, { sourceId: 'ionet-caas', rentableGpus: 30 }),
    ]);
    // Index: median of 2, 2.5, 3 = 2.5. akash median ≤ 2.5: 20; ionet: the larger source, 15; lium p25 ≤ 2.5: 2.
    expect(v.usdPerGpuHour).toBe(2.5);
    expect(v.depthGpus).toBe(20 + 15 + 2);
  });

  it('publishes only canonical models, SXM and PCIe apart', () => {
    for (const model of INDEX_MODELS) expect(isCatalogueModel(model), model).toBe(true);
    expect(INDEX_MODELS).toContain('h100-sxm-80gb');
    expect(INDEX_MODELS).toContain('h100-pcie-80gb');
    expect(isIndexModel('h100')).toBe(false);
  });
});

describe('quotes from rollup series', () => {
  const point = (at: string, value: number | null, runId: number | null) => ({ at, value, samples: value === null ? 0 : 1, runId, observedAt: value === null ? null : at });
  const s = (sourceId: string, networkSlug: string, gpuModel: string, metric: Series['metric'], points: ReturnType<typeof point>[], unit = metric === 'rentable' ? 'gpus' : 'usd_per_gpu_hour'): Series => ({
    sourceId,
    networkSlug,
    gpuModel,
    metric,
    unit,
    points,
  });
  const kind = (slug: string) => findNetwork(slug)?.kind;
  const T0 = '2026-11-24T10:00:00.000Z';
  const T1 = '2026-11-24T11:00:00.000Z';

  it('takes a source only where a rentable count above zero came from the run of its price', () => {
    const quotes = quotesByBucket(
      [
        s('akash-gpu-prices', 'akash', 'h100-sxm-80gb', 'price_median', [point(T0, 2.5, 1), point(T1, 2.6, 2)]),
        s('akash-gpu-prices', 'akash', 'h100-sxm-80gb', 'rentable', [point(T0, 10, 1), point(T1, 0, 2)]),
        // A list price with no rentable count at all: never a quote.
        s('nosana-markets', 'nosana', 'h100-sxm-80gb', 'price_median', [point(T0, 1.9, 3), point(T1, 1.9, 4)]),
        // Price and count of different runs: not one offer.
        s('lium-executors', 'lium', 'h100-sxm-80gb', 'price_median', [point(T0, 2, 5)]),
        s('lium-executors', 'lium', 'h100-sxm-80gb', 'rentable', [point(T0, 3, 6)]),
        // Vast.ai is a marketplace: never a DePIN quote.
        s('vastai-bundles', 'vastai', 'h100-sxm-80gb', 'price_median', [point(T0, 2, 7)]),
        s('vastai-bundles', 'vastai', 'h100-sxm-80gb', 'rentable', [point(T0, 9, 7)]),
      ],
      kind,
      'depin',
    );
    expect(quotes.get(T0)?.map((q) => q.sourceId)).toEqual(['akash-gpu-prices']);
    expect(quotes.get(T1)).toBeUndefined();
    const vast = quotesByBucket([s('vastai-bundles', 'vastai', 'x', 'price_median', [point(T0, 2, 7)]), s('vastai-bundles', 'vastai', 'x', 'rentable', [point(T0, 9, 7)])], kind, 'marketplace');
    expect(vast.get(T0)?.[0]?.rentableGpus).toBe(9);
  });
});

describe('headline and moves', () => {
  const daily = (day: number, usd: number | null, aws = 6): IndexValue => {
    const at = new Date(Date.UTC(2026, 10, day)).toISOString();
    const quotes = usd === null ? [] : [quote('akash', usd), quote('lium', usd), quote('ionet', usd)];
    return indexValue({ model: 'h100-sxm-80gb', at, depinQuotes: quotes, aws: { usdPerGpuHour: aws, runId: 1, observedAt: at }, vastai: null });
  };

  it('compares the latest published day with the days 7 and 30 before it, in percent and in points against AWS', () => {
    const values = [daily(1, 3), ...Array.from({ length: 22 }, (_, i) => daily(i + 2, null)), daily(24, 2.4), daily(25, 2.7), ...Array.from({ length: 5 }, (_, i) => daily(i + 26, null)), daily(31, 2.4)];
    const headline = indexHeadline('h100-sxm-80gb', values);
    expect(headline.current?.at).toBe('2026-12-01T00:00:00.000Z');
    expect(headline.change7d.from?.at).toBe('2026-11-24T00:00:00.000Z');
    expect(headline.change7d.indexPercent).toBeCloseTo(0, 10);
    expect(headline.change30d.indexPercent).toBeCloseTo(-20, 10);
    expect(headline.change30d.vsAwsPoints).toBeCloseTo((2.4 / 6 - 3 / 6) * 100, 10);
    // Nothing published 7 days back: no change is invented.
    expect(indexHeadline('h100-sxm-80gb', [daily(20, null), daily(27, 2.5)]).change7d).toEqual({ from: null, indexPercent: null, vsAwsPoints: null });
  });

  it('lists moves beyond the threshold between consecutive published values, across unpublished buckets', () => {
    const values = [daily(1, 2), daily(2, 2.1), daily(3, null), daily(4, 2.5), daily(5, 2.4)];
    const moves = indexMoves(values, { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), thresholdPercent: 10 });
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ fromAt: '2026-11-02T00:00:00.000Z', toAt: '2026-11-04T00:00:00.000Z', fromUsdPerGpuHour: 2.1, toUsdPerGpuHour: 2.5, methodology: GPU_INDEX_METHODOLOGY });
    expect(moves[0]?.changePercent).toBeCloseTo((2.5 / 2.1 - 1) * 100, 10);
    expect(moves[0]?.runIds).toHaveLength(3);
    expect(indexMoves(values, { from: new Date('2026-11-05T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), thresholdPercent: 10 })).toEqual([]);
  });
});
