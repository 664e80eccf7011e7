/** One event as JSON: the webhook body's `event`, with absolute links to its evidence. */
import type { events } from '@/db/schema';
import type { EventKind } from './kinds';

type EventRow = typeof events.$inferSelect;

export interface EventJson {
  id: string;
  kind: EventKind;
  subject: string;
  network: string | null;
  sourceId: string | null;
  gpuModel: string | null;
  /** The observed time of the evidence (ISO 8601 UTC). */
  occurredAt: string;
  detectedAt: string;
  title: string;
  summary: string;
  /** The scrape run that shows it, and its provenance (raw snapshot, hash, request) on our API. */
  runId: number | null;
  evidenceUrl: string | null;
  /** The network's page, where the figure is charted. */
  pageUrl: string | null;
  details: Record<string, unknown>;
}

export function evidenceUrl(origin: string, runId: number | null): string | null {
  return runId === null ? null : `${origin}/api/v1/runs/${runId}`;
}

export function eventPageUrl(origin: string, network: string | null): string {
  return network ? `${origin}/networks/${network}` : `${origin}/status`;
}

export function eventJson(row: EventRow, origin: string): EventJson {
  return {
    id: row.id,
    kind: row.kind as EventKind,
    subject: row.subject,
    network: row.networkSlug,
    sourceId: row.sourceId,
    gpuModel: row.gpuModel,
    occurredAt: row.occurredAt.toISOString(),
    detectedAt: row.detectedAt.toISOString(),
    title: row.title,
    summary: row.summary,
    runId: row.runId,
    evidenceUrl: evidenceUrl(origin, row.runId),
    pageUrl: eventPageUrl(origin, row.networkSlug),
    details: row.details,
  };
}
