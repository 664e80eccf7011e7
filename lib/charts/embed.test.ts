import { describe, expect, it } from 'vitest';
import { parseEmbedParams } from '../embed/params';
import type { Series } from '../queries/series';
import type { RollupMetric } from '../vocabulary';
import { embedChart, restrictSeries, type EmbedData } from './embed';

const now = new Date('2026-11-24T12:00:00Z');
const parse = (kind: 'supply' | 'prices', query: string) => parseEmbedParams(kind, new URLSearchParams(query), now);
const at = ['2026-11-24T09:00:00.000Z', '2026-11-24T10:00:00.000Z', '2026-11-24T11:00:00.000Z'];

function series(sourceId: string, networkSlug: string, metric: RollupMetric, values: (number | null)[], unit = metric.startsWith('price') ? 'usd_per_gpu_hour' : 'gpus'): Series {
  return {
    sourceId,
    networkSlug,
    gpuModel: metric.startsWith('price') ? 'h100-sxm-80gb' : 'all',
    metric,
    unit,
    points: values.map((value, i) => ({ at: at[i]!, value, samples: value === null ? 0 : 1, runId: value === null ? null : 100 + i, observedAt: value === null ? null : at[i]!.replace(':00:00', ':20:00') })),
  };
}

const source = (id: string, name: string) => ({ id, networkSlug: id.split('-')[0] ?? null, name, evidenceGrade: 'official-api', endpoint: 'https://example.invalid' });
const data = (list: Series[]): EmbedData => ({
  window: { from: at[0]!, to: '2026-11-24T11:30:00.000Z', resolution: 'hour' },
  sources: [source('akash-gpu-prices', 'Akash prices'), source('akash-network-capacity', 'Akash capacity'), source('aws-ec2-ondemand-8gpu', 'AWS 8-GPU'), source('vastai-bundles', 'Vast offers')],
  series: list,
  previous: null,
});

describe('embedChart for supply', () => {
  const supply = data([
    series('akash-gpu-prices', 'akash', 'rentable', [10, null, 12]),
    series('akash-gpu-prices', 'akash', 'free', [20, 21, null]),
    series('akash-network-capacity', 'akash', 'claimed', [400, 410, 420]),
  ]);

  it('draws free and rentable per source like the network page, gaps kept', () => {
    const chart = embedChart(supply, parse('supply', 'network=akash'));
    expect(chart.lines.map((l) => l.key)).toEqual(['rentable~akash-gpu-prices', 'free~akash-gpu-prices']);
    expect(chart.rows.map((r) => r['rentable~akash-gpu-prices'])).toEqual([10, null, 12]);
    expect(chart.unit).toBe('gpus');
    // Only the sources drawn: the capacity source's claims are not on this chart.
    expect(chart.sourceNames).toEqual(['Akash prices']);
    expect(chart.latestObservedAt).toBe('2026-11-24T11:20:00.000Z');
  });

  it('names and dashes claims apart when they share the chart with free and rentable', () => {
    const chart = embedChart(supply, parse('supply', 'network=akash&status=claimed,rentable'));
    const claimed = chart.lines.find((l) => l.key.startsWith('claimed~'));
    expect(claimed?.label).toMatch(/^Claimed: Akash capacity/);
    expect(claimed?.style.dash).toBe('8 4');
    expect(chart.lines.map((l) => l.key)).toEqual(['claimed~akash-network-capacity~gpus', 'rentable~akash-gpu-prices']);
  });

  it('restricts to the series asked for and says which ids matched nothing', () => {
    const chart = embedChart(supply, parse('supply', 'network=akash&status=claimed,free,rentable&series=akash-network-capacity,nope'));
    expect(chart.lines.map((l) => l.key)).toEqual(['claimed~akash-network-capacity~gpus']);
    expect(chart.sourceNames).toEqual(['Akash capacity']);
    expect(chart.unmatchedSeries).toEqual(['nope']);
  });

  it('draws one model across networks like /compare', () => {
    const chart = embedChart(data([series('akash-gpu-prices', 'akash', 'rentable', [1, 2, 3]), series('vastai-bundles', 'vastai', 'rentable', [5, 6, 7])]), parse('supply', 'model=h100-sxm-80gb'));
    expect(chart.lines.map((l) => l.key)).toEqual(['akash-gpu-prices', 'vastai-bundles']);
  });

  it('has nothing to draw when nothing was reported', () => {
    const chart = embedChart(data([]), parse('supply', 'network=akash'));
    expect(chart).toMatchObject({ lines: [], rows: [], latestObservedAt: null, sourceNames: [] });
  });
});

describe('embedChart for prices', () => {
  const prices = data([
    series('akash-gpu-prices', 'akash', 'price_median', [2.1, 2.2, null]),
    series('akash-gpu-prices', 'akash', 'price_min', [1.5, 1.6, 1.7]),
    series('aws-ec2-ondemand-8gpu', 'aws', 'price_median', [6.88, null, null]),
  ]);

  it('draws median, cheapest and AWS (carried forward) for a network', () => {
    const chart = embedChart(prices, parse('prices', 'model=h100-sxm-80gb&network=akash'));
    expect(chart.lines.map((l) => l.key)).toEqual(['median~akash-gpu-prices', 'min~akash-gpu-prices', 'aws~8gpu']);
    expect(chart.rows.map((r) => r['aws~8gpu'])).toEqual([6.88, 6.88, 6.88]);
    expect(chart.unit).toBe('usd');
  });

  it('keeps one statistic when asked, and AWS alone with series=aws', () => {
    expect(embedChart(prices, parse('prices', 'model=h100-sxm-80gb&network=akash&price=min')).lines.map((l) => l.key)).toEqual(['min~akash-gpu-prices', 'aws~8gpu']);
    expect(embedChart(prices, parse('prices', 'model=h100-sxm-80gb&network=akash&series=aws')).lines.map((l) => l.key)).toEqual(['aws~8gpu']);
  });

  it('draws every network’s chosen statistic like /compare', () => {
    expect(embedChart(prices, parse('prices', 'model=h100-sxm-80gb&price=min')).lines.map((l) => l.key)).toEqual(['akash-gpu-prices', 'aws-8gpu']);
  });
});

describe('restrictSeries', () => {
  it('keeps everything without a list', () => {
    const all = data([series('akash-gpu-prices', 'akash', 'rentable', [1, 2, 3])]);
    expect(restrictSeries(all, null)).toEqual({ data: all, unmatched: [] });
  });
});
