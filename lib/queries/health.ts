/**
 * Liveness and readiness, for load balancers and the people running Rentable: is the database
 * there, are its migrations applied, what data version it serves, how old the last scrape
 * pass is and when each source last succeeded. Ready means all of: database reachable, no
 * migration pending, and a scrape run recorded within the configured bound (a web replica
 * with SCRAPE_ENABLED=false is ready while the worker keeps scraping). Cheap by design: four
 * indexed queries, one row per source.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { migrationsFolder } from '@/db/client';
import { selectRows } from '@/db/rows';
import { ageMinutes } from '../freshness';

export interface SourceHealth {
  sourceId: string;
  lastSuccessAt: string | null;
  ageMinutes: number | null;
}

export interface Health {
  status: 'ready' | 'not_ready';
  /** The process answered: always true in a body that arrived. */
  live: true;
  checkedAt: string;
  /** Why it is not ready; empty when ready. */
  reasons: string[];
  database: { reachable: boolean; driver: 'pglite' | 'postgres' };
  migrations: { applied: number; expected: number; pending: string[] } | null;
  /** The id of the latest scrape run: it changes whenever a run is stored, so caches can key on it. */
  dataVersion: string | null;
  lastPass: { finishedAt: string; ageMinutes: number; maxAgeMinutes: number } | null;
  sources: SourceHealth[];
}

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) });

/** The migrations this build ships, from drizzle's journal. */
export function expectedMigrations(): { tag: string; when: number }[] {
  const journal = journalSchema.parse(JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')));
  return journal.entries;
}

const when = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());

export async function readHealth(
  db: Database,
  options: { driver: 'pglite' | 'postgres'; now: Date; maxPassAgeMinutes: number },
): Promise<Health> {
  const { now, maxPassAgeMinutes } = options;
  const base = { live: true as const, checkedAt: now.toISOString(), database: { reachable: true, driver: options.driver } };
  let applied: { created_at: number }[];
  try {
    // drizzle's migrators (PGlite and node-postgres) record each applied migration here, with its journal time.
    applied = await selectRows(db, sql`select created_at from drizzle.__drizzle_migrations`, z.object({ created_at: z.coerce.number() }));
  } catch (error) {
    const reason = `database unreachable or not migrated: ${(error as Error).message}`;
    return { ...base, status: 'not_ready', reasons: [reason], database: { ...base.database, reachable: false }, migrations: null, dataVersion: null, lastPass: null, sources: [] };
  }
  const expected = expectedMigrations();
  const appliedAt = new Set(applied.map((r) => r.created_at));
  const pending = expected.filter((m) => !appliedAt.has(m.when)).map((m) => m.tag);

  const [latest] = await selectRows(
    db,
    sql`select id, started_at + make_interval(secs => duration_ms / 1000.0) as finished_at from scrape_runs
        where origin in ('live', 'replay') order by id desc limit 1`,
    z.object({ id: z.coerce.number().int(), finished_at: when }),
  );
  const [version] = await selectRows(db, sql`select max(id) as id from scrape_runs`, z.object({ id: z.coerce.number().int().nullable() }));
  const sources = await selectRows(
    db,
    sql`select s.id, (select max(r.observed_at) from scrape_runs r
          where r.source_id = s.id and r.outcome = 'ok' and r.origin in ('live', 'replay')) as last_success_at
        from sources s order by s.id`,
    z.object({ id: z.string(), last_success_at: when.nullable() }),
  );

  const reasons: string[] = [];
  if (pending.length > 0) reasons.push(`migrations pending: ${pending.join(', ')}`);
  const lastPass = latest ? { finishedAt: latest.finished_at, ageMinutes: ageMinutes(latest.finished_at, now), maxAgeMinutes: maxPassAgeMinutes } : null;
  if (!lastPass) reasons.push('no scrape pass recorded yet');
  else if (lastPass.ageMinutes > maxPassAgeMinutes) reasons.push(`last scrape pass ${lastPass.ageMinutes} min ago, over the bound of ${maxPassAgeMinutes} min`);

  return {
    ...base,
    status: reasons.length === 0 ? 'ready' : 'not_ready',
    reasons,
    migrations: { applied: applied.length, expected: expected.length, pending },
    dataVersion: version?.id != null ? String(version.id) : null,
    lastPass,
    sources: sources.map((s) => ({ sourceId: s.id, lastSuccessAt: s.last_success_at, ageMinutes: s.last_success_at ? ageMinutes(s.last_success_at, now) : null })),
  };
}
