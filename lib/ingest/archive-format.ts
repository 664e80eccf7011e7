/**
 * What a day's evidence archive holds, member by member, as zod schemas: the writer builds its
 * rows through them and `npm run restore` validates every row with them (an archive is an
 * edge: a file from anywhere). One archive is a POSIX tar of gzipped NDJSON tables, the raw
 * snapshots named by their sha256, a README.txt and, last, manifest.json with the sha256 of
 * every other member (last because it is written as the members stream out).
 */
import { z } from 'zod';
import { dayBounds, dayOf, parseDay } from '../utc-day';

export { dayBounds, dayOf, daysBetween, parseDay } from '../utc-day';

export const ARCHIVE_FORMAT = 'rentable-evidence-archive';
export const ARCHIVE_FORMAT_VERSION = 1;

/**
 * Scrape runs belong to the UTC day of their observation time, except imported history
 * (`backfill`, `claim`: dated observations loaded from a payload or the repository), which
 * belongs to the day it was imported (its start time). Live runs are observed when they start,
 * so no run ever lands in a day that has already been archived.
 */
export const RUN_DAY_RULE =
  'a run belongs to the UTC day of observed_at, except imported history (origin backfill or claim), which belongs to the day of started_at';

/**
 * How long after midnight a day is taken as complete: a run that started at 23:59 commits a
 * little later, so archiving at 00:00 could miss it. A pass is bounded well inside this.
 */
export const ARCHIVE_SETTLE_MS = 3_600_000;

/** The last day complete at `now`, or null before the first one. */
export function lastCompleteDay(now: Date): string {
  return dayOf(new Date(now.getTime() - ARCHIVE_SETTLE_MS - 86_400_000));
}

export function isComplete(day: string, now: Date): boolean {
  return dayBounds(day).end.getTime() + ARCHIVE_SETTLE_MS <= now.getTime();
}

export const archiveFileName = (day: string) => `rentable-archive-${day}.tar`;

// ───────────────────────────── members ─────────────────────────────

const instant = z.iso.datetime({ offset: false }).transform((s) => new Date(s));
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case sha256');

export const networkRowSchema = z.strictObject({ slug: z.string(), name: z.string(), kind: z.string(), website: z.string() });

export const sourceRowSchema = z.strictObject({
  id: z.string(),
  networkSlug: z.string().nullable(),
  name: z.string(),
  endpoint: z.string(),
  evidenceGrade: z.string(),
  adapterVersion: z.int(),
  description: z.string(),
});

export const runRowSchema = z.strictObject({
  id: z.int().positive(),
  sourceId: z.string(),
  networkSlug: z.string().nullable(),
  observedAt: instant,
  startedAt: instant,
  durationMs: z.int(),
  requestUrl: z.string(),
  httpStatus: z.int().nullable(),
  outcome: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  adapterVersion: z.int(),
  evidenceGrade: z.string(),
  snapshotSha256: sha256.nullable(),
  pointsWritten: z.int(),
  figuresSha256: z.string().nullable(),
  pointsFromRunId: z.int().nullable(),
  origin: z.string(),
  recordedPayloadDate: z.string().nullable(),
  rejections: z.array(z.strictObject({ kind: z.enum(['record', 'implausible']), reason: z.string(), count: z.int() })).nullable(),
});

export const requestRowSchema = z.strictObject({
  scrapeRunId: z.int().positive(),
  seq: z.int().nonnegative(),
  snapshotSha256: sha256.nullable(),
  requestUrl: z.string(),
  httpStatus: z.int().nullable(),
});

export const snapshotRowSchema = z.strictObject({
  sha256,
  encoding: z.enum(['gzip', 'identity']),
  contentType: z.string().nullable(),
  sizeBytes: z.int().nonnegative(),
  firstFetchedAt: instant,
  /** The member holding the bytes as stored: gzip (`.gz`) or as fetched. */
  member: z.string(),
});

export const tokenRateRowSchema = z.strictObject({
  scrapeRunId: z.int().positive(),
  sourceId: z.string(),
  symbol: z.string(),
  observedAt: instant,
  usd: z.number(),
});

export const claimRowSchema = z.strictObject({
  id: z.string(),
  networkSlug: z.string(),
  kind: z.string(),
  text: z.string(),
  figure: z.number(),
  unit: z.string(),
  gpuModel: z.string().nullable(),
  counts: z.string(),
  sourceName: z.string(),
  sourceUrl: z.string(),
  seenAt: z.string(),
  loadedAt: instant,
});

/** The NDJSON tables, gzipped, in the order they are written and restored. */
export const TABLE_MEMBERS = {
  networks: { name: 'networks.ndjson.gz', row: networkRowSchema },
  sources: { name: 'sources.ndjson.gz', row: sourceRowSchema },
  snapshots: { name: 'snapshots.ndjson.gz', row: snapshotRowSchema },
  runs: { name: 'runs.ndjson.gz', row: runRowSchema },
  requests: { name: 'requests.ndjson.gz', row: requestRowSchema },
  tokenRates: { name: 'token-rates.ndjson.gz', row: tokenRateRowSchema },
  claims: { name: 'claims.ndjson.gz', row: claimRowSchema },
} as const;

export type TableName = keyof typeof TABLE_MEMBERS;

export const snapshotMemberName = (sha: string, encoding: 'gzip' | 'identity') => `snapshots/${sha}${encoding === 'gzip' ? '.gz' : ''}`;

export const README_MEMBER = 'README.txt';
export const MANIFEST_MEMBER = 'manifest.json';

export const manifestSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.literal(ARCHIVE_FORMAT_VERSION),
  day: z.string().refine((d) => parseDay(d) !== null, 'must be a day as YYYY-MM-DD'),
  runDayRule: z.string(),
  counts: z.record(z.string(), z.int().nonnegative()),
  members: z.array(z.strictObject({ name: z.string(), sizeBytes: z.int().nonnegative(), sha256 })),
});
export type Manifest = z.output<typeof manifestSchema>;

export function readmeText(day: string): string {
  return `Rentable evidence archive for ${day} (UTC)

Everything we fetched and recorded that day, so anyone can recompute our figures.
Open it with any tar tool: tar -xf ${archiveFileName(day)}

manifest.json          the sha256 and size of every other member (check with sha256sum)
networks.ndjson.gz     networks, one JSON object per line (gzip)
sources.ndjson.gz      sources with their endpoint, evidence grade and adapter version
runs.ndjson.gz         scrape runs: when, what was asked, HTTP status, outcome, error,
                       adapter version, rejected rows, and the snapshot parsed
requests.ndjson.gz     every request of each run, in order, with its snapshot
snapshots.ndjson.gz    the raw snapshots: sha256 of the bytes as fetched, content type, size
snapshots/<sha256>.gz  the bytes as fetched, gzipped (gunzip -c f.gz | sha256sum gives the name);
snapshots/<sha256>     or as fetched when gzip would not make them smaller
token-rates.ndjson.gz  token USD rates observed that day, and the last one of each token before it
claims.ndjson.gz       the claims ledger as it stood when the archive was written

Which day a run belongs to: ${RUN_DAY_RULE}.
Points and rollups are not in the archive: they are derived. npm run restore loads archives
into an empty database and npm run rebuild -- --apply derives them again (see /methodology).
`;
}
