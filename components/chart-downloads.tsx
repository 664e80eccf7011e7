'use client';

/**
 * "Download CSV" returns exactly the series, range and resolution on screen (the same API
 * request the chart made, as CSV); "SVG" and "PNG" save the chart as seen.
 */
import type { RefObject } from 'react';
import { usePublicOrigin } from './public-origin';
import { chartSvg, downloadPng, downloadSvg, type LegendEntry } from '@/lib/charts/export-image';

export interface ChartDownloadSpec {
  /** The API URL of the data on screen, with format=csv. */
  csvHref?: string;
  /** File name without extension, e.g. `rentable-ionet-claimed-7d`. */
  filename: string;
}

export function ChartDownloads({
  spec,
  figure,
  title,
  legend,
  asOf,
}: {
  spec: ChartDownloadSpec;
  figure: RefObject<HTMLElement | null>;
  title: string;
  legend: readonly LegendEntry[];
  /** When the server read the chart's data (ISO): the image says that, not the reader's clock. */
  asOf: string;
}) {
  const origin = usePublicOrigin();
  const render = () => {
    const svg = figure.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface');
    if (!svg) return null;
    const source = `Source: Rentable (${origin}${window.location.pathname}), retrieved ${asOf.slice(0, 16)}Z`;
    return chartSvg(svg, title, legend, source);
  };
  return (
    <div className="chart-downloads" role="group" aria-label={`Download ${title}`}>
      {spec.csvHref ? (
        <a href={spec.csvHref} download data-testid="download-csv">
          Download CSV
        </a>
      ) : null}
      <button
        type="button"
        data-testid="download-svg"
        onClick={() => {
          const document = render();
          if (document) downloadSvg(document, `${spec.filename}.svg`);
        }}
      >
        SVG
      </button>
      <button
        type="button"
        data-testid="download-png"
        onClick={() => {
          const document = render();
          if (document) void downloadPng(document, `${spec.filename}.png`);
        }}
      >
        PNG
      </button>
    </div>
  );
}
