import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getDatabase } from '@/lib/db';
import { formatCount, formatUtc } from '@/lib/format';
import { findNetwork } from '@/lib/networks';
import { readRejections, readUnknownGpuNames } from '@/lib/queries/data-quality';
import { readSourceLeases, readSourceStatuses } from '@/lib/queries/source-status';
import { EVIDENCE_GRADE_LABELS, type EvidenceGrade } from '@/lib/vocabulary';
import { currentTime } from '@/lib/clock';
import { readDeliveryLog } from '@/lib/queries/events';
import { EVENT_KIND_LABELS, type EventKind } from '@/lib/events/kinds';
import { env } from '@/lib/env';
import { SOURCE_HEALTH_CLASS, SOURCE_HEALTH_LABELS, sourceHealth } from '@/lib/source-health';
import { sourceFreshnessRule } from '@/lib/source-schedule';
import { Age } from '@/components/age';
import { scrollRegion } from '@/lib/scroll-region';

/** Deliveries shown: the newest few, so the page costs the same however many were sent. */
const DELIVERY_LOG_ROWS = 20;

/** A receiver's URL may carry a token in its path or query: the public page names its host only. */
function receiverHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid URL';
  }
}

export const metadata: Metadata = { title: 'Source status' };

function percent(rate: number | null, attempts: number): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}% of ${attempts}`;
}

export default async function StatusPage() {
  await connection();
  const { db } = await getDatabase();
  const now = currentTime();
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3_600_000);
  const [statuses, unknownNames, rejections, leases, deliveries] = await Promise.all([
    readSourceStatuses(db, now),
    readUnknownGpuNames(db),
    readRejections(db, weekAgo),
    readSourceLeases(db, now),
    readDeliveryLog(db, DELIVERY_LOG_ROWS),
  ]);
  const webhooksConfigured = env().WEBHOOK_URLS.length;

  return (
    <>
      <h1>Source status</h1>
      <p className="lede">
        Every source we scrape: when it last succeeded, when it last failed and why, how often scrapes succeeded, and how
        many points it has written. A failed scrape keeps its raw bytes and its reason and writes no points.
      </p>
      <div className="panel table-wrap" {...scrollRegion('Source status')}>
        <table data-testid="status-table">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Evidence</th>
              <th scope="col">Last success</th>
              <th scope="col">Last failure</th>
              <th scope="col">Success 24 h</th>
              <th scope="col">Success 7 d</th>
              <th scope="col">Points</th>
              <th scope="col">Served from</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => ({ ...s, lease: leases.get(s.sourceId), health: sourceHealth(s, now, sourceFreshnessRule(s.sourceId)) })).map((s) => (
              <tr key={s.sourceId} data-source={s.sourceId} data-network={s.networkSlug ?? 'reference'}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 500, color: 'var(--text)', whiteSpace: 'normal', minWidth: 220 }}>
                  {s.name}
                  <span className="muted" style={{ display: 'block', fontSize: '0.8rem', fontWeight: 400 }}>
                    {s.networkSlug ? (findNetwork(s.networkSlug)?.name ?? s.networkSlug) : 'Reference feed'} · {s.sourceId}
                  </span>
                  {s.lease ? (
                    <span className="muted" data-testid="lease" style={{ display: 'block', fontSize: '0.8rem', fontWeight: 400 }}>
                      busy: lease held by {s.lease.holder} until {formatUtc(s.lease.expiresAt)}
                    </span>
                  ) : null}
                </th>
                <td>{EVIDENCE_GRADE_LABELS[s.evidenceGrade as EvidenceGrade] ?? s.evidenceGrade}</td>
                <td data-health={s.health}>
                  <span className={SOURCE_HEALTH_CLASS[s.health]}>{SOURCE_HEALTH_LABELS[s.health]}</span>
                  {s.lastSuccessAt ? (
                    <>
                      {' · '}
                      <Age at={s.lastSuccessAt} now={now} />
                    </>
                  ) : null}
                </td>
                <td style={{ whiteSpace: 'normal', maxWidth: 320, textAlign: 'left' }}>
                  {s.lastFailureAt ? (
                    <>
                      <span className="muted">
                        <Age at={s.lastFailureAt} now={now} />:{' '}
                      </span>
                      <span className="failed">{s.lastFailureReason}</span>
                    </>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>{percent(s.successRate24h, s.attempts24h)}</td>
                <td>{percent(s.successRate7d, s.attempts7d)}</td>
                <td>{formatCount(s.pointsWritten)}</td>
                <td>
                  {s.recordedPayloadDate ? (
                    <span data-testid="recorded-date">recording of {s.recordedPayloadDate}</span>
                  ) : s.lastOrigin === 'claim' ? (
                    'claims ledger'
                  ) : s.lastOrigin === 'backfill' ? (
                    'backfilled history'
                  ) : s.lastOrigin ? (
                    'live API'
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="left-out">Records and figures left out</h2>
      <p className="lede">
        Over the last 7 days: payload records a parser could not read (skipped so one bad record does not fail the
        snapshot) and figures outside the <a href="/methodology#plausibility">plausibility bounds</a>. None of them is in
        any chart, table or download; each links to the latest run that left it out, whose raw bytes keep it.
      </p>
      {rejections.length === 0 ? (
        <p className="panel empty" data-testid="no-rejections">
          None: every record and figure of the last 7 days was read and within the bounds.
        </p>
      ) : (
        <div className="panel table-wrap" {...scrollRegion('Rejected records')}>
          <table data-testid="rejections">
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Kind</th>
                <th scope="col">Source</th>
                <th scope="col">Runs</th>
                <th scope="col">Left out</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {rejections.map((r) => (
                <tr key={`${r.sourceId}|${r.kind}|${r.reason}`} data-source={r.sourceId}>
                  <td style={{ whiteSpace: 'normal', textAlign: 'left' }}>{r.reason}</td>
                  <td>{r.kind === 'record' ? 'unreadable record' : 'implausible figure'}</td>
                  <td>{r.sourceId}</td>
                  <td>{formatCount(r.runs)}</td>
                  <td>{formatCount(r.total)}</td>
                  <td>
                    <a href={`/api/v1/runs/${r.lastRunId}`}>run {r.lastRunId}</a>{' '}
                    <span className="muted">
                      <Age at={r.lastSeenAt} now={now} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Unrecognised GPU names</h2>
      <p className="lede">
        Names we could not map to a canonical GPU model. They are kept verbatim (never dropped) and counted here until an
        alias is added.
      </p>
      {unknownNames.length === 0 ? (
        <p className="panel empty">None: every GPU name seen maps to a canonical model.</p>
      ) : (
        <div className="panel table-wrap" {...scrollRegion('Unknown GPU names')}>
          <table data-testid="unknown-names">
            <thead>
              <tr>
                <th scope="col">Name as published</th>
                <th scope="col">Network</th>
                <th scope="col">Source</th>
                <th scope="col">Points</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {unknownNames.map((u) => (
                <tr key={`${u.sourceId}|${u.name}`}>
                  <td>{u.name}</td>
                  <td>{findNetwork(u.networkSlug)?.name ?? u.networkSlug}</td>
                  <td>{u.sourceId}</td>
                  <td>{formatCount(u.points)}</td>
                  <td>
                    <Age at={u.lastSeenAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="webhooks">Webhook deliveries</h2>
      <p className="lede">
        Every event of the <a href="/feeds/events.atom">event feed</a> is also sent as signed JSON to each configured
        receiver ({webhooksConfigured === 0 ? 'none configured here' : `${webhooksConfigured} configured`}; see the README,
        &ldquo;Webhooks&rdquo;), after the scrape pass, retried with backoff. The newest {DELIVERY_LOG_ROWS} deliveries:
      </p>
      {deliveries.length === 0 ? (
        <p className="panel empty" data-testid="no-deliveries">
          None yet: no event has been queued for a webhook receiver.
        </p>
      ) : (
        <div className="panel table-wrap" {...scrollRegion('Webhook deliveries')}>
          <table data-testid="webhook-log">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Receiver</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-status={d.status} data-kind={d.eventKind}>
                  <td style={{ whiteSpace: 'normal', textAlign: 'left' }}>
                    <span className="muted">{EVENT_KIND_LABELS[d.eventKind as EventKind] ?? d.eventKind}: </span>
                    {d.eventTitle}
                  </td>
                  <td>{receiverHost(d.url)}</td>
                  <td className={d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'failed' : undefined}>
                    {d.status === 'pending' ? `pending, next ${formatUtc(d.nextAttemptAt.toISOString())}` : d.status}
                  </td>
                  <td>{formatCount(d.attempts)}</td>
                  <td>{d.responseCode !== null ? `HTTP ${d.responseCode}` : (d.error ?? '—')}</td>
                  <td>{d.lastAttemptAt ? <Age at={d.lastAttemptAt.toISOString()} now={now} /> : 'not yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
