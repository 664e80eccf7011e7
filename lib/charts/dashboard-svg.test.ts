import { describe, expect, it } from 'vitest';
import { funnelSvgInput, lineChartSvgInput, modelLayerSvgSeries, supplySvgInput, supplySvgSeries } from './dashboard-svg';
import { lineStyle, STATUS_STYLE } from './palette';
import { linesToRows } from './series-rows';
import { renderSvgBarChart } from './svg-bar-chart';
import { renderSvgChart } from './svg-chart';

const HOUR = 3_600_000;
const at = (i: number) => new Date(Date.parse('2026-11-20T00:00:00Z') + i * HOUR).toISOString();
const point = (i: number, value: number | null, runId: number | null = value === null ? null : 100 + i) => ({
  at: at(i),
  value,
  samples: value === null ? 0 : 1,
  runId,
  observedAt: value === null ? null : at(i),
});

describe('lineChartSvgInput', () => {
  const lines = [
    { key: 'a', label: 'io.net · explorer', style: lineStyle(0) },
    { key: 'b', label: 'io.net · cloud', style: lineStyle(1) },
  ];
  const rows = linesToRows([
    { key: 'a', label: 'A', points: [point(0, 5), point(1, null), point(2, 7)] },
    { key: 'b', label: 'B', points: [point(0, 2), point(1, 3), point(2, 4)] },
  ]);
  const data = {
    id: 'chart',
    title: 'Claimed GPUs',
    lines,
    rows,
    scale: 'linear' as const,
    formatValue: (v: number) => `${v} GPUs!`,
    formatAxis: (v: number) => `${v}g`,
    bucketMs: HOUR,
    now: at(2),
    height: 340,
  };

  it('keeps the chart’s own formats and scale, and every value, gap and run of its rows', () => {
    const input = lineChartSvgInput(data);
    expect(input.scale).toBe('linear');
    expect(input.series.map((s) => s.label)).toEqual(['io.net · explorer', 'io.net · cloud']);
    expect(input.series[0]!.points.map((p) => [p.value, p.gap, p.runId])).toEqual([
      [5, false, 100],
      [null, true, null],
      [7, false, 102],
    ]);
    const chart = renderSvgChart(input);
    expect(chart.formatValue(3)).toBe('3 GPUs!');
    expect(chart.svg).toContain('>2g</text>');
    // The newest bucket is the one `now` falls in: marked in progress, as the recharts chart marks it.
    expect(chart.svg).toContain('class="in-progress"');
    // The gap breaks line a: two separate moves, no line through the missing bucket.
    const d = /data-key="a" d="([^"]+)"/.exec(chart.svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('draws the log scale when the reader chose it, never switching by itself', () => {
    expect(renderSvgChart(lineChartSvgInput({ ...data, scale: 'log' })).scale).toBe('log');
    const dwarfed = linesToRows([
      { key: 'a', label: 'A', points: [point(0, 300_000), point(1, 310_000)] },
      { key: 'b', label: 'B', points: [point(0, 3), point(1, 4)] },
    ]);
    expect(renderSvgChart(lineChartSvgInput({ ...data, rows: dwarfed })).scale).toBe('linear');
  });
});

describe('supplySvgInput', () => {
  const rows = [
    { at: at(0), claimed: 900, free: 500, rentable: 40 },
    { at: at(1), claimed: 900, free: null, rentable: 41 },
    { at: at(2), claimed: 910, free: 520, rentable: 42 },
  ];

  it('draws the three statuses in their fixed colours and dashes; an empty value is a gap', () => {
    const series = supplySvgSeries(rows);
    expect(series.map((s) => [s.key, s.label, s.style.color, s.style.dash])).toEqual([
      ['claimed', STATUS_STYLE.claimed.label, STATUS_STYLE.claimed.color, STATUS_STYLE.claimed.dash],
      ['free', STATUS_STYLE.free.label, STATUS_STYLE.free.color, STATUS_STYLE.free.dash],
      ['rentable', STATUS_STYLE.rentable.label, STATUS_STYLE.rentable.color, undefined],
    ]);
    expect(series[1]!.points.map((p) => [p.value, p.gap])).toEqual([
      [500, false],
      [null, true],
      [520, false],
    ]);
  });

  it('marks no bucket in progress, as the recharts chart it stands in for', () => {
    const chart = renderSvgChart({ ...supplySvgInput(rows, 'Akash GPUs', 320), id: 'supply' });
    expect(chart.svg).not.toContain('class="in-progress"');
    expect(chart.svg).toContain('height="320"');
    expect(chart.summary).toContain('Rentable (priced, orderable): latest 42 GPUs');
  });
});

describe('modelLayerSvgSeries', () => {
  it('draws each model’s own count, not the running total of a stack', () => {
    const rows = linesToRows([
      { key: 'h100', label: 'H100', points: [point(0, 10), point(1, 12)] },
      { key: 'a100', label: 'A100', points: [point(0, 5), point(1, null)] },
    ]);
    const series = modelLayerSvgSeries({
      sourceId: 'ionet-explorer',
      label: 'io.net explorer',
      layers: [
        { key: 'h100', label: 'H100', color: '#0072B2', models: ['h100-sxm-80gb'] },
        { key: 'a100', label: 'A100', color: '#E69F00', models: ['a100-80gb'] },
      ],
      rows,
    });
    expect(series.map((s) => [s.label, s.style.color, s.points.map((p) => p.value)])).toEqual([
      ['H100', '#0072B2', [10, 12]],
      ['A100', '#E69F00', [5, null]],
    ]);
    expect(series[1]!.points[1]!.gap).toBe(true);
  });
});

describe('funnelSvgInput', () => {
  it('gives one group of claimed, free and rentable bars per network, with GPU units', () => {
    const input = funnelSvgInput(
      [
        { network: 'io.net', slug: 'ionet', claimed: 337_000, free: 12_000, rentable: 320 },
        { network: 'Render', slug: 'render', claimed: 5_000, free: null, rentable: null },
      ],
      340,
    );
    expect(input.groups.map((g) => [g.key, g.color])).toEqual([
      ['claimed', STATUS_STYLE.claimed.color],
      ['free', STATUS_STYLE.free.color],
      ['rentable', STATUS_STYLE.rentable.color],
    ]);
    expect(input.categories.map((c) => c.label)).toEqual(['io.net', 'Render']);
    expect(input.formatValue(337_000)).toBe('337,000 GPUs');
    const svg = renderSvgBarChart({ ...input, id: 'funnel' });
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(svg).toContain('Render: Claimed 5,000 GPUs, Free (listed idle) none, Rentable (priced, orderable) none.');
  });
});
