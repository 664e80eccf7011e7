import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { FlagArticles, FlagsCapped } from '@/components/flag-list';
import { thresholds } from '@/lib/analytics/config';
import { describeThresholds } from '@/lib/analytics/thresholds';
import type { Flag } from '@/lib/analytics/types';
import { getDatabase } from '@/lib/db';
import { BUCKET_ADJECTIVES, formatCount, formatUtc } from '@/lib/format';
import { gpuModelLabel } from '@/lib/gpu-models';
import { findNetwork } from '@/lib/networks';
import { readCostClaims } from '@/lib/queries/analytics';
import { readFlagsState, readRealityState } from '@/lib/queries/analytics-state';
import { InvalidParameterError, RANGE_PRESETS } from '@/lib/view-state';
import { parseFlagsParams } from './search-params';
import { currentTime } from '@/lib/clock';
import { scrollRegion } from '@/lib/scroll-region';

export const metadata: Metadata = { title: 'Flags and reality checks' };

const pct = (v: number | null, digits = 0) => (v === null ? '—' : `${v.toFixed(digits)}%`);
const ratio = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(v < 0.001 ? 3 : v < 0.1 ? 2 : 1)}%`);
const networkName = (slug: string) => findNetwork(slug)?.name ?? slug;

export default async function FlagsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  let view;
  try {
    view = parseFlagsParams(await searchParams);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    return (
      <p className="panel error-state">
        This link has an invalid parameter ({error.message}). <Link href="/flags">Show the last 30 days</Link>.
      </p>
    );
  }
  const now = currentTime();
  const { db } = await getDatabase();
  const config = thresholds();
  // A preset range's analytics are stored once per data version (lib/queries/analytics-state.ts), each as of the
  // instant it was computed: the window shown is the one they cover.
  const [{ report, maxRunsPerSource }, { window, reality, dependability }, costClaims] = await Promise.all([
    readFlagsState(db, view, now, config),
    readRealityState(db, view, now, config),
    readCostClaims(db, config),
  ]);
  const byNetwork = new Map<string, Flag[]>();
  for (const flag of report.flags) byNetwork.set(flag.network, [...(byNetwork.get(flag.network) ?? []), flag]);

  return (
    <>
      <h1>Flags and reality checks</h1>
      <p className="lede">
        What no other tracker shows: totals that disagree, figures that never move while supply does, jumps nothing explains,
        how much of each claim can be rented, and how dependable that supply is. Rules and thresholds are on{' '}
        <Link href="/methodology#thresholds">the methodology page</Link>.
      </p>
      <nav className="controls" aria-label="Time range">
        {RANGE_PRESETS.map((range) => (
          <Link key={range} href={`/flags?range=${range}`} aria-current={view.range === range ? 'page' : undefined} className="range-link">
            {range}
          </Link>
        ))}
        <span className="muted">
          {formatUtc(window.from.toISOString())} – {formatUtc(window.to.toISOString())}. Flags are computed from every scrape run
          in the range; the derived views below use {BUCKET_ADJECTIVES[window.resolution]} buckets.
        </span>
      </nav>

      <section aria-labelledby="flags-heading">
        <h2 id="flags-heading">Flags</h2>
        <FlagsCapped capped={report.capped} maxRuns={maxRunsPerSource} />
        {report.flags.length === 0 ? (
          <p className="panel empty">No flags raised in this range for the {report.networks.length} networks examined.</p>
        ) : (
          [...byNetwork.entries()].map(([network, flags]) => (
            <div key={network} className="panel" data-network={network} style={{ marginBottom: 12 }}>
              <h3 style={{ marginTop: 0 }}>
                <Link href={`/networks/${network}`}>{networkName(network)}</Link>{' '}
                <span className="muted">({flags.length})</span>
              </h3>
              <FlagArticles flags={flags} windowTo={window.to} />
            </div>
          ))
        )}
      </section>

      <section aria-labelledby="reality-heading">
        <h2 id="reality-heading">Reality ratio league</h2>
        <div className="panel table-wrap" {...scrollRegion('Reality ratio league')}>
          <table data-testid="reality-league">
            <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: 8 }}>
              Rentable ÷ largest claim in GPUs, per bucket; the trend compares the median of the first and last quarter of the window.
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Network</th>
                <th scope="col">Latest ratio</th>
                <th scope="col">Rentable</th>
                <th scope="col">Largest claim</th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {reality.league.map((row) => (
                <tr key={row.network} data-network={row.network}>
                  <td>{row.rank ?? '—'}</td>
                  <td style={{ textAlign: 'left' }}>
                    <Link href={`/networks/${row.network}`}>{networkName(row.network)}</Link>
                  </td>
                  <td>{ratio(row.latest?.ratio)}</td>
                  <td>{formatCount(row.latest?.rentable?.value)}</td>
                  <td>{formatCount(row.latest?.largestClaim?.value)}</td>
                  <td>
                    {row.trend === 'unknown' ? '—' : row.trend}
                    {row.changePercent !== null ? ` (${row.changePercent > 0 ? '+' : ''}${row.changePercent.toFixed(0)}%)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="dependability-heading">
        <h2 id="dependability-heading">Dependability for someone who needs GPUs</h2>
        <p className="lede">
          Per network, source and GPU model: the share of snapshots with at least k GPUs rentable, the median and 10th percentile
          of the rentable count, and the longest stretch with none (failed scrapes are gaps, not zeros).
        </p>
        {dependability.length === 0 ? (
          <p className="panel empty">No rentable supply by model in this window.</p>
        ) : (
          <div className="panel table-wrap" {...scrollRegion('Dependability')}>
            <table data-testid="dependability">
              <thead>
                <tr>
                  <th scope="col">Network · model</th>
                  {config.dependabilityK.map((k) => (
                    <th key={k} scope="col">
                      ≥ {k}
                    </th>
                  ))}
                  <th scope="col">Median</th>
                  <th scope="col">P10</th>
                  <th scope="col">Longest with none</th>
                  <th scope="col">Coverage</th>
                </tr>
              </thead>
              <tbody>
                {dependability.map((row) => (
                  <tr key={`${row.sourceId}-${row.gpuModel}`}>
                    <td style={{ textAlign: 'left' }}>
                      {networkName(row.network)} · {gpuModelLabel(row.gpuModel)}
                      <span className="muted" style={{ display: 'block', fontSize: '0.8rem' }}>
                        {row.sourceId}
                      </span>
                    </td>
                    {row.stats.shareAtLeast.map((s) => (
                      <td key={s.k}>{s.share === null ? '—' : `${Math.round(s.share * 100)}%`}</td>
                    ))}
                    <td>{formatCount(row.stats.median)}</td>
                    <td>{formatCount(row.stats.p10)}</td>
                    <td>{row.stats.longestWithout ? `${Math.round(row.stats.longestWithout.hours)} h` : 'never none'}</td>
                    <td>{row.stats.coverage === null ? '—' : `${Math.round(row.stats.coverage * 100)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="cost-heading">
        <h2 id="cost-heading">Cost claims against measurement</h2>
        {costClaims.length === 0 ? (
          <p className="panel empty">No cost claims in the ledger.</p>
        ) : (
          costClaims.map((claim) => (
            <div key={claim.claimId} className="panel" style={{ marginBottom: 12 }} data-claim={claim.claimId}>
              <p style={{ marginTop: 0 }}>
                <strong>{networkName(claim.network)}</strong>: “{claim.text}” (
                <a href={claim.sourceUrl} rel="noreferrer">
                  source
                </a>
                , seen {claim.seenAt})
              </p>
              {claim.perModel.length === 0 ? (
                <p className="muted">No GPU model with both a measured price on this network and an AWS price to compare.</p>
              ) : (
                <div className="table-wrap" {...scrollRegion(`Savings claim ${claim.claimId}: per model`)}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">GPU model</th>
                        <th scope="col">Median vs AWS 8-GPU</th>
                        <th scope="col">Cheapest vs AWS 8-GPU</th>
                        <th scope="col">Median vs AWS 1-GPU</th>
                        <th scope="col">Cheapest vs AWS 1-GPU</th>
                        <th scope="col">Verdict</th>
                      </tr>
                    </thead>
                    <tbody>
                      {claim.perModel.map((m) => (
                        <tr key={m.gpuModel}>
                          <td style={{ textAlign: 'left' }}>{gpuModelLabel(m.gpuModel)}</td>
                          <td>{pct(m.measured.medianVs8Gpu)}</td>
                          <td>{pct(m.measured.minVs8Gpu)}</td>
                          <td>{pct(m.measured.medianVs1Gpu)}</td>
                          <td>{pct(m.measured.minVs1Gpu)}</td>
                          <td style={{ textAlign: 'left', whiteSpace: 'normal' }} title={m.verdict.message}>
                            {m.verdict.verdict}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))
        )}
      </section>

      <section aria-labelledby="thresholds-heading">
        <h2 id="thresholds-heading">Thresholds in force</h2>
        <div className="panel table-wrap" {...scrollRegion('Thresholds in force')}>
          <table>
            <thead>
              <tr>
                <th scope="col">Variable</th>
                <th scope="col">Value</th>
                <th scope="col" style={{ textAlign: 'left' }}>
                  Meaning
                </th>
              </tr>
            </thead>
            <tbody>
              {describeThresholds(config).map((row) => (
                <tr key={row.key}>
                  <td style={{ textAlign: 'left' }}>
                    <code>{row.env}</code>
                  </td>
                  <td>
                    {row.value}
                    {row.isDefault ? '' : ` (default ${row.defaultValue})`}
                  </td>
                  <td style={{ textAlign: 'left', whiteSpace: 'normal' }}>{row.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
