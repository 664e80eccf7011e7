/**
 * "Download all", unzipped: each CSV inside is byte for byte what the API URL named for it in
 * metadata.json returns (the supply CSV is /api/v1/supply?format=csv for the same view), and the
 * metadata carries sources, definitions, units, licence and citation.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getDownload } from '@/app/api/v1/download/route';
import { GET as getFlags } from '@/app/api/v1/flags/route';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { useDatabase } from '../db';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { akashGpuPrices } from '../sources/akash';
import { awsEc2OnDemand1Gpu } from '../sources/aws';
import { ionetMarketSnapshot } from '../sources/ionet';
import { currentTimeMs } from '../clock';

const HOUR = 3_600_000;
const ORIGIN = 'http://rentable.test';
/** The configured public origin of the suite (vitest.config.ts): every URL the zip writes starts with it. */
const PUBLIC_ORIGIN = 'http://localhost:3000';
const noContext = { params: Promise.resolve({}) };

const metadataSchema = z.object({
  title: z.string(),
  view: z.object({ network: z.string().nullable(), model: z.string().nullable(), url: z.string(), window: z.object({ from: z.string(), to: z.string(), resolution: z.string() }) }),
  retrievedAt: z.string(),
  licence: z.object({ identifier: z.string(), url: z.string(), name: z.string() }),
  howToCite: z.string(),
  files: z.array(z.object({ name: z.string(), rows: z.number(), apiUrl: z.string(), columns: z.record(z.string(), z.string()) })),
  apiUrls: z.array(z.string()),
  units: z.record(z.string(), z.string()),
  definitions: z.array(z.object({ id: z.string(), term: z.string(), text: z.string() })),
  evidenceGrades: z.array(z.object({ grade: z.string(), definition: z.string() })),
  sources: z.array(z.object({ id: z.string(), evidenceGrade: z.string(), endpoint: z.string() })),
});

const API: Record<string, typeof getSupply> = { '/api/v1/supply': getSupply, '/api/v1/prices': getPrices, '/api/v1/flags': getFlags };

async function fetchApi(url: string): Promise<Response> {
  const parsed = new URL(url);
  const handler = API[parsed.pathname];
  if (!handler) throw new Error(`no handler for ${parsed.pathname}`);
  return handler(new Request(parsed), noContext);
}

describe.each(testDatabaseKinds())('download on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let window = '';
  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    useDatabase(handle);
    const targets = [akashGpuPrices, ionetMarketSnapshot, awsEc2OnDemand1Gpu];
    await syncRegistry(handle.db, targets);
    const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;
    for (const at of [thisHour - 3 * HOUR + 60_000, thisHour - 2 * HOUR + 60_000, thisHour - HOUR + 60_000]) {
      await runScrapePass(handle.db, { targets, at: new Date(at), environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
    }
    // A fixed window, so the zip and the API calls compared with it cannot straddle a minute.
    window = `range=custom&from=${new Date(thisHour - 6 * HOUR).toISOString()}&to=${new Date(thisHour + HOUR).toISOString()}`;
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  const download = (query: string, headers: Record<string, string> = {}) => getDownload(new Request(`${ORIGIN}/api/v1/download?${query}`, { headers }), noContext);

  async function unzip(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const text = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
    const metadata = metadataSchema.parse(JSON.parse(text['metadata.json'] ?? 'null'));
    return { text, metadata };
  }

  it('zips a network page: its supply CSV is /api/v1/supply?format=csv for the same view', async () => {
    const response = await download(`network=akash&${window}`);
    // No model asked for: the name says the network only, though the default price model's CSV is inside.
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="rentable-akash-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-hour\.zip"$/);
    const { text, metadata } = await unzip(response);
    expect(Object.keys(text).sort()).toEqual(['README.txt', 'flags.csv', 'metadata.json', 'prices.csv', 'supply.csv']);

    const supply = await (await getSupply(new Request(`${ORIGIN}/api/v1/supply?network=akash&${window}&format=csv`), noContext)).text();
    expect(supply.split('\r\n').length).toBeGreaterThan(3);
    expect(text['supply.csv']).toBe(supply);
    expect(text['prices.csv']).toContain('usd_per_gpu_hour');
    expect(text['prices.csv']).toContain('aws-ec2-ondemand-1gpu');

    expect(metadata.view).toMatchObject({ network: 'akash', model: 'h100-sxm-80gb' });
    expect(metadata.view.url).toBe(`${PUBLIC_ORIGIN}/networks/akash?model=h100-sxm-80gb&${new URLSearchParams(window).toString()}`);
    expect(metadata.licence.identifier).toBe('CC-BY-4.0');
    expect(metadata.howToCite).toContain(metadata.retrievedAt);
    expect(metadata.howToCite).toContain('CC BY 4.0');
    expect(metadata.sources.find((s) => s.id === 'akash-gpu-prices')).toMatchObject({ evidenceGrade: 'official-api', endpoint: expect.stringMatching(/^https:\/\//) });
    expect(metadata.definitions.map((d) => d.id)).toEqual(expect.arrayContaining(['claimed', 'free', 'rentable', 'price', 'reality-ratio']));
    expect(Object.keys(metadata.units)).toEqual(expect.arrayContaining(['gpus', 'nodes', 'usd_per_gpu_hour']));
    expect(metadata.evidenceGrades.length).toBe(5);
    expect(text['README.txt']).toContain('CC BY 4.0');
    expect(text['README.txt']).toContain(metadata.howToCite);
  });

  it('names, for every CSV inside, the exact API URL that returns it', async () => {
    for (const query of [`network=akash&${window}`, `network=ionet&model=h100-sxm-80gb&${window}&resolution=day`, `model=h100-sxm-80gb&${window}`]) {
      const { text, metadata } = await unzip(await download(query));
      expect(metadata.apiUrls).toEqual(metadata.files.map((f) => f.apiUrl));
      for (const file of metadata.files) {
        expect(file.apiUrl.startsWith(`${PUBLIC_ORIGIN}/api/v1/`)).toBe(true);
        const response = await fetchApi(file.apiUrl);
        expect(response.status, file.apiUrl).toBe(200);
        expect(text[file.name], `${query}: ${file.name}`).toBe(await response.text());
        expect(file.rows).toBe((text[file.name] ?? '').split('\r\n').filter(Boolean).length - 1);
      }
    }
  });

  it('zips a GPU model across networks: rentable supply per network, prices and flags of every network', async () => {
    const response = await download(`model=h100-sxm-80gb&${window}`);
    expect(response.headers.get('content-disposition')).toMatch(/filename="rentable-h100-sxm-80gb-all-networks-[\d-]+_[\d-]+-hour\.zip"/);
    const { text, metadata } = await unzip(response);
    expect(Object.keys(text)).toEqual(expect.arrayContaining(['supply-akash.csv', 'prices.csv', 'flags.csv']));
    const akash = await (await getSupply(new Request(`${ORIGIN}/api/v1/supply?network=akash&status=rentable&model=h100-sxm-80gb&${window}&format=csv`), noContext)).text();
    expect(text['supply-akash.csv']).toBe(akash);
    expect(metadata.view).toMatchObject({ network: null, model: 'h100-sxm-80gb', url: expect.stringContaining(`${PUBLIC_ORIGIN}/compare?model=h100-sxm-80gb`) });
  });

  it('writes no host a request header names into the zip', async () => {
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const { text } = await unzip(await download(`network=akash&${window}`, forged));
    for (const [name, body] of Object.entries(text)) expect(body, name).not.toContain('evil.example');
    expect(text['README.txt']).toContain(PUBLIC_ORIGIN);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await download(`network=akash&${window}`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"/);
    const again = await download(`network=akash&${window}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it.each([
    ['neither network nor model', '', 400, 'network'],
    ['model=all alone', 'model=all', 400, 'network'],
    ['a bad range', 'network=akash&range=2w', 400, 'range'],
    ['an unknown parameter', 'network=akash&format=csv', 400, 'format'],
    ['an unknown network', 'network=nowhere', 404, undefined],
  ] as const)('refuses %s', async (_name, query, status, param) => {
    const response = await download(query);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { param?: string } };
    expect(body.error.param).toBe(param);
  });
});
