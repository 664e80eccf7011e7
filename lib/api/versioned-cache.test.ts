/**
 * The data version and the answers cached by it, on both databases: the version moves when a
 * pass commits and at no other time, a conditional request gets a 304 from the version alone,
 * a cached body is the body a fresh computation gives, and a new pass makes new answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataVersion } from '@/db/data-version';
import { testDatabaseKinds } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import { sql } from 'drizzle-orm';
import { GET as getNetworks } from '@/app/api/v1/networks/route';
import { GET as getSources } from '@/app/api/v1/sources/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { currentTimeMs } from '../clock';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { jsonText } from '../http/json-text';
import { minuteOf } from '../http/versioned-cache';
import { SCRAPE_TARGETS } from '../sources/registry';
import { networksResponse } from './responses';

const HOUR = 3_600_000;
const noContext = { params: Promise.resolve({}) };
const targets = SCRAPE_TARGETS.filter((t) => t.network === 'akash');

const get = (handler: typeof getNetworks, path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`http://localhost${path}`, { headers }), noContext);

describe.each(testDatabaseKinds())('data version and versioned answers on $name', (kind) => {
  let seeded: SeededDatabase | undefined;
  const firstPass = new Date(Math.floor(currentTimeMs() / HOUR) * HOUR - 2 * HOUR);
  const pass = (at: Date) => {
    if (!seeded) throw new Error('not seeded');
    return runScrapePass(seeded.handle.db, { targets, at, environment: seeded.server.environment(), attempts: 1, rateLimiter: noRateLimit });
  };
  const version = async () => {
    if (!seeded) throw new Error('not seeded');
    return readDataVersion(seeded.handle.db);
  };

  beforeAll(async () => {
    seeded = await seedReplayedDatabase(kind, { targets, history: [], scrapeAt: [firstPass], useAsProcessDatabase: true });
  }, 120_000);
  afterAll(() => seeded?.close());

  it('moves by one when a pass commits, and not for reads, repeats or unchanged registry syncs', async () => {
    const before = await version();
    expect(before.epoch).toMatch(/^[0-9a-f]{32}$/);
    await get(getNetworks, '/api/v1/networks');
    await get(getSources, '/api/v1/sources');
    // The same pass again: every run is already stored, nothing changes.
    await pass(firstPass);
    await syncRegistry(seeded!.handle.db, targets);
    expect(await version()).toEqual(before);

    const outcomes = await pass(new Date(firstPass.getTime() + HOUR));
    expect(outcomes.some((o) => o.outcome === 'ok')).toBe(true);
    const after = await version();
    expect(after.epoch).toBe(before.epoch);
    // One bump per committed transaction: each source's run commits on its own.
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.version).toBeLessThanOrEqual(before.version + outcomes.length);
  });

  it('bumps once for a transaction of many rows, and not for a rolled-back one', async () => {
    const db = seeded!.handle.db;
    const before = await version();
    await db.transaction(async (tx) => {
      await tx.execute(sql`update sources set description = description || ' ' where network_slug = 'akash'`);
      await tx.execute(sql`update sources set description = rtrim(description) where network_slug = 'akash'`);
    });
    expect((await version()).version).toBe(before.version + 1);
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update sources set description = 'changed' where network_slug = 'akash'`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await version()).version).toBe(before.version + 1);
  });

  it('answers If-None-Match with a 304 and serves the body a fresh computation gives', async () => {
    const first = await get(getNetworks, '/api/v1/networks');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    const { version: v } = await version();
    expect(etag).toMatch(new RegExp(`^W/"v${v}\\.[0-9a-f]{12}-[A-Za-z0-9_-]{16}"$`));
    const body = await first.text();

    const again = await get(getNetworks, '/api/v1/networks');
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);
    // The body computed afresh for the same version and minute, outside any cache.
    expect(body).toBe(jsonText(await networksResponse(seeded!.handle.db, new Date(minuteOf(currentTimeMs())))));

    const conditional = await get(getNetworks, '/api/v1/networks', { 'if-none-match': etag });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe('');
    expect(conditional.headers.get('cache-control')).toContain('max-age=');
    // Another parameter set is another answer, with its own ETag.
    const supply = await get(getSupply, '/api/v1/supply?network=akash&range=24h', { 'if-none-match': etag });
    expect(supply.status).toBe(200);
    expect(supply.headers.get('etag')).not.toBe(etag);
  });

  it('keys parameters in any order alike, and never keeps an error', async () => {
    const a = await get(getSupply, '/api/v1/supply?network=akash&range=24h');
    const b = await get(getSupply, '/api/v1/supply?range=24h&network=akash');
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    const bad = await get(getSupply, '/api/v1/supply?network=akash&range=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('etag')).toBeNull();
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('range');
  });

  it('a new pass makes a new version: the old ETag gets the new body', async () => {
    const first = await get(getNetworks, '/api/v1/networks');
    const etag = first.headers.get('etag') ?? '';
    await pass(new Date(firstPass.getTime() + 2 * HOUR - 60_000));
    const after = await get(getNetworks, '/api/v1/networks', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = await after.text();
    expect(body).toBe(jsonText(await networksResponse(seeded!.handle.db, new Date(minuteOf(currentTimeMs())))));
  });
});
