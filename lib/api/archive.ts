/** The body of GET /api/v1/archive: every stored day's archive, then the current day (not offered while it runs). */
import type { Database } from '@/db/client';
import { RUN_DAY_RULE } from '../ingest/archive-format';
import { listArchives } from '../queries/archives';
import { dayOf } from '../utc-day';

export interface ArchiveListResponse {
  runDayRule: string;
  days: {
    day: string;
    complete: boolean;
    bytes: number | null;
    sha256: string | null;
    url: string | null;
    counts: Record<string, number> | null;
  }[];
}

export async function archiveListResponse(db: Database, options: { origin: string; now: Date }): Promise<ArchiveListResponse> {
  const today = dayOf(options.now);
  const stored = (await listArchives(db)).filter((a) => a.day < today);
  return {
    runDayRule: RUN_DAY_RULE,
    days: [
      ...stored.map((a) => ({
        day: a.day,
        complete: true,
        bytes: a.sizeBytes,
        sha256: a.sha256,
        url: `${options.origin}/api/v1/archive/${a.day}`,
        counts: a.counts,
      })),
      { day: today, complete: false, bytes: null, sha256: null, url: null, counts: null },
    ],
  };
}
