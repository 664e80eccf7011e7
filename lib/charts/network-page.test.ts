import { describe, expect, it } from 'vitest';
import type { Series, SeriesPoint } from '../queries/series';
import type { RollupMetric } from '../vocabulary';
import {
  annotationMarks,
  claimedCharts,
  defaultPriceModel,
  describeSaving,
  freeRentableChart,
  latestTable,
  networkPriceChart,
  savingRows,
  savingVsAws,
  stackedByModel,
  type PeriodData,
} from './network-page';
import { AWS_STYLE } from './palette';
import { runKey } from './series-rows';

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 10, 20) + day * DAY).toISOString();

function series(sourceId: string, metric: RollupMetric, values: (number | null)[], extra: Partial<Series> = {}): Series {
  const points: SeriesPoint[] = values.map((value, i) => ({
    at: at(i),
    value,
    samples: value === null ? 0 : 1,
    runId: value === null ? null : 100 + i,
    observedAt: value === null ? null : at(i),
  }));
  return { sourceId, networkSlug: 'ionet', gpuModel: 'all', metric, unit: metric.startsWith('price') ? 'usd_per_gpu_hour' : 'gpus', points, ...extra };
}

const window = { from: at(0), to: at(4), resolution: 'day' as const };
const sources = [
  { id: 'ionet-explorer-network', name: 'io.net explorer', evidenceGrade: 'official-api' },
  { id: 'ionet-claims-headline-total', name: 'PANews: headline', evidenceGrade: 'self-reported-claim' },
  { id: 'ionet-claims-marketing-nodes', name: 'PANews: nodes', evidenceGrade: 'self-reported-claim' },
  { id: 'ionet-cloud-caas-availability', name: 'IO Cloud containers', evidenceGrade: 'official-api' },
];

describe('claimed chart', () => {
  const data: PeriodData = {
    window,
    sources,
    series: [
      series('ionet-explorer-network', 'claimed', [null, 300, 310, 320]),
      series('ionet-claims-headline-total', 'claimed', [564306, null, null, null]),
      series('ionet-claims-marketing-nodes', 'claimed', [25000, null, null, null], { unit: 'nodes' }),
      series('ionet-explorer-network', 'free', [null, 200, 210, 220]),
    ],
    previous: null,
  };

  it('draws one line per claimed source, labelled with its evidence grade, nodes apart from GPUs', () => {
    const { gpus, nodes } = claimedCharts(data);
    expect(gpus.lines.map((l) => l.label)).toEqual(['PANews: headline · Self-reported claim', 'io.net explorer · Official API']);
    expect(nodes.lines.map((l) => l.label)).toEqual(['PANews: nodes · Self-reported claim']);
    // A single dated claim is a row of its own, never spread or zero-filled.
    expect(gpus.rows[0]).toMatchObject({ at: at(0), 'claimed~ionet-claims-headline-total~gpus': 564306, 'claimed~ionet-explorer-network~gpus': null });
    expect(gpus.rows.map((r) => r['claimed~ionet-explorer-network~gpus'])).toEqual([null, 300, 310, 320]);
    expect(new Set(gpus.lines.map((l) => l.style.color)).size).toBe(2);
  });

  it('adds the previous period dotted, moved onto the current buckets', () => {
    const { gpus } = claimedCharts({ ...data, previous: [shiftBack(series('ionet-explorer-network', 'claimed', [100, 110, 120, 130]))] });
    const previous = gpus.lines.find((l) => l.key === 'prev~claimed~ionet-explorer-network~gpus');
    expect(previous?.label).toBe('io.net explorer · Official API (previous period)');
    expect(previous?.style.dash).toBe('1 4');
    expect(previous?.points.map((p) => p.at)).toEqual([at(0), at(1), at(2), at(3)]);
    expect(gpus.rows.find((r) => r.at === at(1))?.['prev~claimed~ionet-explorer-network~gpus']).toBe(110);
  });
});

/** The same series four days earlier, as the API returns the previous period. */
function shiftBack(s: Series): Series {
  return { ...s, points: s.points.map((p) => ({ ...p, at: new Date(Date.parse(p.at) - 4 * DAY).toISOString() })) };
}

describe('free and rentable chart', () => {
  it('keeps each source apart, dashes by status, leaves claims out', () => {
    const chart = freeRentableChart({
      window,
      sources,
      previous: null,
      series: [
        series('ionet-explorer-network', 'claimed', [1, 2, 3, 4]),
        series('ionet-explorer-network', 'free', [10, null, 12, 13]),
        series('ionet-cloud-caas-availability', 'rentable', [5, 6, null, 8]),
      ],
    });
    expect(chart.lines.map((l) => [l.key, l.label, l.style.dash])).toEqual([
      ['rentable~ionet-cloud-caas-availability', 'Rentable (priced, orderable): IO Cloud containers · Official API', undefined],
      ['free~ionet-explorer-network', 'Free (listed idle): io.net explorer · Official API', '2 3'],
    ]);
    expect(chart.rows.map((r) => r['free~ionet-explorer-network'])).toEqual([10, null, 12, 13]);
  });
});

describe('price chart and the saving against AWS', () => {
  const aws = (sourceId: string, values: (number | null)[]) => series(sourceId, 'price_median', values, { networkSlug: 'aws', gpuModel: 'h100-sxm-80gb' });
  const data: PeriodData = {
    window,
    sources: [...sources, { id: 'ionet-market-snapshot', name: 'io.net market', evidenceGrade: 'official-api' }],
    previous: null,
    series: [
      series('ionet-market-snapshot', 'price_median', [null, 2.4, 2.34, null], { gpuModel: 'h100-sxm-80gb' }),
      series('ionet-market-snapshot', 'price_min', [null, 2.2, 2.19, null], { gpuModel: 'h100-sxm-80gb' }),
      aws('aws-reference-table', [12.29, null, null, null]),
      aws('aws-ec2-ondemand-8gpu', [null, null, 6.88, 6.88]),
      aws('aws-ec2-ondemand-1gpu', [null, null, 7, null]),
    ],
  };

  it('draws median solid and cheapest dashed per source, then both AWS lines with the AWS style', () => {
    const chart = networkPriceChart(data, 'ionet');
    expect(chart.lines.map((l) => l.key)).toEqual(['median~ionet-market-snapshot', 'min~ionet-market-snapshot', 'aws~8gpu', 'aws~1gpu']);
    expect(chart.lines[0]?.style.dash).toBeUndefined();
    expect(chart.lines[1]?.style.dash).toBe('5 4');
    expect(chart.lines[0]?.style.color).toBe(chart.lines[1]?.style.color);
    expect(chart.lines[2]?.style).toEqual(AWS_STYLE);
    expect(chart.lines[3]?.style.color).toBe(AWS_STYLE.color);
    // The list price holds until AWS changes it: carried forward between the table and the live file.
    expect(chart.rows.map((r) => r['aws~8gpu'])).toEqual([12.29, 12.29, 6.88, 6.88]);
  });

  it('saving = 1 − network ÷ AWS', () => {
    expect(savingVsAws(2, 8)).toBeCloseTo(0.75, 10);
    expect(savingVsAws(10, 8)).toBeCloseTo(-0.25, 10);
    expect(savingVsAws(8, 8)).toBe(0);
    expect(savingVsAws(1, 0)).toBeNull();
    expect(savingVsAws(null, 8)).toBeNull();
    expect(savingVsAws(1, undefined)).toBeNull();
    expect(describeSaving(0.664)).toBe('66% below AWS');
    expect(describeSaving(-0.25, 'AWS 1-GPU')).toBe('25% above AWS 1-GPU');
    expect(describeSaving(0.001)).toBe('same as AWS');
    expect(describeSaving(null)).toBe('no AWS price to compare');
  });

  it('reads the saving at each source’s latest bucket against the AWS price in effect then', () => {
    const [row] = savingRows(data, 'ionet');
    expect(row?.median).toMatchObject({ value: 2.34, at: at(2), runId: 102 });
    expect(row?.comparisons.map((c) => [c.sizing, c.aws?.value, c.aws?.at])).toEqual([
      ['8gpu', 6.88, at(2)],
      ['1gpu', 7, at(2)],
    ]);
    expect(row?.comparisons[0]?.saving).toBeCloseTo(1 - 2.34 / 6.88, 10);
  });

  it('says nothing when the network has no price, and compares with no AWS price as unknown', () => {
    expect(savingRows({ ...data, series: data.series.filter((s) => s.networkSlug === 'aws') }, 'ionet')).toEqual([]);
    const [row] = savingRows({ ...data, series: data.series.filter((s) => s.networkSlug !== 'aws') }, 'ionet');
    expect(row?.comparisons.map((c) => c.saving)).toEqual([null, null]);
  });

  it('opens on H100 SXM, else a model AWS prices too', () => {
    expect(defaultPriceModel(['a100-sxm-80gb', 'h100-sxm-80gb'], ['h100-sxm-80gb'])).toBe('h100-sxm-80gb');
    expect(defaultPriceModel(['rtx-4090', 'l40s'], ['l40s'])).toBe('l40s');
    expect(defaultPriceModel(['rtx-4090'], ['l40s'])).toBe('rtx-4090');
    expect(defaultPriceModel([], ['l40s'])).toBeNull();
  });
});

describe('supply by GPU model, stacked', () => {
  const model = (sourceId: string, gpuModel: string, values: (number | null)[]) => series(sourceId, 'rentable', values, { gpuModel });

  it('stacks each source on its own, zero for a model the snapshot did not list, gaps where the source did not report', () => {
    const charts = stackedByModel(
      [
        model('ionet-cloud-caas-availability', 'h100-sxm-80gb', [null, 64, null, 60]),
        model('ionet-cloud-caas-availability', 'rtx-4090', [null, 112, null, null]),
        model('ionet-cloud-vmaas-catalogue', 'b200', [8, 8, 8, 8]),
      ],
      sources,
    );
    expect(charts.map((c) => c.sourceId)).toEqual(['ionet-cloud-caas-availability', 'ionet-cloud-vmaas-catalogue']);
    const caas = charts[0];
    // Ordered by the latest bucket: H100 (60) above the RTX 4090 (not listed then).
    expect(caas?.layers.map((l) => l.label)).toEqual(['H100 SXM 80GB', 'RTX 4090']);
    expect(caas?.rows.map((r) => [r.at, r.layer0, r.layer1])).toEqual([
      [at(1), 64, 112],
      [at(2), null, null],
      [at(3), 60, 0],
    ]);
    expect(caas?.rows[2]?.[runKey('layer1')]).toBe(103);
  });

  it('sums the smallest models as "other" when there are too many to tell apart', () => {
    const many = ['a', 'b', 'c', 'd'].map((m, i) => model('s', `model-${m}`, [10 - i]));
    const [chart] = stackedByModel(many, [], 2);
    expect(chart?.layers.map((l) => [l.key, l.models])).toEqual([
      ['layer0', ['model-a']],
      ['layer1', ['model-b']],
      ['other', ['model-c', 'model-d']],
    ]);
    expect(chart?.rows[0]).toMatchObject({ layer0: 10, layer1: 9, other: 15 });
    // Three models fit in two layers plus one: no "other" of a single model.
    expect(stackedByModel(many.slice(0, 3), [], 2)[0]?.layers.map((l) => l.key)).toEqual(['layer0', 'layer1', 'layer2']);
  });
});

describe('latest figures table', () => {
  it('gives a sub-row per source for each model, most rentable first, totals apart', () => {
    const figure = (sourceId: string, models: { gpuModel: string; supply: object; usdPerGpuHour: object }[]) => ({
      sourceId,
      sourceName: sourceId,
      evidenceGrade: 'official-api',
      runId: 7,
      observedAt: at(3),
      snapshotSha256: null,
      models,
    });
    const { models, totals } = latestTable([
      figure('caas', [
        { gpuModel: 'all', supply: { rentable: 312 }, usdPerGpuHour: {} },
        { gpuModel: 'h100-sxm-80gb', supply: { rentable: 64 }, usdPerGpuHour: {} },
        { gpuModel: 'rtx-4090', supply: { rentable: 112 }, usdPerGpuHour: {} },
      ]),
      figure('market', [
        { gpuModel: 'h100-sxm-80gb', supply: { claimed: 2600, free: 2348 }, usdPerGpuHour: { min: 2.19, median: 2.34 } },
        { gpuModel: 'l40s', supply: {}, usdPerGpuHour: {} },
      ]),
    ]);
    expect(models.map((m) => m.gpuModel)).toEqual(['rtx-4090', 'h100-sxm-80gb']);
    expect(models[1]?.entries.map((e) => [e.sourceId, e.claimed, e.free, e.rentable, e.cheapest, e.median])).toEqual([
      ['caas', null, null, 64, null, null],
      ['market', 2600, 2348, null, 2.19, 2.34],
    ]);
    expect(totals.map((e) => [e.sourceId, e.rentable])).toEqual([['caas', 312]]);
  });
});

describe('annotations on a chart', () => {
  it('marks the bucket starting at the event’s UTC midnight, and only when it is drawn', () => {
    const rows = [{ at: at(0) }, { at: at(1) }];
    expect(
      annotationMarks(
        [
          { date: '2026-11-21', title: 'in range' },
          { date: '2025-06-01', title: 'before' },
        ],
        rows,
      ),
    ).toEqual([{ at: at(1), label: 'in range' }]);
  });

  it('lands on the week or month bucket the event falls in', () => {
    // 2024-06-12 is a Wednesday: its week starts Monday 2024-06-10.
    const event = [{ date: '2024-06-12', title: 'incident' }];
    expect(annotationMarks(event, [{ at: '2024-06-10T00:00:00.000Z' }], 'week')).toEqual([{ at: '2024-06-10T00:00:00.000Z', label: 'incident' }]);
    expect(annotationMarks(event, [{ at: '2024-06-01T00:00:00.000Z' }], 'month')).toEqual([{ at: '2024-06-01T00:00:00.000Z', label: 'incident' }]);
    expect(annotationMarks(event, [{ at: '2024-06-10T00:00:00.000Z' }], 'day')).toEqual([]);
  });
});
