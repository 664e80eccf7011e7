/**
 * Recorded upstream payloads: the only fakes in Rentable, used at the network boundary by the
 * recorded-payload server and read directly by parse tests. Each network's folder has a
 * manifest naming the real API path each file answers and when it was recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const recordingsRoot = path.join(process.cwd(), 'lib', 'sources', 'recordings');

const manifestSchema = z.object({
  network: z.string(),
  recordings: z.array(
    z.object({
      /**
       * Path and query as the real API serves it, e.g. `/v1/gpu-prices`. A path with a query
       * answers that exact query only, so each page of a paged source has its own recording.
       */
      path: z.string().startsWith('/'),
      method: z.enum(['GET', 'POST']).default('GET'),
      /** The payload served by default. */
      file: z.string(),
      /**
       * Optional dated history: the server answers with the entry whose `from` is the latest at
       * or before its replay clock (falling back to `file` before the first entry). Lets tests
       * and the demo build history through the real fetch → parse → store path.
       */
      sequence: z.array(z.object({ from: z.string().datetime(), file: z.string() })).optional(),
      /** Date the payload (or its shape) was recorded, YYYY-MM-DD. */
      recordedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      status: z.number().int().default(200),
      contentType: z.string().default('application/json'),
      /**
       * For a published history (rows dated by the upstream): the key of each row's date. A
       * replay laid on another clock shifts these dates by whole days, so the history keeps its
       * place before "now" (see RECORDINGS_TIMELINE_DAY).
       */
      historyDateField: z.string().min(1).optional(),
    }),
  ),
});

/**
 * The day the recordings' timeline leads up to: the dated sequences cover the week before it
 * (2026-11-17 to 23) and the published histories end by it. Replays on another day (the demo,
 * the test servers under RENTABLE_NOW) shift the histories by the whole days between the two.
 */
export const RECORDINGS_TIMELINE_DAY = '2026-11-24';

const DAY_MS = 86_400_000;

/** Whole days from the recordings' timeline day to the UTC day of `now` (negative before it). */
export function historyShiftDays(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS) - Date.parse(`${RECORDINGS_TIMELINE_DAY}T00:00:00Z`) / DAY_MS;
}

/**
 * A published history's bytes with every `field` date moved by `days`, format kept (a date
 * stays a date, a date-time an ISO date-time). Unchanged bytes when there is nothing to move.
 */
export function shiftHistoryDates(bytes: Uint8Array, field: string, days: number): Uint8Array {
  if (days === 0) return bytes;
  const shift = (value: string): string => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const at = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(at)) return value;
    const moved = new Date(at + days * DAY_MS).toISOString();
    return dateOnly ? moved.slice(0, 10) : moved;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === field && typeof value === 'string' ? shift(value) : walk(value)]));
  };
  return new TextEncoder().encode(JSON.stringify(walk(JSON.parse(new TextDecoder().decode(bytes)))));
}

export type RecordingManifest = z.infer<typeof manifestSchema>;
export type Recording = RecordingManifest['recordings'][number];

export function readManifest(network: string): RecordingManifest {
  const file = path.join(recordingsRoot, network, 'manifest.json');
  return manifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export function listRecordedNetworks(): string[] {
  return fs
    .readdirSync(recordingsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(recordingsRoot, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort();
}

export function readRecording(network: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(recordingsRoot, network, file)));
}
