/**
 * The embedded database in a worker thread, seen from the web server's thread: an object with
 * the three methods drizzle-orm/pglite's session calls on its client (`query`, `exec` is there
 * for our own start-up, and `transaction`, whose callback gets an object with `query` and
 * `exec`), forwarding each to db/pglite-worker.mjs. PGlite runs one query at a time and blocks
 * the thread it runs in; in its own thread it blocks only itself, so a cheap request that needs
 * no database (or whose answer is cached) is served while a slow query runs.
 *
 * Results are PGlite's own (`rows`, `fields`, `affectedRows`), structured-cloned: Dates,
 * Uint8Arrays and bigints arrive as they left. The one thing that cannot cross a thread is a
 * function, so `parsers` (drizzle passes its own, to keep timestamps as text) are applied here
 * to the raw text the worker sends for those types, as PGlite would apply them.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import { counted } from './in-flight';

/** Loaded by path from the project root, as db/migrations is: the Next.js bundle holds neither. */
export const pgliteWorkerFile = path.join(process.cwd(), 'db', 'pglite-worker.mjs');

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError };
type Ready = { ready: true } | { ready: false; error: SerializedError };

type Request =
  | { op: 'query'; sql: string; params: unknown[]; rowMode?: QueryOptions['rowMode']; rawTypes: number[]; paramTypes?: number[]; txId?: number }
  | { op: 'exec'; sql: string; rowMode?: QueryOptions['rowMode']; rawTypes: number[]; txId?: number }
  | { op: 'begin' }
  | { op: 'commit' | 'rollback'; txId: number }
  | { op: 'close' };

/** What a transaction callback gets: PGlite's Transaction, as far as drizzle and we use it. */
export interface ThreadTransaction {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(query: string, options?: QueryOptions): Promise<Array<Results>>;
}

/** The worker's error as an Error here, with PGlite's fields (code, detail, constraint, …) on it. */
function revive(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  Object.assign(error, serialized.fields);
  if (serialized.stack) error.stack = `${serialized.stack}\n    --- in the database thread, asked from ---\n${new Error().stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return error;
}

function unsupported(options: QueryOptions | undefined): void {
  // Neither drizzle nor our code passes these; refusing beats silently ignoring them.
  if (options?.serializers || options?.onNotice || options?.blob) throw new Error('PGliteThread: serializers, onNotice and blob are not forwarded to the database thread');
}

/** Applies the caller's parsers to the raw text of their types, as PGlite does in one thread. */
function parsed<T>(results: Results<T>, options: QueryOptions | undefined): Results<T> {
  const parsers = options?.parsers;
  if (!parsers) return results;
  const columns = results.fields.flatMap((field, index) => {
    const parser = parsers[field.dataTypeID];
    return parser ? [{ index, name: field.name, typeId: field.dataTypeID, parser }] : [];
  });
  if (columns.length === 0) return results;
  for (const row of results.rows as unknown[]) {
    if (Array.isArray(row)) {
      for (const { index, typeId, parser } of columns) if (row[index] !== null) row[index] = (parser as (value: string, typeId: number) => unknown)(row[index] as string, typeId);
    } else {
      const record = row as Record<string, unknown>;
      for (const { name, typeId, parser } of columns) if (record[name] !== null) record[name] = (parser as (value: string, typeId: number) => unknown)(record[name] as string, typeId);
    }
  }
  return results;
}

export class PGliteThread {
  /** Operations asked and not yet answered (a transaction counts once, for its whole length), for /metrics. */
  operationsInFlight = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(revive(reply.error));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until PGlite is ready; `dataDir: null` is in memory. */
  static async open(dataDir: string | null, settings: string[]): Promise<PGliteThread> {
    const worker = new Worker(pgliteWorkerFile, { workerData: { dataDir, settings } });
    let onMessage: (ready: Ready) => void = () => undefined;
    let onError: (error: Error) => void = () => undefined;
    let onExit: (code: number) => void = () => undefined;
    const ready = await new Promise<Ready>((resolve, reject) => {
      onMessage = resolve;
      onError = reject;
      onExit = (code) => reject(new Error(`the database thread exited during start-up (code ${code})`));
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
    }).finally(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
    if (!ready.ready) {
      await worker.terminate();
      throw revive(ready.error);
    }
    // An idle database thread does not keep the process alive (as PGlite in one thread does
    // not); one with a question outstanding does, so a script awaiting an answer never exits.
    worker.unref();
    return new PGliteThread(worker);
  }

  private ask<T>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ...request });
    });
  }

  private runQuery<T>(txId: number | undefined, query: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<Results<T>> {
    unsupported(options);
    const rawTypes = Object.keys(options?.parsers ?? {}).map(Number);
    return this.ask<Results<T>>({ op: 'query', sql: query, params: params ?? [], rowMode: options?.rowMode, rawTypes, paramTypes: options?.paramTypes, txId }).then((results) =>
      parsed(results, options),
    );
  }

  private runExec(txId: number | undefined, query: string, options: QueryOptions | undefined): Promise<Array<Results>> {
    unsupported(options);
    const rawTypes = Object.keys(options?.parsers ?? {}).map(Number);
    return this.ask<Array<Results>>({ op: 'exec', sql: query, rowMode: options?.rowMode, rawTypes, txId }).then((all) => all.map((results) => parsed(results, options)));
  }

  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return counted(this, () => this.runQuery<T>(undefined, query, params, options));
  }

  exec(query: string, options?: QueryOptions): Promise<Array<Results>> {
    return counted(this, () => this.runExec(undefined, query, options));
  }

  /**
   * An interactive transaction: begun in the thread, where PGlite holds every other operation
   * until it ends; the callback's queries carry its id; committed when the callback returns,
   * rolled back (and the callback's error rethrown) when it throws.
   */
  transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    return counted(this, async () => {
      const txId = await this.ask<number>({ op: 'begin' });
      const tx: ThreadTransaction = {
        query: (query, params, options) => this.runQuery(txId, query, params, options),
        exec: (query, options) => this.runExec(txId, query, options),
      };
      let result: T;
      try {
        result = await callback(tx);
      } catch (error) {
        // The callback's error is the one worth seeing; a thread that cannot roll back has
        // failed, and says so to the next caller.
        await this.ask({ op: 'rollback', txId }).catch(() => undefined);
        throw error;
      }
      await this.ask({ op: 'commit', txId });
      return result;
    });
  }

  /** Closes PGlite (it flushes to the folder) and ends the thread. */
  async close(): Promise<void> {
    if (!this.failure) await this.ask({ op: 'close' });
    this.failure ??= new Error('the database is closed');
    await this.worker.terminate();
  }
}
