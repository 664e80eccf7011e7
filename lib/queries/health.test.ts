/**
 * /api/health through its route on a real database: ready after a scrape pass, 503 with the
 * reason when the last pass is older than the bound or a migration is missing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getHealth } from '@/app/api/health/route';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { healthResponseSchema } from '../api/response-schemas';
import { useDatabase } from '../db';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { akashGpuPrices } from '../sources/akash';
import { currentTime } from '../clock';
import { expectedMigrations, readHealth } from './health';

const MINUTE = 60_000;
const noContext = { params: Promise.resolve({}) };

describe.each(testDatabaseKinds())('health on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    useDatabase(handle);
    await syncRegistry(handle.db, [akashGpuPrices]);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });
  const health = (now: Date, maxPassAgeMinutes = 30) => readHealth(handle.db, { driver: kind.name, now, maxPassAgeMinutes });

  it('is not ready before any scrape pass, and says so', async () => {
    const response = await getHealth(new Request('http://localhost/api/health'), noContext);
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = healthResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ status: 'not_ready', live: true, reasons: ['no scrape pass recorded yet'], dataVersion: null });
    expect(body.migrations).toEqual({ applied: expectedMigrations().length, expected: expectedMigrations().length, pending: [] });
  });

  it('is ready after a pass, with the data version and each source’s last success', async () => {
    await runScrapePass(handle.db, { targets: [akashGpuPrices], environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
    const response = await getHealth(new Request('http://localhost/api/health'), noContext);
    expect(response.status).toBe(200);
    const body = healthResponseSchema.parse(await response.json());
    expect(body.status).toBe('ready');
    expect(body.dataVersion).toMatch(/^\d+$/);
    expect(body.sources).toEqual([{ sourceId: akashGpuPrices.id, lastSuccessAt: expect.any(String), ageMinutes: 0 }]);
    expect(body.database).toEqual({ reachable: true, driver: kind.name });
  });

  it('is not ready once the last pass is older than the bound', async () => {
    const later = new Date(currentTime().getTime() + 31 * MINUTE);
    const report = await health(later);
    expect(report.status).toBe('not_ready');
    expect(report.reasons).toEqual([expect.stringMatching(/^last scrape pass 3[01] min ago, over the bound of 30 min$/)]);
    expect((await health(later, 60)).status).toBe('ready');
  });

  it('is not ready when a migration this build ships is not applied', async () => {
    const last = expectedMigrations().at(-1);
    await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${last?.when}`);
    const report = await health(currentTime());
    expect(report.status).toBe('not_ready');
    expect(report.reasons).toContain(`migrations pending: ${last?.tag}`);
  });

  it('rejects parameters by name', async () => {
    const response = await getHealth(new Request('http://localhost/api/health?verbose=1'), noContext);
    expect(response.status).toBe(400);
  });
});
