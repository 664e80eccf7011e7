/**
 * The vocabulary of events (issue 16, items 5 and 6): what a feed entry and a webhook are
 * about. An event is a change the evidence shows, dated by the observation that shows it,
 * never by when we noticed; its id is derived from (kind, subject, evidence time) so the same
 * change is the same event however often, and in whichever process, detection runs.
 */
import { createHash } from 'node:crypto';

export const EVENT_KINDS = [
  'flag-raised',
  'flag-cleared',
  'claim-jump',
  'rentable-zero',
  'rentable-recovered',
  'source-failing',
  'source-recovered',
  'model-appeared',
  'model-vanished',
  /** A GPU index value moving beyond its configured threshold; its detector comes with the index (lib/analytics/gpu-index.ts). */
  'index-move',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  'flag-raised': 'Flag raised',
  'flag-cleared': 'Flag cleared',
  'claim-jump': 'Claim jump',
  'rentable-zero': 'Rentable dropped to zero',
  'rentable-recovered': 'Rentable recovered',
  'source-failing': 'Source failing',
  'source-recovered': 'Source recovered',
  'model-appeared': 'GPU model appeared',
  'model-vanished': 'GPU model vanished',
  'index-move': 'Index move',
};

/** A change a detector found, before it is stored. */
export interface DetectedEvent {
  kind: EventKind;
  /** What it is about, stable across passes: `frozen-claim:ionet:ionet-devices-hardware`, `source:akash-gpu-prices`. */
  subject: string;
  /**
   * The evidence time that identifies this occurrence of the change (ISO 8601 UTC): the start of
   * a flag, the first failed run of a streak, the run that showed zero. Part of the id.
   */
  keyAt: string;
  /** When the evidence shows the change (an observed time; often keyAt). */
  occurredAt: string;
  network: string | null;
  sourceId: string | null;
  gpuModel: string | null;
  title: string;
  summary: string;
  /** The scrape run whose figures (and raw snapshot) show it; null when no single run does. */
  runId: number | null;
  details: Record<string, unknown>;
}

/** The stable id: the same (kind, subject, evidence time) is the same event, on every database. */
export function eventId(event: Pick<DetectedEvent, 'kind' | 'subject' | 'keyAt'>): string {
  const keyMs = Date.parse(event.keyAt);
  return createHash('sha256').update(`${event.kind}\n${event.subject}\n${new Date(keyMs).toISOString()}`).digest('hex').slice(0, 32);
}
