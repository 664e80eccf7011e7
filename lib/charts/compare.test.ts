import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../api/responses';
import type { Series, SeriesPoint } from '../queries/series';
import { committedSources, SOURCES } from '../sources/registry';
import {
  AWS_SOURCE_SIZING,
  comparisonRows,
  formatSaving,
  latestFigure,
  mergeAwsPoints,
  orderSeries,
  priceChart,
  priceDotPlot,
  rentableChart,
  savingPercent,
  shiftPoints,
  sourceLabel,
  sourceLineStyle,
} from './compare';
import { AWS_STYLE, lineStyle, PALETTE } from './palette';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-24T00:00:00Z');
const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
const window = { from: at(0), to: at(4), resolution: 'hour' as const };

let nextRun = 1;
function points(values: readonly (number | null)[], startHour = 0): SeriesPoint[] {
  return values.map((value, i) => ({
    at: at(startHour + i),
    value,
    samples: value === null ? 0 : 1,
    runId: value === null ? null : nextRun++,
    observedAt: value === null ? null : new Date(T0 + (startHour + i) * HOUR + 5 * 60_000).toISOString(),
  }));
}

function series(
  sourceId: string,
  networkSlug: string,
  metric: Series['metric'],
  values: readonly (number | null)[],
  unit = metric.startsWith('price') ? 'usd_per_gpu_hour' : 'gpus',
  startHour = 0,
): Series {
  return { sourceId, networkSlug, gpuModel: 'h100-sxm-80gb', metric, unit, points: points(values, startHour) };
}
/** The same series over the previous period: the four hours before the window. */
const previousSeries = (sourceId: string, networkSlug: string, metric: Series['metric'], values: readonly (number | null)[]) =>
  series(sourceId, networkSlug, metric, values, undefined, -4);

const source = (id: string, networkSlug: string, name: string): SourceInfo => ({ id, networkSlug, name, evidenceGrade: 'official-api', endpoint: '' });
const SOURCES_INFO = [
  source('akash-gpu-prices', 'akash', 'Akash console API: GPU prices and availability'),
  source('vastai-bundles', 'vastai', 'Vast.ai API: offer search'),
  source('ionet-cloud-caas-availability', 'ionet', 'io.net IO Cloud: container GPU availability'),
];

describe('AWS sizing table', () => {
  it('names every AWS price source in the registry, live and committed, and nothing else', () => {
    const registered = [...SOURCES, ...committedSources()].filter((s) => s.network === 'aws').map((s) => s.id);
    expect(Object.keys(AWS_SOURCE_SIZING).sort()).toEqual([...new Set(registered)].sort());
  });
});

describe('line styles', () => {
  it('matches the shared palette for the first seven lines, and never uses black (the AWS colour)', () => {
    for (let i = 0; i < 7; i++) expect(sourceLineStyle(i)).toEqual(lineStyle(i));
    for (let i = 0; i < 30; i++) expect(sourceLineStyle(i).color).not.toBe(PALETTE[7]);
  });
  it('keeps ten or more lines tellable apart by colour, dash or marker', () => {
    const styles = Array.from({ length: 14 }, (_, i) => sourceLineStyle(i));
    const signatures = new Set(styles.map((s) => `${s.color}|${s.dash ?? ''}|${s.marker}`));
    expect(signatures.size).toBe(14);
  });
  it('never repeats a colour within fifteen lines, the most /compare draws', () => {
    const colours = Array.from({ length: 15 }, (_, i) => sourceLineStyle(i).color);
    expect(new Set(colours).size).toBe(15);
    expect(colours).not.toContain(AWS_STYLE.color);
  });
});

describe('labels and order', () => {
  it('labels a line network · source, and marks Vast.ai as not DePIN', () => {
    expect(sourceLabel({ sourceId: 'akash-gpu-prices', networkSlug: 'akash' }, SOURCES_INFO)).toBe(
      'Akash Network · Akash console API: GPU prices and availability',
    );
    expect(sourceLabel({ sourceId: 'vastai-bundles', networkSlug: 'vastai' }, SOURCES_INFO)).toBe('Vast.ai (not DePIN) · Vast.ai API: offer search');
    expect(sourceLabel({ sourceId: 'mystery', networkSlug: 'nowhere' }, SOURCES_INFO)).toBe('nowhere · mystery');
  });
  it('orders by the network list, then source id', () => {
    const ordered = orderSeries([
      { networkSlug: 'vastai', sourceId: 'vastai-bundles' },
      { networkSlug: 'akash', sourceId: 'akash-gpu-prices' },
      { networkSlug: 'ionet', sourceId: 'ionet-cloud-vmaas-catalogue' },
      { networkSlug: 'ionet', sourceId: 'ionet-cloud-caas-availability' },
    ]);
    expect(ordered.map((s) => s.sourceId)).toEqual(['ionet-cloud-caas-availability', 'ionet-cloud-vmaas-catalogue', 'akash-gpu-prices', 'vastai-bundles']);
  });
});

describe('shiftPoints', () => {
  it('moves the previous period onto the current buckets by whole buckets', () => {
    const previous = points([1, 2], -4);
    expect(shiftPoints(previous, window, HOUR).map((p) => p.at)).toEqual([at(0), at(1)]);
    // A span that is not a whole number of buckets still lands on the grid.
    expect(shiftPoints(previous, { from: at(0), to: new Date(T0 + 4 * HOUR + 20 * 60_000).toISOString() }, HOUR)[0]?.at).toBe(at(0));
  });
});

describe('mergeAwsPoints', () => {
  it('prefers the live file, fills from the reference table, and carries a list price forward', () => {
    const live = series('aws-ec2-ondemand-8gpu', 'aws', 'price_median', [null, 6.88, null, null]);
    const table = series('aws-reference-table', 'aws', 'price_median', [7.5, 7.0, null, null]);
    const merged = mergeAwsPoints([table, live], '8gpu');
    expect(merged.map((p) => p.value)).toEqual([7.5, 6.88, 6.88, 6.88]);
    // The carried value keeps the run and snapshot time it came from.
    expect(merged[3]?.runId).toBe(live.points[1]?.runId);
    expect(merged[3]?.observedAt).toBe(live.points[1]?.observedAt);
    expect(merged[3]?.samples).toBe(0);
  });
  it('leaves buckets before the first known price empty, and keeps the sizes apart', () => {
    const eight = series('aws-ec2-ondemand-8gpu', 'aws', 'price_median', [null, null, 6.88, null]);
    const one = series('aws-ec2-ondemand-1gpu', 'aws', 'price_median', [5, null, null, null]);
    expect(mergeAwsPoints([eight, one], '8gpu').map((p) => p.value)).toEqual([null, null, 6.88, 6.88]);
    expect(mergeAwsPoints([eight, one], '1gpu').map((p) => p.value)).toEqual([5, 5, 5, 5]);
    expect(mergeAwsPoints([], '1gpu')).toEqual([]);
  });
});

describe('rentableChart', () => {
  const data = {
    window,
    sources: SOURCES_INFO,
    series: [
      series('vastai-bundles', 'vastai', 'rentable', [9, 9, null, 9]),
      series('akash-gpu-prices', 'akash', 'rentable', [null, 10, 12, null]),
      series('akash-gpu-prices', 'akash', 'claimed', [20, 20, 20, 20]),
      series('golem-online-offers', 'golem', 'rentable', [5, 5, 5, 5], 'nodes'),
      series('ionet-cloud-caas-availability', 'ionet', 'rentable', [null, null, null, null]),
    ],
    previous: null,
  };

  it('draws one line per source reporting rentable GPUs, gaps as null, never a sum', () => {
    const chart = rentableChart(data);
    expect(chart.lines.map((l) => l.key)).toEqual(['akash-gpu-prices', 'vastai-bundles']);
    expect(chart.lines.map((l) => l.label)).toEqual([
      'Akash Network · Akash console API: GPU prices and availability',
      'Vast.ai (not DePIN) · Vast.ai API: offer search',
    ]);
    expect(chart.rows.map((r) => r['akash-gpu-prices'])).toEqual([null, 10, 12, null]);
    expect(chart.rows.map((r) => r['vastai-bundles'])).toEqual([9, 9, null, 9]);
    expect(typeof chart.rows[1]?.['akash-gpu-prices__run']).toBe('number');
  });

  it('adds the previous period, shifted onto the current buckets, only for lines that had values', () => {
    const chart = rentableChart({
      ...data,
      previous: [
        previousSeries('akash-gpu-prices', 'akash', 'rentable', [8, null, null, null]),
        previousSeries('vastai-bundles', 'vastai', 'rentable', [null, null, null, null]),
      ],
    });
    const previous = chart.lines.find((l) => l.key === 'prev:akash-gpu-prices');
    expect(previous?.label).toBe('Akash Network · Akash console API: GPU prices and availability (previous period)');
    expect(previous?.style.color).toBe(chart.lines[0]?.style.color);
    expect(chart.lines.some((l) => l.key === 'prev:vastai-bundles')).toBe(false);
    expect(chart.rows[0]?.['prev:akash-gpu-prices']).toBe(8);
  });

  it('is empty when no source reports the model', () => {
    expect(rentableChart({ ...data, series: [] })).toEqual({ lines: [], rows: [] });
  });
});

describe('priceChart', () => {
  const data = {
    window,
    sources: SOURCES_INFO,
    series: [
      series('akash-gpu-prices', 'akash', 'price_median', [2.56, 2.56, 2.6, 2.6]),
      series('akash-gpu-prices', 'akash', 'price_min', [2.04, 2.04, 2.1, 2.1]),
      series('vastai-gpu-metrics', 'vastai', 'price_median', [1.98, null, 1.98, 1.98]),
      series('aws-ec2-ondemand-8gpu', 'aws', 'price_median', [6.88, null, null, null]),
      series('aws-ec2-ondemand-8gpu', 'aws', 'price_min', [6.88, null, null, null]),
      series('aws-reference-table-1gpu', 'aws', 'price_median', [null, 6.5, null, null]),
    ],
    previous: null,
  };

  it('draws each source’s median with both AWS lines, AWS last and in its reference style', () => {
    const chart = priceChart(data, 'median');
    expect(chart.lines.map((l) => l.key)).toEqual(['akash-gpu-prices', 'vastai-gpu-metrics', 'aws-8gpu', 'aws-1gpu']);
    expect(chart.lines[2]?.style).toEqual(AWS_STYLE);
    expect(chart.lines[3]?.style.color).toBe(AWS_STYLE.color);
    expect(chart.lines[3]?.style.dash).not.toBe(AWS_STYLE.dash);
    expect(chart.rows.map((r) => r['aws-8gpu'])).toEqual([6.88, 6.88, 6.88, 6.88]);
    expect(chart.rows.map((r) => r['aws-1gpu'])).toEqual([null, 6.5, 6.5, 6.5]);
    expect(chart.rows.map((r) => r['vastai-gpu-metrics'])).toEqual([1.98, null, 1.98, 1.98]);
  });

  it('switches sources to the cheapest listing; a source without one drops out', () => {
    const chart = priceChart(data, 'min');
    expect(chart.lines.map((l) => l.key)).toEqual(['akash-gpu-prices', 'aws-8gpu', 'aws-1gpu']);
    expect(chart.rows.map((r) => r['akash-gpu-prices'])).toEqual([2.04, 2.04, 2.1, 2.1]);
  });

  it('compares AWS with its own previous period too', () => {
    const chart = priceChart({ ...data, previous: [previousSeries('aws-reference-table', 'aws', 'price_median', [7.5, null, null, null])] }, 'median');
    expect(chart.rows.map((r) => r['prev:aws-8gpu'])).toEqual([7.5, 7.5, 7.5, 7.5]);
  });
});

describe('savingPercent and formatSaving', () => {
  it('is the share below the AWS price, negative when dearer', () => {
    expect(savingPercent(2.56, 6.88)).toBeCloseTo(62.79, 2);
    expect(savingPercent(8, 6.88)).toBeCloseTo(-16.28, 2);
    expect(savingPercent(6.88, 6.88)).toBe(0);
  });
  it('is null when a price is missing or AWS is not positive', () => {
    expect(savingPercent(null, 6.88)).toBeNull();
    expect(savingPercent(2, undefined)).toBeNull();
    expect(savingPercent(2, 0)).toBeNull();
    expect(savingPercent(Number.NaN, 6.88)).toBeNull();
  });
  it('formats whole percent with a true minus sign', () => {
    expect(formatSaving(62.79)).toBe('63%');
    expect(formatSaving(-16.28)).toBe('−16%');
    expect(formatSaving(0.2)).toBe('±0%');
    expect(formatSaving(null)).toBe('—');
  });
});

describe('latestFigure', () => {
  it('takes the newest bucket with a value', () => {
    const p = points([1, 2, null]);
    expect(latestFigure(p)).toMatchObject({ value: 2, at: at(1), runId: p[1]?.runId });
    expect(latestFigure(points([null, null]))).toBeNull();
    expect(latestFigure(undefined)).toBeNull();
  });
});

describe('comparisonRows', () => {
  const supply = {
    sources: SOURCES_INFO,
    series: [
      series('akash-gpu-prices', 'akash', 'rentable', [10, 10, 11, null]),
      series('ionet-cloud-caas-availability', 'ionet', 'rentable', [64, 64, 64, 64]),
      series('vastai-bundles', 'vastai', 'rentable', [9, 9, 9, 9]),
    ],
  };
  const prices = {
    sources: [...SOURCES_INFO, source('nosana-markets', 'nosana', 'Nosana backend: GPU markets')],
    series: [
      series('akash-gpu-prices', 'akash', 'price_median', [2.56, 2.56, 2.56, null]),
      series('akash-gpu-prices', 'akash', 'price_min', [2.04, 2.04, 2.04, null]),
      series('vastai-bundles', 'vastai', 'price_median', [2, 2, 2, 2]),
      series('vastai-bundles', 'vastai', 'price_min', [1.9, 1.9, 1.9, 1.9]),
      series('nosana-markets', 'nosana', 'price_median', [null, null, null, null]),
      series('aws-ec2-ondemand-8gpu', 'aws', 'price_median', [null, 6.88, null, null]),
      series('aws-reference-table', 'aws', 'price_median', [7.5, null, null, null]),
      series('aws-ec2-ondemand-1gpu', 'aws', 'price_median', [null, 8, null, null]),
    ],
  };

  it('sets each source’s latest figures against both AWS sizes, cheapest first, AWS last', () => {
    const rows = comparisonRows(supply, prices);
    expect(rows.map((r) => r.key)).toEqual(['vastai-bundles', 'akash-gpu-prices', 'ionet-cloud-caas-availability', 'aws-8gpu', 'aws-1gpu']);
    const akash = rows.find((r) => r.key === 'akash-gpu-prices');
    expect(akash).toMatchObject({
      networkName: 'Akash Network',
      kind: 'depin',
      sourceName: 'Akash console API: GPU prices and availability',
      rentableGpus: { value: 11, at: at(2) },
      cheapest: { value: 2.04 },
      median: { value: 2.56 },
    });
    expect(akash?.savingVsAws8Gpu).toBeCloseTo(62.79, 2);
    expect(akash?.savingVsAws1Gpu).toBeCloseTo(68, 6);
    expect(akash?.asOf).toBe(akash?.rentableGpus?.observedAt);
  });

  it('marks Vast.ai as a marketplace, keeps unpriced sources with no saving, and AWS as the reference', () => {
    const rows = comparisonRows(supply, prices);
    expect(rows.find((r) => r.key === 'vastai-bundles')?.kind).toBe('marketplace');
    expect(rows.find((r) => r.key === 'ionet-cloud-caas-availability')).toMatchObject({ median: null, savingVsAws8Gpu: null, savingVsAws1Gpu: null });
    // A source whose every bucket is a gap has nothing to show.
    expect(rows.some((r) => r.key === 'nosana-markets')).toBe(false);
    const aws8 = rows.find((r) => r.key === 'aws-8gpu');
    expect(aws8).toMatchObject({ kind: 'cloud', networkSlug: 'aws', median: { value: 6.88 }, cheapest: { value: 6.88 }, savingVsAws8Gpu: null });
    expect(rows.find((r) => r.key === 'aws-1gpu')?.median?.value).toBe(8);
  });

  it('ranks the latest medians for the dot plot, cheapest first, against both AWS prices on a round axis', () => {
    const plot = priceDotPlot(comparisonRows(supply, prices));
    // io.net lists the card rentable but prices none: no dot.
    expect(plot.dots.map((d) => [d.key, d.median.value])).toEqual([
      ['vastai-bundles', 2],
      ['akash-gpu-prices', 2.56],
    ]);
    expect(plot.dots[1]?.median.runId).not.toBeNull();
    expect(plot.references.map((r) => [r.key, r.figure.value])).toEqual([
      ['aws-8gpu', 6.88],
      ['aws-1gpu', 8],
    ]);
    expect(plot.ticks).toEqual([0, 2, 4, 6, 8]);
    expect(plot.axisMax).toBe(8);
  });

  it('has no savings when AWS does not price the model', () => {
    const rows = comparisonRows(supply, { ...prices, series: prices.series.filter((s) => s.networkSlug !== 'aws') });
    expect(rows.every((r) => r.savingVsAws8Gpu === null && r.savingVsAws1Gpu === null)).toBe(true);
    expect(rows.some((r) => r.networkSlug === 'aws')).toBe(false);
  });
});
