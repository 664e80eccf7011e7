/**
 * PGlite in its own thread (db/pglite-thread.ts) answers as PGlite in this thread does: the same
 * rows and types through drizzle (raw `execute` and the query builder's array rows), the same
 * transactions (commit, rollback, savepoints, other work held until the transaction ends), the
 * same errors, and a data folder that keeps its rows and its lock and takes its housekeeping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { bigint, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTime } from '../lib/clock';
import { runHousekeeping } from '../lib/ingest/housekeeping';
import { openDatabase, type DatabaseHandle } from './client';

const probe = pgTable('thread_probe', {
  id: integer('id').primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  amount: numeric('amount').notNull(),
  big: bigint('big', { mode: 'number' }).notNull(),
  payload: jsonb('payload').notNull(),
  label: text('label'),
});

const CREATE = sql`create table thread_probe (id integer primary key, at timestamptz not null, amount numeric not null, big bigint not null, payload jsonb not null, label text)`;
const ROWS = [
  { id: 1, at: new Date('2026-11-24T10:00:00.123Z'), amount: '1.50', big: 9_007_199_254_740_000, payload: { gpus: [1, 2] }, label: 'ionet' },
  { id: 2, at: new Date('2024-01-01T00:00:00Z'), amount: '0.000001', big: -1, payload: { nested: { ok: true } }, label: null },
];

/** Everything a read can come back as, on one database: what the two threads must agree on. */
async function observe(handle: DatabaseHandle) {
  const { db } = handle;
  const built = await db.select().from(probe).orderBy(asc(probe.id));
  // PGlite's execute result: rows and fields as the driver gave them.
  const raw = (await db.execute(sql`
    select id, at, amount, big, payload, label, count(*) over () as n, avg(big) over () as mean,
      date_trunc('day', at) as day, at::date as on_day, interval '90 minutes' as span, array[at, at] as ats,
      '\\x00ff10'::bytea as bytes, array[amount, amount] as amounts
    from thread_probe order by id`)) as unknown as { rows: unknown[]; fields: unknown[] };
  const joined = await db.select({ id: probe.id, at: probe.at, day: sql<string>`date_trunc('day', ${probe.at})` }).from(probe).orderBy(asc(probe.id));
  return { built, raw: raw.rows, fields: raw.fields, joined };
}

describe('PGlite in a worker thread answers as PGlite in this thread', () => {
  const handles: Record<'main' | 'worker', DatabaseHandle | null> = { main: null, worker: null };

  beforeAll(async () => {
    [handles.main, handles.worker] = await Promise.all([
      openDatabase({ driver: 'pglite', dataDir: null, thread: 'main' }),
      openDatabase({ driver: 'pglite', dataDir: null, thread: 'worker' }),
    ]);
    for (const handle of [handles.main, handles.worker]) {
      await handle.db.execute(CREATE);
      await handle.db.insert(probe).values(ROWS);
    }
  }, 60_000);
  afterAll(async () => {
    await handles.main?.close();
    await handles.worker?.close();
  });

  it('the same rows and types, from raw SQL and from the query builder', async () => {
    const main = await observe(handles.main!);
    const worker = await observe(handles.worker!);
    expect(worker).toEqual(main);
    // What the drivers' trap list says, held in the worker too: timestamps as Dates from the
    // builder and as text from raw SQL, numerics as strings, count as a number, bytea as bytes.
    expect(worker.built[0]?.at).toEqual(ROWS[0]?.at);
    expect(worker.built[0]?.payload).toEqual({ gpus: [1, 2] });
    const first = worker.raw[0] as Record<string, unknown>;
    expect(typeof first.at).toBe('string');
    expect(first.amount).toBe('1.50');
    expect(first.n).toBe(2);
    expect(first.bytes).toEqual(new Uint8Array([0, 255, 16]));
    expect(handles.worker!.description).toBe('PGlite in memory (own thread)');
  });

  it('commits, rolls back, and rolls back to a savepoint', async () => {
    const { db } = handles.worker!;
    await db.transaction(async (tx) => {
      await tx.update(probe).set({ label: 'committed' }).where(sql`id = 1`);
      await tx
        .transaction(async (inner) => {
          await inner.update(probe).set({ label: 'savepoint' }).where(sql`id = 2`);
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.update(probe).set({ label: 'rolled back' }).where(sql`id = 1`);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    const labels = await db.select({ id: probe.id, label: probe.label }).from(probe).orderBy(asc(probe.id));
    expect(labels).toEqual([
      { id: 1, label: 'committed' },
      { id: 2, label: null },
    ]);
  });

  it('holds other work until an open transaction ends, and counts it in flight', async () => {
    const handle = handles.worker!;
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = handle.db.transaction(async (tx) => {
      await tx.execute(sql`update thread_probe set big = big + 1 where id = 2`);
      order.push('transaction wrote');
      await gate;
      order.push('transaction ends');
    });
    while (!order.includes('transaction wrote')) await new Promise((resolve) => setTimeout(resolve, 5));
    const outside = handle.db.execute(sql`select big from thread_probe where id = 2`).then((result) => {
      order.push('outside read');
      return (result as unknown as { rows: unknown[] }).rows[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(order).toEqual(['transaction wrote']);
    expect(handle.poolUse()).toEqual({ driver: 'pglite', operationsInFlight: 2 });
    release();
    await transaction;
    expect(await outside).toEqual({ big: 0 });
    expect(order).toEqual(['transaction wrote', 'transaction ends', 'outside read']);
    expect(handle.poolUse()).toEqual({ driver: 'pglite', operationsInFlight: 0 });
  });

  it("passes PGlite's errors on with their code and detail", async () => {
    const failure = (handle: DatabaseHandle) => handle.db.insert(probe).values(ROWS[0]!).then(() => null, (error: unknown) => error);
    const [main, worker] = await Promise.all([failure(handles.main!), failure(handles.worker!)]);
    expect(worker).toBeInstanceOf(Error);
    const cause = (error: unknown) => {
      const { code, detail, constraint, message } = (error as { cause: { code: string; detail: string; constraint: string; message: string } }).cause;
      return { code, detail, constraint, message };
    };
    expect(cause(worker)).toEqual(cause(main));
    expect(cause(worker).code).toBe('23505');
  });
});

describe('a data folder in a worker thread', () => {
  it('keeps its rows across a close, holds the folder lock, and refuses work once closed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-thread-'));
    try {
      const first = await openDatabase({ driver: 'pglite', dataDir });
      expect(first.description).toContain('(own thread)');
      await first.db.execute(CREATE);
      await first.db.insert(probe).values(ROWS);
      await expect(openDatabase({ driver: 'pglite', dataDir })).rejects.toThrow(/already holds/);
      // The hourly round, VACUUM and CHECKPOINT included, runs through the thread as it did in this one.
      expect(await runHousekeeping(first, currentTime(), { vacuumAll: true })).toMatchObject({ hourlyRowsDeleted: 0, vacuumed: 'all' });
      await first.close();
      await expect(first.db.execute(sql`select 1`)).rejects.toMatchObject({ cause: { message: 'the database is closed' } });
      const second = await openDatabase({ driver: 'pglite', dataDir });
      try {
        expect(await second.db.select({ id: probe.id, at: probe.at }).from(probe).orderBy(asc(probe.id))).toEqual(ROWS.map(({ id, at }) => ({ id, at })));
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
