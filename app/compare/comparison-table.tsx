'use client';

/**
 * The latest figures of every source for one GPU model, set against AWS on-demand. Each figure
 * opens the scrape run behind it. Data comes in as props (shaped by lib/charts/compare.ts).
 */
import { useOpenProvenance } from '@/components/provenance';
import { formatSaving, type ComparisonRow, type TableFigure } from '@/lib/charts/compare';
import { formatCount, formatUtc } from '@/lib/format';
import { scrollRegion } from '@/lib/scroll-region';

// Styles are classes (app/globals.css), not inline: a style repeated on every figure of the
// table is bytes in every row of the page's HTML.

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
          className="figure"
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
            <th scope="col" className="comparison-header">
              Network · source
            </th>
            <th scope="col" className="comparison-header">
              Rentable GPUs
            </th>
            <th scope="col" className="comparison-header">
              Cheapest, USD per GPU-hour
            </th>
            <th scope="col" className="comparison-header">
              Median, USD per GPU-hour
            </th>
            <th scope="col" className="comparison-header">
              Saving vs AWS 8-GPU ÷ 8
            </th>
            <th scope="col" className="comparison-header">
              Saving vs AWS 1-GPU
            </th>
            <th scope="col" className="comparison-header">
              As of
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-source={row.key} data-network={row.networkSlug}>
              <th scope="row" className="comparison-source">
                {row.networkName}
                {row.kind === 'marketplace' ? <span className="badge comparison-badge">not DePIN</span> : null}
                {row.kind === 'cloud' ? <span className="badge comparison-badge">reference</span> : null}
                <span className="muted comparison-source-name">
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
