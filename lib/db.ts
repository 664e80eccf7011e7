/**
 * The process-wide database handle. Held on globalThis because Next.js bundles route handlers,
 * pages and instrumentation separately: a module-level variable would exist once per bundle,
 * and two PGlite instances on one folder in one process corrupt it just as two processes do.
 */
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
import { env } from './env';

const KEY = Symbol.for('rentable.database');
type Holder = { [KEY]?: Promise<DatabaseHandle> };

export function configuredTarget(): DatabaseTarget {
  const { DATABASE_URL, RENTABLE_DATA_DIR } = env();
  return DATABASE_URL ? { driver: 'postgres', url: DATABASE_URL } : { driver: 'pglite', dataDir: RENTABLE_DATA_DIR };
}

export function getDatabase(): Promise<DatabaseHandle> {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const opening = openDatabase(configuredTarget());
  // A failed open (say, the folder is locked) is not cached, so a later request retries.
  opening.catch(() => {
    if (holder[KEY] === opening) delete holder[KEY];
  });
  holder[KEY] = opening;
  return opening;
}

/** Makes an already open database the process's database (scripts and tests that open their own). */
export function useDatabase(handle: DatabaseHandle): void {
  (globalThis as Holder)[KEY] = Promise.resolve(handle);
}
