/**
 * Fresh, migrated databases for tests: an in-memory PGlite always, and a new PostgreSQL
 * database (dropped afterwards) when TEST_DATABASE_URL is set. Every test file gets its own,
 * so files run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from './client';

export interface TestDatabaseKind {
  name: 'pglite' | 'postgres';
  /** `migrate: false` opens it empty, for tests that apply an older layout first. */
  open(options?: { migrate?: boolean }): Promise<DatabaseHandle>;
}

/**
 * A new, empty PostgreSQL database next to `adminUrl`'s, and how to drop it. Used directly by
 * tests whose code under test runs in a child process (it gets the URL, not a handle).
 */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rentable_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    try {
      // The pool's sockets may take a moment to close after end(); wait for them rather than
      // forcing, which would kill them mid-close and surface as errors in the test run.
      for (let attempt = 0; ; attempt++) {
        try {
          await dropper.query(`drop database if exists ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      await dropper.end();
    }
  };
  return { url: url.toString(), drop };
}

async function openFreshPostgres(adminUrl: string, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const database = await createPostgresDatabase(adminUrl);
  const handle = await openDatabase({ driver: 'postgres', url: database.url }, options);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: 'pglite', open: (options) => openDatabase({ driver: 'pglite', dataDir: null }, options) }];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) kinds.push({ name: 'postgres', open: (options) => openFreshPostgres(adminUrl, options) });
  return kinds;
}

/** An empty database for code that runs in a child process: its target, the variables that select it, and how to drop it. */
export interface ChildDatabase {
  target: DatabaseTarget;
  environment: Record<string, string>;
  drop(): Promise<void>;
}

export interface ChildDatabaseKind {
  name: TestDatabaseKind['name'];
  create(): Promise<ChildDatabase>;
}

/**
 * Like testDatabaseKinds, for tests that start `npm run scrape` or the worker as a process: an
 * embedded data folder (the child opens it; one process at a time), and a new PostgreSQL
 * database when TEST_DATABASE_URL is set.
 */
export function childDatabaseKinds(): ChildDatabaseKind[] {
  const kinds: ChildDatabaseKind[] = [
    {
      name: 'pglite',
      create: async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-child-'));
        return {
          target: { driver: 'pglite', dataDir },
          environment: { RENTABLE_DATA_DIR: dataDir },
          drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    kinds.push({
      name: 'postgres',
      create: async () => {
        const database = await createPostgresDatabase(adminUrl);
        return { target: { driver: 'postgres', url: database.url }, environment: { DATABASE_URL: database.url }, drop: database.drop };
      },
    });
  }
  return kinds;
}
