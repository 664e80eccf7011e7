/**
 * PGlite runs one query or transaction at a time and queues the rest: what is running or
 * queued is the figure /metrics shows (DatabaseHandle.poolUse). Both ways of running PGlite
 * (db/client.ts in this thread, db/pglite-thread.ts in a worker) count it the same way, here.
 */
export interface InFlightCount {
  operationsInFlight: number;
}

/** Runs `operation` counted as in flight on `holder` until it settles. */
export async function counted<T>(holder: InFlightCount, operation: () => Promise<T>): Promise<T> {
  holder.operationsInFlight++;
  try {
    return await operation();
  } finally {
    holder.operationsInFlight--;
  }
}
