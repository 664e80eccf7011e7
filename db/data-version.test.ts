/**
 * The data version on PGlite is read from the database once and then reused until this process
 * writes (db/operation-count.ts): a cached answer's version check never waits behind a slow
 * query, and a write — a statement, an exec, a transaction — is seen by the next read. On
 * PostgreSQL every read is a query, so another process's commit is seen at once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './client';
import { readDataVersion } from './data-version';
import { testDatabaseKinds } from './test-databases';

const bump = sql`update data_version set version = version + 1 where id = 1`;

describe.each(testDatabaseKinds())('the data version on $name', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('moves with every kind of write this process makes', async () => {
    const { db } = handle;
    const first = await readDataVersion(db);
    expect(await readDataVersion(db)).toEqual(first);
    await db.execute(bump);
    const second = await readDataVersion(db);
    expect(second.version).toBe(first.version + 1);
    await db.transaction(async (tx) => {
      await tx.execute(bump);
    });
    expect((await readDataVersion(db)).version).toBe(first.version + 2);
    expect((await readDataVersion(db)).epoch).toBe(first.epoch);
  });
});

describe('the data version on PGlite in its own thread', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ driver: 'pglite', dataDir: null, thread: 'worker' });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('answers while a slow query holds the database, and sees the next write', async () => {
    const { db } = handle;
    const before = await readDataVersion(db);
    let slowDone = false;
    const slow = db.execute(sql`select pg_sleep(1.5)`).then(() => {
      slowDone = true;
    });
    // PGlite runs one query at a time: a query now would wait the 1.5 s out.
    expect(await readDataVersion(db)).toEqual(before);
    expect(slowDone).toBe(false);
    await slow;
    await db.execute(bump);
    expect((await readDataVersion(db)).version).toBe(before.version + 1);
  });
});
