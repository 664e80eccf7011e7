/**
 * What our PGlite clients (db/client.ts's in-thread one, db/pglite-thread.ts's worker one)
 * count of the operations asked of them:
 *   - those asked and not yet answered (a transaction counts once, for its whole length), for
 *     /metrics: PGlite has no pool, and its one queue is the figure worth watching;
 *   - a write generation that moves on after every operation that may have written. A PGlite
 *     database has one process (the data folder is locked: db/lock.ts), so that process is its
 *     only writer: what it read stays true until the generation moves, and the data version
 *     (db/data-version.ts) is reused without a query, so a cached answer never waits in
 *     PGlite's queue behind a slow query.
 */

/** A statement that cannot write data: a plain select (ours call no function that writes a table). */
export function mayWrite(query: string): boolean {
  return !/^\s*select\b/i.test(query);
}

export class OperationCount {
  inFlight = 0;
  writeGeneration = 0;

  async counted<T>(operation: () => Promise<T>, writes: boolean): Promise<T> {
    this.inFlight++;
    try {
      return await operation();
    } finally {
      this.inFlight--;
      // After, not before: a read made while a write ran may have seen the old data.
      if (writes) this.writeGeneration++;
    }
  }
}

/** The client's write generation when it is its database's only writer (PGlite), else null (PostgreSQL: other processes write). */
export function soleWriterGeneration(client: unknown): number | null {
  const count = (client as { operations?: unknown } | null)?.operations;
  return count instanceof OperationCount ? count.writeGeneration : null;
}
