/**
 * The OpenAPI document against the routes it describes: every route file under app/api/v1 is
 * in it, every documented parameter is accepted by its route and a wrong value is a 400 naming
 * it (cases generated from the document's own enums and patterns), the real JSON bodies parse
 * with the documented schemas, and the document has the shape OpenAPI 3.1 requires.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { scrapeRuns } from '@/db/schema';
import { testDatabaseKinds } from '@/db/test-databases';
import { GET as getArchive } from '@/app/api/v1/archive/route';
import { GET as getArchiveDay } from '@/app/api/v1/archive/[day]/route';
import { GET as getDownload } from '@/app/api/v1/download/route';
import { GET as getFlags } from '@/app/api/v1/flags/route';
import { GET as getModelSupply } from '@/app/api/v1/model-supply/route';
import { GET as getNetworks } from '@/app/api/v1/networks/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { GET as getPrices } from '@/app/api/v1/prices/route';
import { GET as getIndex } from '@/app/api/v1/index/route';
import { GET as getIndexEvidence } from '@/app/api/v1/index/evidence/route';
import { GET as getReality } from '@/app/api/v1/reality/route';
import { GET as getRun } from '@/app/api/v1/runs/[id]/route';
import { GET as getSnapshot } from '@/app/api/v1/snapshots/[sha256]/route';
import { GET as getHealth } from '@/app/api/health/route';
import { GET as getSources } from '@/app/api/v1/sources/route';
import { GET as getSupply } from '@/app/api/v1/supply/route';
import { startReplayServer, type ReplayServer } from '@/scripts/replay-server';
import { useDatabase } from '../db';
import { noRateLimit } from '../ingest/rate-limiter';
import { runScrapePass } from '../ingest/scrape-pass';
import { syncRegistry } from '../ingest/sync-registry';
import { akashGpuPrices } from '../sources/akash';
import { awsEc2OnDemand1Gpu } from '../sources/aws';
import { ionetMarketSnapshot } from '../sources/ionet';
import { ENDPOINTS, endpointParameters, openApiDocument, type Endpoint, type Parameter } from './openapi';
import { errorSchema } from './response-schemas';
import { currentTime, currentTimeMs } from '../clock';
import { storeArchive } from '../ingest/archive-write';
import { addDays, dayOf } from '../utc-day';

const HOUR = 3_600_000;
const ORIGIN = 'http://rentable.test';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const HANDLERS: Record<string, Handler> = {
  '/api/v1/networks': getNetworks,
  '/api/v1/supply': getSupply,
  '/api/v1/prices': getPrices,
  '/api/v1/index': getIndex,
  '/api/v1/index/evidence': getIndexEvidence,
  '/api/v1/model-supply': getModelSupply,
  '/api/v1/flags': getFlags,
  '/api/v1/reality': getReality,
  '/api/v1/sources': getSources,
  '/api/v1/runs/{id}': (request, context) => getRun(request, { params: context.params.then((p) => ({ id: p.id ?? '' })) }),
  '/api/v1/snapshots/{sha256}': (request, context) => getSnapshot(request, { params: context.params.then((p) => ({ sha256: p.sha256 ?? '' })) }),
  '/api/v1/archive': getArchive,
  '/api/v1/archive/{day}': (request, context) => getArchiveDay(request, { params: context.params.then((p) => ({ day: p.day ?? '' })) }),
  '/api/v1/download': getDownload,
  '/api/v1/openapi.json': getOpenApi,
  '/api/health': getHealth,
};

/** Every route.ts under app/api, as an OpenAPI path template. */
function routeFilePaths(): string[] {
  const root = path.join(process.cwd(), 'app', 'api');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const segments = path.relative(root, dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, '{$1}'));
        found.push(`/api/${segments.join('/')}`);
      }
    }
  };
  walk(root);
  // oEmbed answers by its own specification (oembed.com), documented on /docs/api, not here.
  return found.filter((p) => p !== '/api/oembed').sort();
}

// ------------------------------------------------------------------ cases from the document

interface Case {
  endpoint: Endpoint;
  param: Parameter;
  value: string;
}

const enumOf = (schema: Record<string, unknown>): string[] | null => (Array.isArray(schema.enum) ? schema.enum.map(String) : null);

function itemsEnum(param: Parameter): string[] | null {
  const items = param.schema.items;
  return typeof items === 'object' && items !== null && !Array.isArray(items) ? enumOf(items as Record<string, unknown>) : null;
}

/** Values the document says are valid: every enum member, every list member, or the example. */
function validValues(param: Parameter): string[] {
  // A run and a snapshot of the test database, filled in when the request is made.
  if (param.in === 'path') return [`{${param.name}}`];
  const members = enumOf(param.schema);
  if (members) return members;
  const listMembers = itemsEnum(param);
  if (listMembers) return [...listMembers, listMembers.join(',')];
  if (param.name === 'from') return ['2026-11-01'];
  if (param.name === 'to') return ['2026-11-08'];
  // A pinned instant, like from and to an ISO 8601 time the document's schema cannot spell.
  if (param.name === 'at') return ['2026-11-20T00:00:00Z'];
  if (typeof param.example === 'string') return [param.example];
  throw new Error(`${param.name}: the document gives no valid value`);
}

/** A value the document rules out: outside the enum, or against the pattern. */
function invalidValue(param: Parameter): string {
  if (enumOf(param.schema)) return 'not-an-option';
  const listMembers = itemsEnum(param);
  if (listMembers) return `${listMembers[0]},not-an-option`;
  if (typeof param.schema.pattern === 'string') {
    expect(new RegExp(param.schema.pattern).test('Not Valid!'), param.name).toBe(false);
    return 'Not Valid!';
  }
  // from and to are ISO 8601 instants, which a pattern cannot say.
  return 'not-a-date';
}

const validCases: Case[] = ENDPOINTS.flatMap((endpoint) =>
  endpointParameters(endpoint).flatMap((param) => validValues(param).map((value) => ({ endpoint, param, value }))),
);
const invalidCases: Case[] = ENDPOINTS.flatMap((endpoint) => endpointParameters(endpoint).map((param) => ({ endpoint, param, value: invalidValue(param) })));
const requiredCases = ENDPOINTS.flatMap((endpoint) =>
  endpointParameters(endpoint)
    .filter((p) => p.in === 'query' && p.required)
    .map((param) => ({ endpoint, param })),
);

describe('the OpenAPI document', () => {
  const doc = openApiDocument(ORIGIN);

  it('describes every route file under app/api, and no other path', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(routeFilePaths());
    expect(Object.keys(HANDLERS).sort()).toEqual(routeFilePaths());
  });

  it('has the shape OpenAPI 3.1 requires', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const licence = doc.info.license as Record<string, unknown>;
    expect(typeof licence.name).toBe('string');
    // identifier and url are mutually exclusive in 3.1.
    expect('identifier' in licence && 'url' in licence).toBe(false);
    expect(doc.servers?.[0]?.url).toBe(ORIGIN);
    // JSON all the way down: nothing is lost in serialisation.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);

    const operationIds = new Set<string>();
    for (const [template, item] of Object.entries(doc.paths)) {
      expect(template.startsWith('/')).toBe(true);
      const operation = item.get;
      expect(operationIds.has(operation.operationId), operation.operationId).toBe(false);
      operationIds.add(operation.operationId);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400']));
      for (const response of Object.values(operation.responses)) expect(typeof response.description).toBe('string');
      const names = new Set<string>();
      for (const param of operation.parameters) {
        expect(['query', 'path']).toContain(param.in);
        expect(typeof param.schema).toBe('object');
        expect(names.has(`${param.in}:${param.name}`)).toBe(false);
        names.add(`${param.in}:${param.name}`);
        if (param.in === 'path') expect(param.required).toBe(true);
      }
      const templated = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(templated);
    }

    // Every $ref points at a component that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(10);
    for (const id of refs) expect(doc.components.schemas, id).toHaveProperty(id);
  });

  it('validates against the OpenAPI 3.1 specification (swagger-parser), with and without a configured origin', async () => {
    for (const document of [doc, openApiDocument()]) {
      // validate() dereferences in place: hand it a copy.
      const copy = structuredClone(document) as unknown as Parameters<typeof SwaggerParser.validate>[0];
      await expect(SwaggerParser.validate(copy)).resolves.toBeTruthy();
    }
    expect(doc.security).toEqual([]);
    // The validator rejects what we used to write: a description on a media type.
    const broken = structuredClone(doc) as unknown as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, object> }> } }> };
    broken.paths['/api/v1/supply']!.get.responses['200']!.content['text/csv'] = { schema: { type: 'string' }, description: 'not allowed here' };
    await expect(SwaggerParser.validate(broken as unknown as Parameters<typeof SwaggerParser.validate>[0])).rejects.toThrow(/Swagger schema validation failed/);
  });

  it('documents the error envelope, 304 for conditional requests, and both CSV and JSON', () => {
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    const supply = doc.paths['/api/v1/supply']?.get;
    expect(Object.keys(supply?.responses ?? {})).toEqual(expect.arrayContaining(['200', '304', '400', '404']));
    expect(Object.keys(supply?.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/api/v1/download']?.get.responses['200']?.content ?? {})).toEqual(['application/zip']);
  });

  it('describes every parameter, with defaults where the route has them', () => {
    for (const endpoint of ENDPOINTS) {
      for (const param of endpointParameters(endpoint)) expect(param.description, `${endpoint.path} ${param.name}`).toMatch(/\w/);
    }
    const flagsRange = endpointParameters(ENDPOINTS.find((e) => e.path === '/api/v1/flags') as Endpoint).find((p) => p.name === 'range');
    expect(flagsRange?.schema.default).toBe('30d');
  });
});

describe.each(testDatabaseKinds())('the routes against their document on $name', (kind) => {
  let handle: DatabaseHandle;
  let server: ReplayServer;
  let run = { id: '', sha256: '', day: '' };

  beforeAll(async () => {
    server = await startReplayServer();
    handle = await kind.open();
    useDatabase(handle);
    const targets = [akashGpuPrices, ionetMarketSnapshot, awsEc2OnDemand1Gpu];
    await syncRegistry(handle.db, targets);
    const thisHour = Math.floor(currentTimeMs() / HOUR) * HOUR;
    for (const at of [thisHour - 2 * HOUR + 60_000, thisHour - HOUR + 60_000]) {
      await runScrapePass(handle.db, { targets, at: new Date(at), environment: server.environment(), attempts: 1, rateLimiter: noRateLimit });
    }
    const [ok] = await handle.db
      .select({ id: scrapeRuns.id, sha256: scrapeRuns.snapshotSha256 })
      .from(scrapeRuns)
      .where(eq(scrapeRuns.sourceId, 'akash-gpu-prices'))
      .limit(1);
    // A completed day's archive to download: two days back, so the hour's settling time has passed.
    const day = addDays(dayOf(currentTime()), -2);
    await storeArchive(handle.db, day);
    run = { id: String(ok?.id ?? ''), sha256: ok?.sha256 ?? '', day };
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  /** The endpoint's first example, with this database's run and snapshot. */
  function exampleUrl(endpoint: Endpoint): URL {
    const example = endpoint.examples[0] ?? endpoint.path;
    return new URL(example.replace('{run}', run.id).replace('{sha256}', run.sha256).replace('{day}', run.day), ORIGIN);
  }

  async function request(endpoint: Endpoint, url: URL, pathParams: Record<string, string>): Promise<Response> {
    const handler = HANDLERS[endpoint.path];
    if (!handler) throw new Error(`no handler for ${endpoint.path}`);
    return handler(new Request(url), { params: Promise.resolve(pathParams) });
  }

  /** The example request with one parameter set, plus what that value needs (range=custom needs from and to). */
  function withParam(endpoint: Endpoint, param: Parameter, value: string) {
    const url = exampleUrl(endpoint);
    const pathParams: Record<string, string> = { id: run.id, sha256: run.sha256, day: run.day };
    if (param.in === 'path') {
      value = value.replace('{id}', run.id).replace('{sha256}', run.sha256).replace('{day}', run.day);
      pathParams[param.name] = value;
      url.pathname = endpoint.path.replace(`{${param.name}}`, encodeURIComponent(value)).replace('{id}', run.id).replace('{sha256}', run.sha256).replace('{day}', run.day);
      return { url, pathParams };
    }
    if (param.name === 'from' || param.name === 'to' || (param.name === 'range' && value === 'custom')) {
      url.searchParams.set('range', 'custom');
      url.searchParams.set('from', '2026-11-01');
      url.searchParams.set('to', '2026-11-08');
    }
    url.searchParams.set(param.name, value);
    return { url, pathParams };
  }

  it.each(ENDPOINTS.map((e) => [e.path, e] as const))('%s answers its documented example with the documented body', async (_path, endpoint) => {
    for (const example of endpoint.examples) {
      const url = new URL(example.replace('{run}', run.id).replace('{sha256}', run.sha256).replace('{day}', run.day), ORIGIN);
      const response = await request(endpoint, url, { id: run.id, sha256: run.sha256, day: run.day });
      expect(response.status, example).toBe(200);
      const type = response.headers.get('content-type') ?? '';
      const documented = Object.keys(openApiDocument().paths[endpoint.path]?.get.responses['200']?.content ?? {});
      expect(documented.some((t) => type.startsWith(t)), `${example}: ${type}`).toBe(true);
      if (endpoint.jsonSchema && type.startsWith('application/json')) {
        const parsed = endpoint.jsonSchema.safeParse(await response.json());
        expect(parsed.success, `${example}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it.each(validCases.map((c) => [c.endpoint.path, c.param.name, c.value, c] as const))('%s accepts %s=%s', async (_path, _name, _value, c) => {
    const { url, pathParams } = withParam(c.endpoint, c.param, c.value);
    const response = await request(c.endpoint, url, pathParams);
    expect(response.status, `${url.pathname}${url.search}: ${response.status === 200 ? '' : await response.text()}`).toBe(200);
  });

  it.each(invalidCases.map((c) => [c.endpoint.path, c.param.name, c.value, c] as const))('%s refuses %s=%s by name', async (_path, name, _value, c) => {
    const { url, pathParams } = withParam(c.endpoint, c.param, c.value);
    const response = await request(c.endpoint, url, pathParams);
    expect(response.status, `${url.pathname}${url.search}`).toBe(400);
    const body = errorSchema.parse(await response.json());
    expect(body.error).toMatchObject({ code: 'invalid_parameter', param: name });
    expect(body.error.message.startsWith(`${name}: `)).toBe(true);
  });

  it.each(requiredCases.map((c) => [c.endpoint.path, c.param.name, c] as const))('%s requires %s', async (_path, name, c) => {
    const url = exampleUrl(c.endpoint);
    url.searchParams.delete(name);
    const response = await request(c.endpoint, url, {});
    expect(response.status).toBe(400);
    expect(errorSchema.parse(await response.json()).error.param).toBe(name);
  });

  it.each(ENDPOINTS.filter((e) => !e.pathParams).map((e) => [e.path, e] as const))('%s refuses an undocumented parameter by name', async (_path, endpoint) => {
    const url = exampleUrl(endpoint);
    url.searchParams.set('undocumented', '1');
    const response = await request(endpoint, url, {});
    expect(response.status).toBe(400);
    expect(errorSchema.parse(await response.json()).error.param).toBe('undocumented');
  });

  it('serves the document with our configured origin as its server, never a forwarded host, revalidated by ETag', async () => {
    const noContext = { params: Promise.resolve({}) };
    // The suite runs with the default RENTABLE_PUBLIC_URL: the listen address, localhost:3000.
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const response = await getOpenApi(new Request(`${ORIGIN}/api/v1/openapi.json`, { headers: forged }), noContext);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(openApiDocument('http://localhost:3000'));
    const again = await getOpenApi(new Request(`${ORIGIN}/api/v1/openapi.json`, { headers: { ...forged, 'if-none-match': response.headers.get('etag') ?? '' } }), noContext);
    expect(again.status).toBe(304);
  });
});
