/**
 * One scraper per source at a time, enforced in the database so worker replicas on
 * PostgreSQL (and a scheduler tick that overlaps a slow run) never scrape a source twice.
 *
 * A lease is short (one attempt's timeout plus a margin) and renewed while its run goes on:
 * a holder that crashed frees its sources within that time, a live slow run keeps them. The
 * leases a process holds are tracked here, so a shutdown can release them all at once.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sourceLeases } from '@/db/schema';
import { currentTime } from '../clock';
import { componentLogger } from '../log';

/** Added to one attempt's timeout: storing the run, a late renewal, clock skew between hosts. */
export const LEASE_MARGIN_MS = 15_000;

export interface LeaseHolding {
  holder: string;
  expiresAt: Date;
}

/** Who holds a lease, as shown in pass output and on /status: host, process id, a random tag. */
export function newLeaseHolder(): string {
  return `${hostname()}/pid ${process.pid}/${randomUUID().slice(0, 8)}`;
}

export async function acquireLease(db: Database, sourceId: string, holder: string, ttlMs: number, now = currentTime()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const rows = await db
    .insert(sourceLeases)
    .values({ sourceId, holder, expiresAt })
    .onConflictDoUpdate({
      target: sourceLeases.sourceId,
      set: { holder, expiresAt },
      // Only an expired lease (its holder crashed or hung) may be taken over.
      setWhere: lt(sourceLeases.expiresAt, sql`${now.toISOString()}::timestamptz`),
    })
    .returning({ holder: sourceLeases.holder });
  return rows[0]?.holder === holder;
}

/** Pushes a held lease's expiry out; false when this holder no longer holds it. */
export async function renewLease(db: Database, sourceId: string, holder: string, ttlMs: number, now = currentTime()): Promise<boolean> {
  const rows = await db
    .update(sourceLeases)
    .set({ expiresAt: new Date(now.getTime() + ttlMs) })
    .where(and(eq(sourceLeases.sourceId, sourceId), eq(sourceLeases.holder, holder)))
    .returning({ holder: sourceLeases.holder });
  return rows.length > 0;
}

export async function releaseLease(db: Database, sourceId: string, holder: string): Promise<void> {
  await db.delete(sourceLeases).where(and(eq(sourceLeases.sourceId, sourceId), eq(sourceLeases.holder, holder)));
}

/** The lease on a source, whoever holds it, or null when there is none. */
export async function readLease(db: Database, sourceId: string): Promise<LeaseHolding | null> {
  const [row] = await db
    .select({ holder: sourceLeases.holder, expiresAt: sourceLeases.expiresAt })
    .from(sourceLeases)
    .where(eq(sourceLeases.sourceId, sourceId));
  return row ?? null;
}

/** "lease held by <holder> until <expiry>", the busy reason in pass output and on /status. */
export function describeLease(lease: LeaseHolding): string {
  return `lease held by ${lease.holder} until ${lease.expiresAt.toISOString()}`;
}

// The leases this process holds now, keyed `${sourceId}\n${holder}`, for releaseHeldLeases.
const held = new Map<string, { db: Database; sourceId: string; holder: string }>();

export type LeasedResult<T> = { acquired: true; value: T } | { acquired: false; lease: LeaseHolding | null };

/**
 * Runs `work` while holding the source's lease: acquires it for `ttlMs`, renews it every third
 * of that while `work` runs, releases it afterwards. When another holder has it, `work` does
 * not run and the answer says who holds it until when.
 */
export async function withLease<T>(
  db: Database,
  lease: { sourceId: string; holder: string; ttlMs: number },
  work: () => Promise<T>,
): Promise<LeasedResult<T>> {
  const { sourceId, holder, ttlMs } = lease;
  if (!(await acquireLease(db, sourceId, holder, ttlMs))) return { acquired: false, lease: await readLease(db, sourceId) };
  const key = `${sourceId}\n${holder}`;
  held.set(key, { db, sourceId, holder });
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // A failed renewal is not fatal: the run is idempotent per (source, observation time).
    renewing = renewLease(db, sourceId, holder, ttlMs).catch((error: unknown) =>
      componentLogger('lease').warn({ source: sourceId, err: error }, 'could not renew lease'),
    );
  }, Math.max(250, Math.floor(ttlMs / 3)));
  timer.unref?.();
  try {
    return { acquired: true, value: await work() };
  } finally {
    clearInterval(timer);
    await renewing;
    // A shutdown may have released it already (releaseHeldLeases); deleting again is harmless.
    if (held.delete(key)) await releaseLease(db, sourceId, holder);
  }
}

/** Releases every lease this process holds (shutdown), so its sources are free at once. */
export async function releaseHeldLeases(): Promise<number> {
  const leases = [...held.entries()];
  held.clear();
  for (const [, lease] of leases) {
    await releaseLease(lease.db, lease.sourceId, lease.holder).catch((error: unknown) =>
      componentLogger('lease').warn({ source: lease.sourceId, err: error }, 'could not release lease'),
    );
  }
  return leases.length;
}

/** How many leases this process holds (shutdown logs, tests). */
export function heldLeaseCount(): number {
  return held.size;
}
