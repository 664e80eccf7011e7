'use client';

/**
 * The latest median price of one GPU model per source, ranked, against the AWS on-demand
 * prices as vertical lines. Fifteen lines over time tangle; one dot per source reads at a
 * glance, on a phone too. Plain HTML, not an SVG: every row is text a screen reader reads in
 * order, and every price is a button opening the scrape run behind it.
 */
import { useId } from 'react';
import { useOpenProvenance } from '@/components/provenance';
import { formatSaving, type PriceDotPlot as PriceDotPlotData } from '@/lib/charts/compare';
import { formatUsdAxis, formatUsdPerGpuHour, formatUtc } from '@/lib/format';

const REFERENCE_DASH: Record<string, string> = { 'aws-8gpu': 'dashed', 'aws-1gpu': 'dotted' };

export function PriceDotPlot({ plot, modelLabel }: { plot: PriceDotPlotData; modelLabel: string }) {
  const open = useOpenProvenance();
  const captionId = useId();
  const at = (value: number) => `${Math.min(100, (value / plot.axisMax) * 100)}%`;
  const title = `Latest median USD per ${modelLabel} GPU-hour per source, ranked, with the AWS on-demand prices`;
  if (plot.dots.length === 0) {
    return (
      <p className="empty" data-testid="dot-plot-empty">
        No source has a median price for {modelLabel} in this window.
      </p>
    );
  }
  const references = (
    <>
      {plot.references.map((r) => (
        <span key={r.key} className="dot-plot-reference" style={{ left: at(r.figure.value), borderLeftStyle: REFERENCE_DASH[r.key] === 'dotted' ? 'dotted' : 'dashed' }} />
      ))}
    </>
  );
  return (
    <figure className="chart dot-plot" aria-label={title} aria-describedby={captionId} data-testid="price-dot-plot" style={{ margin: 0 }}>
      <ol className="dot-plot-rows">
        {plot.dots.map((dot) => (
          <li key={dot.key} data-source={dot.key}>
            <span className="dot-plot-label">
              {dot.networkName}
              {dot.kind === 'marketplace' ? ' (not DePIN)' : ''} <span className="muted">· {dot.sourceName}</span>
            </span>
            <span className="dot-plot-track" aria-hidden="true">
              {references}
              <span className={dot.kind === 'marketplace' ? 'dot-plot-dot dot-plot-dot-hollow' : 'dot-plot-dot'} style={{ left: at(dot.median.value) }} />
            </span>
            <span className="dot-plot-value">
              {dot.median.runId !== null ? (
                <button
                  type="button"
                  className="figure"
                  onClick={() => dot.median.runId !== null && open(dot.median.runId)}
                  title={`Observed ${formatUtc(dot.median.observedAt)}. Open the scrape run behind this figure.`}
                >
                  {formatUsdPerGpuHour(dot.median.value)}
                </button>
              ) : (
                formatUsdPerGpuHour(dot.median.value)
              )}
              {dot.savingVsAws8Gpu !== null ? (
                <span className="muted">
                  {' '}
                  {dot.savingVsAws8Gpu >= 0 ? `${formatSaving(dot.savingVsAws8Gpu)} below` : `${formatSaving(-dot.savingVsAws8Gpu)} above`} AWS
                </span>
              ) : null}
            </span>
          </li>
        ))}
        <li className="dot-plot-axis" aria-hidden="true">
          <span className="dot-plot-label" />
          <span className="dot-plot-track">
            {plot.ticks.map((t) => (
              <span key={t} className="dot-plot-tick" style={{ left: at(t) }}>
                {formatUsdAxis(t)}
              </span>
            ))}
          </span>
          <span className="dot-plot-value" />
        </li>
      </ol>
      <figcaption id={captionId} className="muted" style={{ fontSize: '0.85rem' }}>
        <ul className="legend">
          <li>
            <span className="dot-plot-dot dot-plot-dot-legend" aria-hidden="true" /> median of the source&apos;s listings in its latest bucket (hollow: a
            marketplace, not DePIN)
          </li>
          {plot.references.map((r) => (
            <li key={r.key}>
              <span className="dot-plot-reference-legend" aria-hidden="true" style={{ borderTopStyle: REFERENCE_DASH[r.key] === 'dotted' ? 'dotted' : 'dashed' }} /> {r.label}:{' '}
              {formatUsdPerGpuHour(r.figure.value)}
            </li>
          ))}
        </ul>
        Cheapest first. Percentages compare with AWS&apos;s 8-GPU price ÷ 8. The chart below draws the same prices over time.
      </figcaption>
    </figure>
  );
}
