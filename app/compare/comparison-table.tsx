'use client';

/**
 * The latest figures of every source for one GPU model, set against AWS on-demand. Each figure
 * opens the scrape run behind it. Data comes in as props (shaped by lib/charts/compare.ts).
 */
import type { CSSProperties } from 'react';
import { useOpenProvenance } from '@/components/provenance';
import { formatSaving, type ComparisonRow, type TableFigure } from '@/lib/charts/compare';
import { formatCount, formatUtc } from '@/lib/format';
import { scrollRegion } from '@/lib/scroll-region';

const figureButton: CSSProperties = {
  font: 'inherit',
  background: 'none',
  border: 'none',
  padding: 0,
  color: 'var(--text)',
  textDecoration: 'underline dotted',
  textUnderlineOffset: 3,
  cursor: 'pointer',
};

const badge: CSSProperties = {
  fontSize: '0.7rem',
  fontWeight: 500,
  color: 'var(--muted)',
  border: '1px solid var(--border)',
  borderRadius: 999,
  padding: '1px 6px',
  marginLeft: 6,
  verticalAlign: 'middle',
};

// Headers wrap so seven columns fit a laptop screen; the figures themselves never wrap.
const header: CSSProperties = { whiteSpace: 'normal', verticalAlign: 'bottom', maxWidth: 120 };

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Dollars only: the unit (per GPU-hour) is in the column header. */
const formatUsd = (value: number) => usd.format(value);

function FigureCell({ figure, format, column }: { figure: TableFigure | null; format: (value: number) => string; column: string }) {
  const open = useOpenProvenance();
  if (!figure) {
    return (
      <td className="muted" data-col={column}>
        —
      </td>
    );
  }
  const text = format(figure.value);
  return (
    <td data-col={column}>
      {figure.runId !== null ? (
        <button
          type="button"
          style={figureButton}
          onClick={() => figure.runId !== null && open(figure.runId)}
          title={`Observed ${formatUtc(figure.observedAt)}. Open the scrape run behind this figure.`}
        >
          {text}
        </button>
      ) : (
        text
      )}
    </td>
  );
}

function Saving({ row, percent, column }: { row: ComparisonRow; percent: number | null; column: string }) {
  if (row.kind === 'cloud') {
    return (
      <td className="muted" data-col={column}>
        reference
      </td>
    );
  }
  return (
    <td data-col={column} className={percent === null ? 'muted' : percent > 0 ? 'ok' : percent < 0 ? 'failed' : undefined}>
      {formatSaving(percent)}
    </td>
  );
}

export function ComparisonTable({ rows, modelLabel }: { rows: readonly ComparisonRow[]; modelLabel: string }) {
  return (
    <div className="panel table-wrap" {...scrollRegion(`${modelLabel}: latest figures per source`)}>
      <table data-testid="comparison-table">
        <caption style={{ textAlign: 'left', fontWeight: 600, paddingBottom: 8 }}>
          {modelLabel}: latest figures per source, against AWS on-demand
        </caption>
        <thead>
          <tr>
            <th scope="col" style={header}>
              Network · source
            </th>
            <th scope="col" style={header}>
              Rentable GPUs
            </th>
            <th scope="col" style={header}>
              Cheapest, USD per GPU-hour
            </th>
            <th scope="col" style={header}>
              Median, USD per GPU-hour
            </th>
            <th scope="col" style={header}>
              Saving vs AWS 8-GPU ÷ 8
            </th>
            <th scope="col" style={header}>
              Saving vs AWS 1-GPU
            </th>
            <th scope="col" style={header}>
              As of
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-source={row.key} data-network={row.networkSlug}>
              <th scope="row" style={{ textAlign: 'left', color: 'var(--text)', fontWeight: 500, whiteSpace: 'normal', minWidth: 180 }}>
                {row.networkName}
                {row.kind === 'marketplace' ? <span style={badge}>not DePIN</span> : null}
                {row.kind === 'cloud' ? <span style={badge}>reference</span> : null}
                <span className="muted" style={{ display: 'block', fontSize: '0.8rem', fontWeight: 400 }}>
                  {row.sourceName}
                </span>
              </th>
              <FigureCell figure={row.rentableGpus} format={formatCount} column="rentable" />
              <FigureCell figure={row.cheapest} format={formatUsd} column="cheapest" />
              <FigureCell figure={row.median} format={formatUsd} column="median" />
              <Saving row={row} percent={row.savingVsAws8Gpu} column="saving-8gpu" />
              <Saving row={row} percent={row.savingVsAws1Gpu} column="saving-1gpu" />
              <td className="muted" data-col="as-of">
                {formatUtc(row.asOf)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Outside the table: a caption spans the table's full scroll width, unreadable on a phone. */}
      <p className="muted" style={{ fontSize: '0.85rem', marginBottom: 0 }}>
        Each source&apos;s newest figures in the chosen window (&ldquo;as of&rdquo; is when that snapshot was taken). Saving =
        how far the median price lies below AWS on-demand for the same card, in percent of the AWS price (negative: dearer
        than AWS). Sources are not added up: one network&apos;s sources may count the same GPUs twice. Vast.ai is a
        marketplace, not DePIN, shown for comparison. Click a figure for the scrape run behind it.
      </p>
    </div>
  );
}
