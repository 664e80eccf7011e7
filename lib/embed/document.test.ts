import { describe, expect, it } from 'vitest';
import { lineStyle } from '../charts/palette';
import { renderSvgChart } from '../charts/svg-chart';
import { inlineScriptHashes } from '../http/security-headers';
import { embedScript } from './client-script';
import { embedDocument, type EmbedDocumentProps } from './document';
import { EMBED_HEIGHT_MESSAGE } from './snippet';

const HOUR = 3_600_000;
const at = (i: number) => new Date(Date.parse('2026-11-17T00:00:00Z') + i * HOUR).toISOString();
const svg = renderSvgChart({
  id: 'embed-chart',
  title: 'Akash: free GPUs',
  series: [{ key: 'free~akash', label: 'Free', style: lineStyle(0), points: [0, 1, 2].map((i) => ({ at: at(i), value: 10 + i, gap: false, runId: 7, observedAt: at(i) })) }],
  unit: 'gpus',
  scale: 'auto',
  height: 240,
  bucketMs: HOUR,
  now: at(10),
  focusable: true,
});
const props: EmbedDocumentProps = {
  title: 'Akash: free GPUs',
  windowText: '2026-11-17 to 2026-11-24 UTC, hourly',
  pinned: false,
  theme: 'dark',
  transparent: true,
  demo: false,
  chart: { svg, table: { title: 'Akash: free GPUs', pointHref: () => ({ href: '/api/v1/runs/7', kind: 'run' }) } },
  chartHeight: 240,
  emptyMessage: 'Nothing to draw.',
  sourceLine: 'Source: Rentable, from 1 public API.',
  sourceNames: ['Akash console API'],
  dashboardHref: '/networks/akash',
};

describe('embedDocument', () => {
  it('is a whole page with the chart, legend, gap note and source line in its HTML, and no script file to load', () => {
    const html = embedDocument(props);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg id="embed-chart"');
    expect(html).toContain('<ul class="legend legend-compact"');
    expect(html).toContain('A break in a line is a scrape that failed or did not run; never a zero.');
    expect(html).toContain('<summary>Which APIs</summary><ul><li>Akash console API</li></ul>');
    expect(html).toContain('data-theme="dark" data-transparent="1"');
    expect(html).not.toMatch(/<script[^>]+src=/);
    // One inline script, allowed by its hash.
    expect(inlineScriptHashes(html)).toHaveLength(1);
  });

  it('says when there is nothing to draw', () => {
    const html = embedDocument({ ...props, chart: null });
    expect(html).toContain('data-testid="embed-empty"');
    expect(html).not.toContain('<svg id="embed-chart"');
  });
});

describe('embedScript', () => {
  it('is plain JavaScript that parses, carries the height message type and cannot close its element early', () => {
    const script = embedScript();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain(JSON.stringify(EMBED_HEIGHT_MESSAGE));
    expect(script).not.toContain('</script');
    // Shipped as source text: small.
    expect(script.length).toBeLessThan(16_000);
  });
});
