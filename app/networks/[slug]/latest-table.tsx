'use client';

/**
 * The latest figures per GPU model, a sub-row per source that lists it, so sources that
 * disagree stay side by side. The models with the most rentable GPUs come first; the rest
 * open on request, so a network with many models does not bury the charts below. "As of"
 * opens the scrape run behind the row.
 */
import { Fragment, useState } from 'react';
import { useOpenProvenance } from '@/components/provenance';
import type { LatestEntry, LatestModelRow } from '@/lib/charts/network-page';
import { formatCount, formatUsdPerGpuHour } from '@/lib/format';
import { scrollRegion } from '@/lib/scroll-region';

const FIRST_MODELS = 6;

// Styles are classes (app/globals.css): a style on every row is bytes in every row of the HTML.

/** `2026-11-24 22:33`: the column header says UTC. */
const shortUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function EntryCells({ entry }: { entry: LatestEntry }) {
  const openProvenance = useOpenProvenance();
  return (
    <>
      <td className="latest-source">
        {entry.sourceName}
        <span className="muted latest-evidence">
          {entry.evidence}
        </span>
      </td>
      <td data-col="claimed">{formatCount(entry.claimed)}</td>
      <td data-col="free">{formatCount(entry.free)}</td>
      <td data-col="rentable">{formatCount(entry.rentable)}</td>
      <td data-col="cheapest">{formatUsdPerGpuHour(entry.cheapest)}</td>
      <td data-col="median">{formatUsdPerGpuHour(entry.median)}</td>
      <td>
        <button type="button" className="link-button" onClick={() => openProvenance(entry.runId)} aria-label={`${shortUtc(entry.observedAt)}: source of ${entry.sourceName}, scrape run ${entry.runId}`}>
          {shortUtc(entry.observedAt)}
        </button>
      </td>
    </>
  );
}

function Group({ entries, label, model }: { entries: LatestEntry[]; label: string; model: string }) {
  return (
    <>
      {entries.map((entry, i) => (
        <tr key={entry.sourceId} data-model={model} data-source={entry.sourceId}>
          {i === 0 ? (
            <th
              scope="rowgroup"
              rowSpan={entries.length}
              className="latest-model"
            >
              {label}
            </th>
          ) : null}
          <EntryCells entry={entry} />
        </tr>
      ))}
    </>
  );
}

export function LatestTable({ latest }: { latest: { models: LatestModelRow[]; totals: LatestEntry[] } }) {
  const [showAll, setShowAll] = useState(false);
  if (latest.models.length === 0 && latest.totals.length === 0) {
    return (
      <p className="empty" data-testid="latest-empty">
        No successful scrape of this network yet.
      </p>
    );
  }
  const hidden = Math.max(0, latest.models.length - FIRST_MODELS);
  const shown = showAll ? latest.models : latest.models.slice(0, FIRST_MODELS);
  return (
    <>
      <div className="table-wrap" {...scrollRegion('Latest figures per GPU model and source')}>
        <table data-testid="latest-by-model">
          <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8, fontSize: '0.85rem' }}>
            Each source&apos;s latest successful scrape, whatever the chart window. Counts in GPUs; prices in USD per GPU-hour
            (cheapest listing and median). — means the source does not publish that figure. Click a time for its source.
          </caption>
          <thead>
            <tr>
              <th scope="col">GPU model</th>
              <th scope="col" style={{ textAlign: 'left' }}>
                Source
              </th>
              <th scope="col">Claimed</th>
              <th scope="col">Free</th>
              <th scope="col">Rentable</th>
              <th scope="col">Cheapest</th>
              <th scope="col">Median</th>
              <th scope="col">As of (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <Fragment key={row.gpuModel}>
                <Group entries={row.entries} label={row.label} model={row.gpuModel} />
              </Fragment>
            ))}
          </tbody>
          {latest.totals.length > 0 ? (
            <tfoot>
              <Group entries={latest.totals} label="All GPUs (network total)" model="all" />
            </tfoot>
          ) : null}
        </table>
      </div>
      {hidden > 0 ? (
        <div className="controls">
          <button type="button" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll} data-testid="latest-show-all">
            {showAll ? `Show the first ${FIRST_MODELS} models only` : `Show all ${latest.models.length} models (${hidden} more)`}
          </button>
        </div>
      ) : null}
    </>
  );
}
