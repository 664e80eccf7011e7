/**
 * Series as CSV: one row per time and series, ISO 8601 UTC times, the unit beside each value,
 * and the source, scrape run and snapshot hash behind every value, so a spreadsheet user can
 * trace any cell back to the raw bytes.
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scrapeRuns } from '@/db/schema';
import { toCsv } from '../csv';
import { gpuModelLabel } from '../gpu-models';
import type { Series } from '../queries/series';
import type { SourceInfo, WindowInfo } from './responses';

export const SERIES_CSV_HEADER = [
  'time_utc',
  'network',
  'source_id',
  'source_name',
  'evidence_grade',
  'gpu_model',
  'gpu_model_label',
  'metric',
  'unit',
  'value',
  'samples_in_bucket',
  'observed_at_utc',
  'scrape_run_id',
  'snapshot_sha256',
] as const;

async function snapshotHashes(db: Database, runIds: number[]): Promise<Map<number, string | null>> {
  const hashes = new Map<number, string | null>();
  for (let i = 0; i < runIds.length; i += 1000) {
    const chunk = runIds.slice(i, i + 1000);
    const rows = await db.select({ id: scrapeRuns.id, sha: scrapeRuns.snapshotSha256 }).from(scrapeRuns).where(inArray(scrapeRuns.id, chunk));
    for (const row of rows) hashes.set(row.id, row.sha);
  }
  return hashes;
}

export async function seriesCsv(db: Database, series: readonly Series[], sources: readonly SourceInfo[]): Promise<string> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const runIds = [...new Set(series.flatMap((s) => s.points.map((p) => p.runId).filter((id): id is number => id !== null)))];
  const hashes = await snapshotHashes(db, runIds);
  const rows = series.flatMap((s) => {
    // From the first observation on: earlier buckets were not tracked; later empty values are gaps.
    const first = s.points.findIndex((p) => p.value !== null);
    if (first === -1) return [];
    const source = byId.get(s.sourceId);
    return s.points.slice(first).map((p) => [
      p.at,
      s.networkSlug,
      s.sourceId,
      source?.name ?? null,
      source?.evidenceGrade ?? null,
      s.gpuModel,
      gpuModelLabel(s.gpuModel),
      s.metric,
      s.unit,
      p.value,
      p.samples,
      p.observedAt,
      p.runId,
      p.runId !== null ? (hashes.get(p.runId) ?? null) : null,
    ]);
  });
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2])) || String(a[7]).localeCompare(String(b[7])));
  return toCsv(SERIES_CSV_HEADER, rows);
}

/** `rentable-supply-ionet-all-2026-11-17_2026-11-24-hour.csv`: what, which slice, which range. */
export function csvFilename(kind: string, subject: string, window: WindowInfo): string {
  const safe = (s: string) => s.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return `rentable-${safe(kind)}-${safe(subject)}-${window.from.slice(0, 10)}_${window.to.slice(0, 10)}-${window.resolution}.csv`;
}
