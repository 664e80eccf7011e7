/**
 * The embedded database's own thread. PGlite runs each query synchronously in WebAssembly:
 * in the web server's thread a slow query would hold up every request, so the owning process
 * runs it here and talks to it over the worker's port (db/pglite-thread.ts is the other end).
 *
 * Plain JavaScript, loaded by path: `next start` runs bundled code with no TypeScript loader,
 * and this file must be the same in tests, scripts and the server.
 *
 * Messages in: { id, op: 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close', txId?, … }.
 * Messages out: { id, ok: true, result } or { id, ok: false, error }.
 * Work outside a transaction goes to PGlite itself, which queues it behind an open transaction
 * exactly as it does in one thread; work with a txId goes to that transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @type {{ dataDir: string | null, settings: string[] }} */
const { dataDir, settings } = workerData;
if (!parentPort) throw new Error('db/pglite-worker.mjs runs as a worker thread (see db/pglite-thread.ts)');
const port = parentPort;

/** Thrown inside PGlite's transaction callback to make it roll back; never leaves this file. */
const ROLLBACK = Symbol('rollback');

/** Open transactions by id: PGlite's transaction object, and how to end it. */
const transactions = new Map();
let nextTransactionId = 1;

/** A PGlite error's message and fields (code, detail, constraint, …): an Error's own fields do not survive structured cloning. */
function serializeError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/**
 * The caller's parsers are functions, which cannot cross a thread: the caller names their type
 * ids, values of those types come back as PGlite's raw text, and the caller parses them.
 */
function options(message) {
  const parsers = {};
  for (const typeId of message.rawTypes ?? []) parsers[typeId] = (value) => value;
  return { rowMode: message.rowMode, parsers, paramTypes: message.paramTypes };
}

function target(message) {
  if (message.txId === undefined) return db;
  const open = transactions.get(message.txId);
  if (!open) throw new Error(`transaction ${message.txId} is not open`);
  return open.tx;
}

function begin() {
  return new Promise((resolveBegun, rejectBegun) => {
    const txId = nextTransactionId++;
    let begun = false;
    let end;
    const ended = new Promise((resolve) => (end = resolve));
    const open = { tx: null, end, settled: null };
    // Assigned before any commit can arrive: that needs the txId, and a message from the other
    // thread is handled in a later task than this one.
    open.settled = db.transaction(async (tx) => {
      begun = true;
      open.tx = tx;
      transactions.set(txId, open);
      resolveBegun(txId);
      if ((await ended) === 'rollback') throw ROLLBACK;
    });
    open.settled.catch((error) => {
      if (!begun) rejectBegun(error);
    });
  });
}

async function finish(txId, outcome) {
  const open = transactions.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  open.end(outcome);
  try {
    await open.settled;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  } finally {
    transactions.delete(txId);
  }
  return null;
}

async function handle(message) {
  switch (message.op) {
    case 'query':
      return target(message).query(message.sql, message.params, options(message));
    case 'exec':
      return target(message).exec(message.sql, options(message));
    case 'begin':
      return begin();
    case 'commit':
      return finish(message.txId, 'commit');
    case 'rollback':
      return finish(message.txId, 'rollback');
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

const db = dataDir ? new PGlite(dataDir, { postgresqlconf: settings }) : new PGlite({ postgresqlconf: settings });
try {
  await db.waitReady;
  // UTC sessions, so anything the server derives from a timestamp agrees with the code.
  await db.exec("set timezone to 'UTC'");
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: serializeError(error) });
}

port.on('message', (message) => {
  handle(message).then(
    (result) => port.postMessage({ id: message.id, ok: true, result }),
    (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
  );
});
