import { describe, expect, it } from 'vitest';
import { lineStyle, STATUS_STYLE } from './palette';
import { distinctColours } from './distinct-colours';
import { AUTO_LOG_RATIO, chooseScale, renderSvgChart, type SvgChartInput, type SvgChartSeries } from './svg-chart';
import { chartTableHtml } from './svg-chart-table';
import { linearTicks, logTicks, niceStep, timeTicks } from './ticks';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-17T00:00:00Z');
const at = (i: number) => new Date(START + i * HOUR).toISOString();

function series(key: string, values: (number | null)[], options: { gapAt?: number[]; index?: number } = {}): SvgChartSeries {
  return {
    key,
    label: `Line ${key}`,
    style: lineStyle(options.index ?? 0),
    points: values.map((value, i) => ({ at: at(i), value, gap: value === null && (options.gapAt ?? []).includes(i), runId: value === null ? null : 100 + i, observedAt: value === null ? null : at(i) })),
  };
}

const input = (s: SvgChartSeries[], extra: Partial<SvgChartInput> = {}): SvgChartInput => ({
  id: 'chart',
  title: 'Free and rentable GPUs',
  series: s,
  unit: 'gpus',
  scale: 'auto',
  height: 320,
  bucketMs: HOUR,
  now: '2026-12-01T00:00:00Z',
  ...extra,
});

/** Every number of a 1, 2 or 5 × 10^n tick grid is a whole multiple of its step. */
const isRound = (value: number) => value === 0 || [1, 2, 5].some((f) => Math.abs(Math.abs(value) / (f * 10 ** Math.floor(Math.log10(Math.abs(value) / f))) - Math.round(Math.abs(value) / (f * 10 ** Math.floor(Math.log10(Math.abs(value) / f))))) < 1e-9);

describe('ticks', () => {
  it('steps are 1, 2 or 5 × 10^n', () => {
    expect(niceStep(337_000, 5)).toBe(100_000);
    expect(niceStep(7.3, 5)).toBe(2);
    expect(niceStep(0.9, 4)).toBe(0.5);
    expect(niceStep(1_234, 6)).toBe(500);
  });

  it('linear ticks start at zero, end at or above the maximum, and are all round', () => {
    const ticks = linearTicks(320, 337_000, 5);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(337_000);
    expect(ticks).toEqual([0, 100_000, 200_000, 300_000, 400_000]);
    for (const tick of linearTicks(0, 6.88, 5)) expect(isRound(tick), String(tick)).toBe(true);
    expect(linearTicks(0, 6.88, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(linearTicks(0, 0.37, 4)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('log ticks are decades, with 2 and 5 between when few decades are drawn', () => {
    expect(logTicks(320, 337_000)).toEqual([100, 1_000, 10_000, 100_000, 1_000_000]);
    expect(logTicks(1.2, 7)).toEqual([1, 2, 5, 10]);
  });

  it('time ticks fall on whole UTC hours or days and stay few', () => {
    const week = timeTicks(START + 14 * HOUR, START + 7 * 24 * HOUR + 12 * HOUR, 8);
    expect(week.length).toBeGreaterThan(2);
    expect(week.length).toBeLessThanOrEqual(8);
    for (const tick of week) expect(tick.at % (24 * HOUR)).toBe(0);
    expect(week[0]?.label).toBe('11-18');
    const day = timeTicks(START, START + 24 * HOUR, 8);
    for (const tick of day) expect(tick.at % (3 * HOUR)).toBe(0);
    expect(day.map((t) => t.label)).toContain('11-17 06:00');
    const year = timeTicks(Date.parse('2025-12-03T00:00:00Z'), Date.parse('2026-12-03T00:00:00Z'), 8);
    for (const tick of year) expect(new Date(tick.at).getUTCDate()).toBe(1);
  });
});

describe('renderSvgChart', () => {
  it('draws one path per series, and a gap breaks the path rather than dropping to zero', () => {
    const chart = renderSvgChart(input([series('a', [10, 12, null, 14, 15], { gapAt: [2] }), series('b', [5, 6, 7, 8, 9], { index: 1 })], { scale: 'linear' }));
    const paths = [...chart.svg.matchAll(/<path class="series" data-key="([^"]+)" d="([^"]*)"/g)];
    expect(paths.map((p) => p[1])).toEqual(['a', 'b']);
    const a = paths[0]![2]!;
    // Two segments: moved to twice, the break at the gap.
    expect(a.match(/M/g)).toHaveLength(2);
    expect(a.match(/L/g)).toHaveLength(2);
    // No point of the line sits on the zero grid line.
    const zeroY = String(chart.yPixel(0));
    for (const [, y] of a.matchAll(/[ML][\d.]+,([\d.]+)/g)) expect(y).not.toBe(zeroY);
    expect(paths[1]![2]!.match(/M/g)).toHaveLength(1);
  });

  it('joins straight across buckets a slower schedule leaves empty by design', () => {
    const chart = renderSvgChart(input([series('a', [10, null, null, 16], { gapAt: [] })], { scale: 'linear' }));
    const d = /data-key="a" d="([^"]*)"/.exec(chart.svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.match(/L/g)).toHaveLength(3);
  });

  it('marks a lone point, which draws no segment, so it can be seen', () => {
    const chart = renderSvgChart(input([series('a', [null, 7, null], { gapAt: [0, 2] })], { scale: 'linear' }));
    expect(chart.svg).toMatch(/<use href="#chart-m-circle"/);
  });

  it('chooses a log scale by itself when one series dwarfs another, and says by how much', () => {
    const free = series('free', [337_000, 336_500, 337_200]);
    const rentable = series('rentable', [320, 318, 322], { index: 1 });
    expect(chooseScale([free, rentable], 'auto').scale).toBe('log');
    const chart = renderSvgChart(input([free, rentable]));
    expect(chart.scale).toBe('log');
    expect(chart.svg).toContain('data-scale="log"');
    expect(chart.autoLogRatio).toBeGreaterThan(1_000);
    expect(chart.svg).toMatch(/<text class="scale-note"[^>]*>Log scale: largest series 1,0\d\d× the smallest<\/text>/);
    // Rentable is drawn well clear of the bottom: readable, not a flat line on the axis.
    const linear = renderSvgChart(input([free, rentable], { scale: 'linear' }));
    const aboveAxis = (c: typeof chart) => 320 - 22 - c.yPixel(320)!;
    expect(aboveAxis(linear)).toBeLessThan(1);
    expect(aboveAxis(chart)).toBeGreaterThan(30);
    // Comparable series stay linear, and an explicit choice is kept.
    expect(chooseScale([series('x', [10, 12]), series('y', [10 / (AUTO_LOG_RATIO - 1), 1])], 'auto').scale).toBe('linear');
    expect(chooseScale([free, rentable], 'linear').scale).toBe('linear');
  });

  it('counts the zeros a log scale cannot draw and breaks the line there', () => {
    const chart = renderSvgChart(input([series('a', [5_000, 0, 6_000]), series('b', [10, 12, 11], { index: 1 })], { scale: 'log' }));
    expect(chart.hiddenZeros).toBe(1);
    const d = /data-key="a" d="([^"]*)"/.exec(chart.svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('never uses a colour twice in one chart, even with more lines than the palette', () => {
    const many = Array.from({ length: 20 }, (_, i) => series(`s${i}`, [i + 1, i + 2], { index: i }));
    const chart = renderSvgChart(input(many, { scale: 'linear' }));
    const strokes = [...chart.svg.matchAll(/<path class="series"[^>]* stroke="([^"]+)"/g)].map((m) => m[1]);
    expect(strokes).toHaveLength(20);
    expect(new Set(strokes).size).toBe(20);
    // Claimed and free lines of one source share a colour upstream: told apart here, dashes kept.
    const claimed = { ...series('claimed~x', [1]), style: { ...lineStyle(2), dash: STATUS_STYLE.claimed.dash } };
    const free = { ...series('free~x', [1]), style: lineStyle(2) };
    const [first, second] = distinctColours([claimed, free]);
    expect(first!.style.color).toBe(lineStyle(2).color);
    expect(second!.style.color).not.toBe(first!.style.color);
    expect(first!.style.dash).toBe(STATUS_STYLE.claimed.dash);
  });

  it('has an accessible name and a text summary of every series', () => {
    const chart = renderSvgChart(input([series('a', [10, 12, null, 14], { gapAt: [2] }), series('b', [5, 6, 7, 8], { index: 1 })], { scale: 'linear' }));
    expect(chart.svg).toMatch(/^<svg id="chart"[^>]* role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"/);
    expect(chart.svg).toContain('<title id="chart-title">Free and rentable GPUs</title>');
    const desc = /<desc id="chart-desc">([^<]*)<\/desc>/.exec(chart.svg)![1]!;
    expect(desc).toContain('Line chart of 2 series, 2026-11-17 00:00 UTC to 2026-11-17 03:00 UTC, linear scale.');
    expect(desc).toContain('Line a: latest 14 GPUs (2026-11-17 03:00 UTC), lowest 10 GPUs, highest 14 GPUs, 1 gap.');
    expect(desc).toContain('Line b: latest 8 GPUs');
  });

  it('escapes labels and titles', () => {
    const chart = renderSvgChart(input([{ ...series('a', [1, 2]), label: '<script>x</script>' }], { title: 'A & <b>' }));
    expect(chart.svg).not.toContain('<script>');
    expect(chart.svg).toContain('A &amp; &lt;b&gt;');
  });

  it('marks the newest bucket in progress while it fills', () => {
    const chart = renderSvgChart(input([series('a', [1, 2, 3])], { now: new Date(START + 2 * HOUR + 600_000).toISOString() }));
    expect(chart.svg).toContain('class="in-progress"');
    expect(renderSvgChart(input([series('a', [1, 2, 3])])).svg).not.toContain('class="in-progress"');
  });

  it('gives the data table each point’s place, text, snapshot time and link, and says which kind of empty', () => {
    const chart = renderSvgChart(input([series('a', [10, null, 14], { gapAt: [1] }), series('b', [5, null, 6], { index: 1 })], { scale: 'linear' }));
    const table = chartTableHtml(chart, { title: 'T', pointHref: (_key, p) => (p.runId ? { href: `/api/v1/runs/${p.runId}`, kind: 'run' } : null) });
    const rows = [...table.matchAll(/<tr data-at="([^"]+)" data-x="([\d.]+)">(.*?)<\/tr>/g)];
    // Newest first, as on the dashboard.
    expect(rows.map((r) => r[1])).toEqual([at(2), at(1), at(0)]);
    expect(Number(rows[2]![2])).toBeLessThan(Number(rows[0]![2]));
    expect(rows[0]![3]).toContain(`<a class="figure" href="/api/v1/runs/102" data-run`);
    expect(rows[0]![3]).toContain('>14 GPUs</a>');
    expect(rows[0]![3]).toMatch(/data-y="[\d.]+" data-observed="2026-11-17T02:00:00.000Z"/);
    expect(rows[1]![3]).toContain('<td data-gap="1">—</td>');
  });
});
