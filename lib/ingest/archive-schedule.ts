/**
 * Writes the evidence archive of each completed UTC day by itself, so /api/v1/archive grows
 * without a cron job: at start and then every hour, in the worker and in `npm start` alike (the
 * process that scrapes). A day is archived once, an hour after it ends (archive-write.ts);
 * a check finds nothing to do until the next day is complete. Two workers may race for the
 * same day: the archive row's key lets one commit and the other's transaction fail, logged.
 */
import type { Database } from '@/db/client';
import { currentTimeMs } from '../clock';
import { componentLogger } from '../log';
import { daysToArchive, storeArchive, type StoredArchive } from './archive-write';

export const ARCHIVE_CHECK_EVERY_MS = 3_600_000;

export interface ArchiveSchedule {
  /** Archives every completed day not yet archived; resolves with what it wrote. */
  check(): Promise<StoredArchive[]>;
  stop(): Promise<void>;
}

export function startArchiveSchedule(db: Database, options: { checkEveryMs?: number; nowMs?: () => number } = {}): ArchiveSchedule {
  const log = componentLogger('archive');
  const nowMs = options.nowMs ?? currentTimeMs;
  let running: Promise<StoredArchive[]> | null = null;
  let stopped = false;

  const archiveDue = async (): Promise<StoredArchive[]> => {
    const now = new Date(nowMs());
    const written: StoredArchive[] = [];
    for (const day of await daysToArchive(db, now)) {
      // A stop between days leaves the rest for the next start; a day is one transaction.
      if (stopped) break;
      const started = performance.now();
      const stored = await storeArchive(db, day, now);
      if (stored.written) {
        written.push(stored);
        log.info({ day, bytes: stored.sizeBytes, sha256: stored.sha256, durationMs: Math.round(performance.now() - started) }, 'day archived');
      }
    }
    return written;
  };

  const check = async (): Promise<StoredArchive[]> => {
    if (stopped) return [];
    // A check while the previous one runs waits for it instead of archiving the same day twice.
    if (running) return running;
    running = archiveDue()
      .catch((error: unknown) => {
        log.error({ err: error }, 'archiving failed; tried again at the next check');
        return [];
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  void check();
  const timer = setInterval(() => void check(), options.checkEveryMs ?? ARCHIVE_CHECK_EVERY_MS);
  timer.unref?.();
  return {
    check,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
