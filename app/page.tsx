import { connection } from 'next/server';
import { SupplyChart } from '@/components/supply-chart';
import { GAP_MEANING } from '@/lib/gaps';
import { SourceStatusList } from '@/components/source-status-list';
import { LatestFiguresTable } from '@/components/latest-figures-table';
import { getDatabase } from '@/lib/db';
import { hasValues, toSupplyChartRows } from '@/lib/charts/supply-chart-data';
import { packChartRows } from '@/lib/charts/packed-rows';
import { readLatestFigures } from '@/lib/queries/latest';
import { readSeries } from '@/lib/queries/series';
import { PrefetchBoundary } from '@/components/prefetch-boundary';
import { networksResponse } from '@/lib/api/responses';
import { networksQuery } from '@/lib/api/query-options';
import { prefetchedState } from '@/lib/api/prefetch';
import { OverviewClient } from './overview-client';
import { readSourceStatuses } from '@/lib/queries/source-status';
import { ALL_MODELS } from '@/lib/vocabulary';
import { currentTime } from '@/lib/clock';

const SUPPLY_SOURCE = 'akash-gpu-prices';
const RANGE_MS = 7 * 24 * 3_600_000;

export default async function OverviewPage() {
  // Reads the database on every request; never frozen at build time.
  await connection();
  const { db } = await getDatabase();
  const to = currentTime();
  const from = new Date(to.getTime() - RANGE_MS);
  const [networks, series, latest, statuses] = await Promise.all([
    networksResponse(db, to),
    readSeries(db, {
      sourceIds: [SUPPLY_SOURCE],
      gpuModel: ALL_MODELS,
      metrics: ['claimed', 'free', 'rentable'],
      from,
      to: new Date(to.getTime() + 1),
      resolution: 'hour',
    }),
    readLatestFigures(db, SUPPLY_SOURCE),
    readSourceStatuses(db),
  ]);
  const rows = toSupplyChartRows(series);

  return (
    <>
      <h1>DePIN GPU networks: claimed against rentable</h1>
      <p className="lede">
        Claimed is the size a network advertises; free is what it lists as idle; rentable is what can be ordered now
        at a listed price. If it can&apos;t be rented, it doesn&apos;t exist.
      </p>
      <PrefetchBoundary state={prefetchedState([[networksQuery().queryKey, networks]])}>
        <OverviewClient now={to.toISOString()} />
      </PrefetchBoundary>

      <h2>Akash Network: GPUs claimed, free and rentable</h2>
      <p className="lede">Hourly, last 7 days, from Akash&apos;s public console API. {GAP_MEANING}</p>
      <section className="panel" aria-labelledby="supply-heading">
        <h2 id="supply-heading" style={{ marginTop: 0 }}>
          GPU supply over time
        </h2>
        {hasValues(rows) ? (
          <SupplyChart packedRows={packChartRows(rows)} title="Akash GPUs claimed, free and rentable, hourly" />
        ) : (
          <p className="empty" data-testid="empty-state">
            No successful scrape yet. The first pass runs at start-up and every {process.env.SCRAPE_INTERVAL_MINUTES ?? 10}{' '}
            minutes after; the list of sources below says what happened.
          </p>
        )}
      </section>

      <h2>Akash: latest figures by GPU model</h2>
      {latest ? (
        <LatestFiguresTable latest={latest} />
      ) : (
        <p className="empty panel">No figures yet.</p>
      )}

      <h2>
        Sources <a href="/status" style={{ fontSize: '0.9rem', fontWeight: 400 }}>full status</a>
      </h2>
      <SourceStatusList statuses={statuses} now={to} />
    </>
  );
}
