'use client';

/**
 * Click a point, see the scrape run behind it: source URL, fetch time, HTTP status, duration,
 * sha256, evidence grade, and a link to the raw bytes (of every request, for a source read in
 * several pages or slices). One dialog per page, opened through
 * context by any chart or table. A derived value (an index value) opens the same dialog on the
 * quotes it was computed from, each of which opens its run in turn.
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { indexEvidenceQuery, runQuery, type IndexValueRef } from '@/lib/api/query-options';
import { formatCount, formatUsdPerGpuHour, formatUtc } from '@/lib/format';
import { networkLabel } from '@/lib/charts/compare';
import { EVIDENCE_GRADE_LABELS, type EvidenceGrade } from '@/lib/vocabulary';

const ProvenanceContext = createContext<(runId: number) => void>(() => undefined);
const IndexEvidenceContext = createContext<(ref: IndexValueRef) => void>(() => undefined);

export function useOpenProvenance(): (runId: number) => void {
  return useContext(ProvenanceContext);
}

/** Opens the provenance dialog on an index value: its quotes, each opening its run. */
export function useOpenIndexEvidence(): (ref: IndexValueRef) => void {
  return useContext(IndexEvidenceContext);
}

type Opened = { kind: 'run'; runId: number; from: IndexValueRef | null } | { kind: 'index'; ref: IndexValueRef };

export function ProvenanceProvider({ children }: { children: ReactNode }) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const open = useCallback((id: number) => setOpened({ kind: 'run', runId: id, from: null }), []);
  const openIndex = useCallback((ref: IndexValueRef) => setOpened({ kind: 'index', ref }), []);
  return (
    <ProvenanceContext.Provider value={open}>
      <IndexEvidenceContext.Provider value={openIndex}>
        {children}
        {opened !== null ? <ProvenanceDialog opened={opened} onNavigate={setOpened} onClose={() => setOpened(null)} /> : null}
      </IndexEvidenceContext.Provider>
    </ProvenanceContext.Provider>
  );
}

function ProvenanceDialog({ opened, onNavigate, onClose }: { opened: Opened; onNavigate: (next: Opened) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="provenance" onClose={onClose} aria-labelledby="provenance-title" data-testid="provenance">
      <h2 id="provenance-title" style={{ marginTop: 0 }}>
        Where this figure comes from
      </h2>
      {opened.kind === 'index' ? (
        <IndexEvidenceDetails reference={opened.ref} onOpenRun={(runId) => onNavigate({ kind: 'run', runId, from: opened.ref })} />
      ) : (
        <>
          {opened.from ? (
            <p>
              <button type="button" onClick={() => onNavigate({ kind: 'index', ref: opened.from as IndexValueRef })} data-testid="provenance-back">
                ← Back to the index value
              </button>
            </p>
          ) : null}
          <RunDetails key={opened.runId} runId={opened.runId} />
        </>
      )}
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}

/** The quotes an index value was computed from: network, source, prices, GPUs, listings, run, snapshot. */
function IndexEvidenceDetails({ reference, onOpenRun }: { reference: IndexValueRef; onOpenRun: (runId: number) => void }) {
  const { data, error, isPending } = useQuery(indexEvidenceQuery(reference));
  if (isPending) return <p className="muted">Loading the quotes behind this index value…</p>;
  if (error) return <p className="failed">Could not load the index value: {error.message}</p>;
  const value = data.value;
  return (
    <div data-testid="index-evidence">
      <p>
        {data.label}, {reference.resolution === 'hour' ? 'hour' : 'day'} from {formatUtc(value.at)}:{' '}
        <strong data-testid="index-evidence-value">{value.published ? formatUsdPerGpuHour(value.usdPerGpuHour) : 'not published'}</strong>
        {value.published ? ` from ${value.networks} networks` : ` (${value.reason})`}, methodology {value.methodology}
        {value.asOf ? `, as of ${formatUtc(value.asOf)}` : ''}.
        {value.depthGpus !== null ? ` At least ${formatCount(value.depthGpus)} GPUs rentable at or under it.` : ''}
      </p>
      {data.quotes.length === 0 ? (
        <p className="muted">No DePIN source listed this model as rentable at a price in this bucket.</p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="data" data-testid="index-evidence-quotes">
            <thead>
              <tr>
                <th scope="col">Network · source</th>
                <th scope="col">Median</th>
                <th scope="col">Cheapest</th>
                <th scope="col">Rentable GPUs</th>
                <th scope="col">Listings</th>
                <th scope="col">Run · snapshot</th>
              </tr>
            </thead>
            <tbody>
              {data.quotes.map((q) => (
                <tr key={`${q.sourceId}-${q.runId}`} data-outlier={q.outlier ? '1' : '0'}>
                  <td>
                    {networkLabel(q.networkSlug)} · {q.sourceName}
                    {q.outlier ? <span className="muted"> (outlier, left out)</span> : null}
                  </td>
                  <td>{formatUsdPerGpuHour(q.medianUsdPerGpuHour)}</td>
                  <td>{formatUsdPerGpuHour(q.minUsdPerGpuHour)}</td>
                  <td>{formatCount(q.rentableGpus)}</td>
                  <td>{formatCount(q.listings)}</td>
                  <td>
                    <button type="button" className="figure" onClick={() => onOpenRun(q.runId)} data-run={q.runId}>
                      run #{q.runId}
                    </button>
                    {q.rawUrl ? (
                      <>
                        {' · '}
                        <a href={q.rawUrl} target="_blank" rel="noreferrer">
                          raw bytes
                        </a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function RunDetails({ runId }: { runId: number }) {
  const { data, error, isPending } = useQuery(runQuery(runId));
  return (
    <>
      {isPending ? <p className="muted">Loading scrape run #{runId}…</p> : null}
      {error ? <p className="failed">Could not load scrape run #{runId}: {error.message}</p> : null}
      {data ? (
        <dl>
          <dt>Source</dt>
          <dd>{data.source ? `${data.source.name} (${data.source.id})` : data.run.sourceId}</dd>
          <dt>Evidence</dt>
          <dd>{EVIDENCE_GRADE_LABELS[data.run.evidenceGrade as EvidenceGrade] ?? data.run.evidenceGrade}</dd>
          <dt>Requested</dt>
          <dd style={{ wordBreak: 'break-all' }}>{data.run.requestUrl}</dd>
          <dt>Observed at</dt>
          <dd>{formatUtc(data.run.observedAt)}</dd>
          <dt>Fetched at</dt>
          <dd>{formatUtc(data.run.startedAt)}</dd>
          <dt>HTTP status</dt>
          <dd>{data.run.httpStatus ?? 'no response'}</dd>
          <dt>Duration</dt>
          <dd>{data.run.durationMs} ms</dd>
          <dt>Outcome</dt>
          <dd className={data.run.outcome === 'ok' ? 'ok' : 'failed'}>
            {data.run.outcome}
            {data.run.error ? `: ${data.run.error}` : ''}
          </dd>
          <dt>Scrape run</dt>
          <dd>
            #{data.run.id}, adapter v{data.run.adapterVersion}, {data.run.origin}
            {data.run.pointsFromRunId ? ` (figures unchanged since run #${data.run.pointsFromRunId})` : ''}
            {data.run.recordedPayloadDate ? `, served from a recording of ${data.run.recordedPayloadDate}` : ''}
          </dd>
          {data.requests.length > 1 ? (
            <>
              <dt>Requests</dt>
              <dd>
                {data.requests.length} requests, each kept as its own raw snapshot:
                <ol style={{ margin: '0.25rem 0 0', paddingLeft: '1.25rem' }} data-testid="provenance-requests">
                  {data.requests.map((r) => (
                    <li key={r.seq} style={{ wordBreak: 'break-all' }}>
                      {r.requestUrl} · HTTP {r.httpStatus ?? 'no response'} ·{' '}
                      {r.snapshot ? (
                        <a href={r.snapshot.rawUrl} target="_blank" rel="noreferrer">
                          {r.snapshot.sizeBytes.toLocaleString('en-US')} bytes, sha256 {r.snapshot.sha256.slice(0, 12)}…
                        </a>
                      ) : (
                        'no bytes'
                      )}
                    </li>
                  ))}
                </ol>
              </dd>
            </>
          ) : null}
          <dt>{data.requests.length > 1 ? 'First snapshot sha256' : 'Snapshot sha256'}</dt>
          <dd>
            {data.snapshot ? (
              <>
                <code style={{ wordBreak: 'break-all' }} data-testid="provenance-sha256">
                  {data.snapshot.sha256}
                </code>{' '}
                ({data.snapshot.sizeBytes.toLocaleString('en-US')} bytes) ·{' '}
                <a href={data.snapshot.rawUrl} target="_blank" rel="noreferrer">
                  raw bytes
                </a>
              </>
            ) : (
              'none (no bytes came back)'
            )}
          </dd>
        </dl>
      ) : null}
    </>
  );
}
