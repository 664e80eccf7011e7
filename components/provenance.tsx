'use client';

/**
 * Click a point, see the scrape run behind it: source URL, fetch time, HTTP status, duration,
 * sha256, evidence grade, and a link to the raw bytes (of every request, for a source read in
 * several pages or slices). One dialog per page, opened through
 * context by any chart or table.
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { runQuery } from '@/lib/api/query-options';
import { formatUtc } from '@/lib/format';
import { EVIDENCE_GRADE_LABELS, type EvidenceGrade } from '@/lib/vocabulary';

const ProvenanceContext = createContext<(runId: number) => void>(() => undefined);

export function useOpenProvenance(): (runId: number) => void {
  return useContext(ProvenanceContext);
}

export function ProvenanceProvider({ children }: { children: ReactNode }) {
  const [runId, setRunId] = useState<number | null>(null);
  const open = useCallback((id: number) => setRunId(id), []);
  return (
    <ProvenanceContext.Provider value={open}>
      {children}
      {runId !== null ? <ProvenanceDialog runId={runId} onClose={() => setRunId(null)} /> : null}
    </ProvenanceContext.Provider>
  );
}

function ProvenanceDialog({ runId, onClose }: { runId: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { data, error, isPending } = useQuery(runQuery(runId));
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="provenance" onClose={onClose} aria-labelledby="provenance-title" data-testid="provenance">
      <h2 id="provenance-title" style={{ marginTop: 0 }}>
        Where this figure comes from
      </h2>
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
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
