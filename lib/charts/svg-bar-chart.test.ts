import { describe, expect, it } from 'vitest';
import { barChartSummary, renderSvgBarChart, type SvgBarChartInput } from './svg-bar-chart';

const input = (categories: SvgBarChartInput['categories'], extra: Partial<SvgBarChartInput> = {}): SvgBarChartInput => ({
  id: 'funnel',
  title: 'Claimed, free and rentable',
  groups: [
    { key: 'claimed', label: 'Claimed', color: '#E69F00', dash: '8 4' },
    { key: 'rentable', label: 'Rentable', color: '#009E73', dash: undefined },
  ],
  categories,
  height: 340,
  formatValue: (v) => `${v} GPUs`,
  formatAxis: (v) => String(v),
  ...extra,
});

const bars = (svg: string) =>
  [...svg.matchAll(/<rect class="bar" data-key="([^"]+)" x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/g)].map((m) => ({
    key: m[1]!,
    x: Number(m[2]),
    y: Number(m[3]),
    width: Number(m[4]),
    height: Number(m[5]),
  }));

describe('renderSvgBarChart', () => {
  it('draws one bar per figure, taller for larger values on a log scale, within the plot', () => {
    const svg = renderSvgBarChart(input([
      { label: 'io.net', values: { claimed: 300_000, rentable: 300 } },
      { label: 'Akash', values: { claimed: 1_000, rentable: 100 } },
    ]));
    const drawn = bars(svg);
    expect(drawn.map((b) => b.key)).toEqual(['claimed', 'rentable', 'claimed', 'rentable']);
    const [ioClaimed, ioRentable, akClaimed, akRentable] = drawn;
    // Log scale: 300,000 over 300 is three decades, 1,000 over 100 one, so three times the height difference.
    const decade = akClaimed!.height - akRentable!.height;
    expect(ioClaimed!.height - ioRentable!.height).toBeCloseTo(3 * decade, 0);
    for (const b of drawn) {
      expect(b.y + b.height).toBeCloseTo(340 - 90, 5);
      // Clear of the value labels at the left.
      expect(b.x).toBeGreaterThanOrEqual(7);
      expect(b.x + b.width).toBeLessThanOrEqual(100);
    }
    // The second network's bars sit in the right half of the plot.
    expect(akClaimed!.x).toBeGreaterThanOrEqual(7 + 93 / 2);
    expect(svg).toContain('>io.net</text>');
    expect(svg).toContain('data-scale="log"');
  });

  it('draws no bar for a missing or zero figure, and the summary says none rather than zero', () => {
    const chart = input([{ label: 'Render', values: { claimed: 5_000, rentable: null } }, { label: 'Nosana', values: { claimed: 0, rentable: 12 } }]);
    const drawn = bars(renderSvgBarChart(chart));
    expect(drawn.map((b) => b.key)).toEqual(['claimed', 'rentable']);
    expect(barChartSummary(chart)).toBe(
      'Bar chart of 2 categories, logarithmic scale. Render: Claimed 5000 GPUs, Rentable none. Nosana: Claimed none, Rentable 12 GPUs.',
    );
  });

  it('labels the value axis with decades covering every bar', () => {
    const svg = renderSvgBarChart(input([{ label: 'a', values: { claimed: 337_000, rentable: 320 } }]));
    const labels = [...svg.matchAll(/<text class="y-label"[^>]*>([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(labels).toEqual([100, 1_000, 10_000, 100_000, 1_000_000]);
  });

  it('escapes names and keeps ids safe', () => {
    const svg = renderSvgBarChart(input([{ label: '<b>&', values: { claimed: 2, rentable: 1 } }], { id: ':r1:', title: 'A "quoted" title' }));
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('id="-r1-"');
    expect(svg).toContain('A &quot;quoted&quot; title');
  });

  it('draws an empty plot when no figure is positive', () => {
    const svg = renderSvgBarChart(input([{ label: 'a', values: { claimed: null, rentable: 0 } }]));
    expect(bars(svg)).toEqual([]);
    expect(svg).not.toContain('NaN');
  });
});
