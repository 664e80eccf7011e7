/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with
 * (lib/api/params.ts) and the response schemas (lib/api/response-schemas.ts). Served at
 * /api/v1/openapi.json and rendered for people at /docs/api.
 */
import { z } from 'zod';
import { formatCount } from '../format';
import { CUSTOM_MAX_RUNS_PER_SOURCE, MAX_RUNS_PER_SOURCE } from '../queries/observations';
import { DATA_LICENCE } from './licence';
import {
  archiveListQuerySchema,
  archivePathSchema,
  downloadQuerySchema,
  flagsQuerySchema,
  healthQuerySchema,
  indexEvidenceQuerySchema,
  indexQuerySchema,
  modelSupplyQuerySchema,
  networksQuerySchema,
  openApiQuerySchema,
  pricesQuerySchema,
  realityQuerySchema,
  runPathSchema,
  snapshotPathSchema,
  sourcesQuerySchema,
  supplyQuerySchema,
} from './params';
import {
  archiveListSchema,
  componentDescriptions,
  errorSchema,
  flagsResponseSchema,
  healthResponseSchema,
  indexEvidenceSchema,
  indexResponseSchema,
  modelSupplyResponseSchema,
  networksResponseSchema,
  openApiDocumentSchema,
  pricesResponseSchema,
  realityResponseSchema,
  responseRegistry,
  runProvenanceSchema,
  sourcesResponseSchema,
  supplyResponseSchema,
} from './response-schemas';

type Body = 'json' | 'csv' | 'zip' | 'tar' | 'raw';

export interface Endpoint {
  /** OpenAPI path template, e.g. /api/v1/runs/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  query: z.ZodObject<z.ZodRawShape>;
  pathParams?: z.ZodObject<z.ZodRawShape>;
  /** The bodies a 200 can have; `json` with its schema. */
  bodies: Body[];
  jsonSchema?: z.ZodType;
  /** A 304 answers a matching If-None-Match (every read through `cachedApiRoute`, and the archive files). */
  conditional: boolean;
  /** A well-formed name of something that does not exist is a 404. */
  notFound?: string;
  /** The 503 carries the same JSON body as the 200 (health), described so. */
  unavailableBody?: string;
  /** Example request paths; `{run}`, `{sha256}` and `{day}` stand for a real run, snapshot and archived day of this instance. */
  examples: string[];
}

export const ENDPOINTS: readonly Endpoint[] = [
  {
    path: '/api/v1/networks',
    operationId: 'listNetworks',
    summary: 'Every network, with its headline figures',
    description: 'Largest current claim (GPUs and nodes), free and rentable GPUs, and the reality ratio of every network, from each source’s latest successful scrape; where sources disagree, the largest.',
    query: networksQuerySchema,
    bodies: ['json'],
    jsonSchema: networksResponseSchema,
    conditional: true,
    examples: ['/api/v1/networks'],
  },
  {
    path: '/api/v1/supply',
    operationId: 'getSupply',
    summary: 'GPU supply of one network over time',
    description: 'Claimed, free and rentable GPUs of one network, one series per source and status (sources that disagree stay apart), network totals or one GPU model.',
    query: supplyQuerySchema,
    bodies: ['json', 'csv'],
    jsonSchema: supplyResponseSchema,
    conditional: true,
    notFound: 'a network slug that names no network, or a model id that names no model (neither in our catalogue nor in our data)',
    examples: ['/api/v1/supply?network=akash&range=7d', '/api/v1/supply?network=ionet&status=claimed&range=30d&format=csv'],
  },
  {
    path: '/api/v1/prices',
    operationId: 'getPrices',
    summary: 'Price per GPU-hour of one GPU model, with AWS',
    description: 'USD per GPU-hour (cheapest and median listing) per source for one GPU model, on one network or all, with the AWS on-demand reference for the same model.',
    query: pricesQuerySchema,
    bodies: ['json', 'csv'],
    jsonSchema: pricesResponseSchema,
    conditional: true,
    notFound: 'a network slug that names no network, or a model id that names no model (neither in our catalogue nor in our data)',
    examples: ['/api/v1/prices?model=h100-sxm-80gb&network=akash&range=30d', '/api/v1/prices?model=h100-sxm-80gb&range=7d&format=csv'],
  },
  {
    path: '/api/v1/model-supply',
    operationId: 'getModelSupply',
    summary: 'Supply of one GPU model on every network',
    description: 'What each network’s sources say of one GPU model: claimed, free and rentable, one series per source and status.',
    query: modelSupplyQuerySchema,
    bodies: ['json'],
    jsonSchema: modelSupplyResponseSchema,
    notFound: 'a model id that names no model (neither in our catalogue nor in our data)',
    conditional: true,
    examples: ['/api/v1/model-supply?model=h100-sxm-80gb&status=rentable&range=7d'],
  },
  {
    path: '/api/v1/flags',
    operationId: 'getFlags',
    summary: 'Suspicious claims, with the points that raised them',
    description: `Claims that disagree too widely, never move while supply does, or jump, over the window (30 days by default), each with its evidence points and the threshold it broke. Computed from every scrape run in the window (each run’s figures at its observed time, failed runs as gaps), never from chart buckets: resolution= changes nothing here. At most ${formatCount(MAX_RUNS_PER_SOURCE)} runs per source are read (90 days at one run per 10 minutes), the newest; a source with more is listed under capped, with the time its runs read start. A preset range is computed once per scrape pass, as of the minute the pass was processed (window.to says which), and served from that; a custom range (from, to) reads at most ${formatCount(CUSTOM_MAX_RUNS_PER_SOURCE)} runs per source (7 days at one run per 10 minutes), the newest, capped likewise.`,
    query: flagsQuerySchema,
    bodies: ['json', 'csv'],
    jsonSchema: flagsResponseSchema,
    conditional: true,
    notFound: 'a network slug that names no network',
    examples: ['/api/v1/flags', '/api/v1/flags?network=ionet&range=90d&format=csv'],
  },
  {
    path: '/api/v1/reality',
    operationId: 'getReality',
    summary: 'Reality ratio league, dependability and cost claims',
    description: 'Rentable ÷ largest claim per network with its trend, how often k GPUs could be rented per model, and each “cheaper than AWS” claim against measured prices. A preset range’s league and dependability are computed once per scrape pass, as of the minute the pass was processed (window.to says which); cost claims are always the latest prices.',
    query: realityQuerySchema,
    bodies: ['json'],
    jsonSchema: realityResponseSchema,
    conditional: true,
    examples: ['/api/v1/reality', '/api/v1/reality?range=7d'],
  },
  {
    path: '/api/v1/index',
    operationId: 'getIndex',
    summary: 'The open GPU index: DePIN rentable price per GPU-hour, with AWS and Vast.ai beside it',
    description:
      'Per GPU model and bucket: the median of network prices (each the median of its sources’ median listing prices, only where the same run counted rentable GPUs), outliers beyond 3 scaled MADs left out, published when at least 3 networks remain, else null with the reason. AWS on-demand (8-GPU instance ÷ 8) and Vast.ai are beside it, never in it; depth is the GPUs rentable at or under it. Every value carries its methodology version (gpu-index-v1) and as-of time; with at= the index as it was known then.',
    query: indexQuerySchema,
    bodies: ['json', 'csv'],
    jsonSchema: indexResponseSchema,
    conditional: true,
    examples: ['/api/v1/index?model=h100-sxm-80gb', '/api/v1/index?range=30d&format=csv'],
  },
  {
    path: '/api/v1/index/evidence',
    operationId: 'getIndexEvidence',
    summary: 'Every quote, run and raw snapshot behind one index value',
    description: 'The network prices of one index value with the sources, prices, rentable GPUs, listings, scrape runs and snapshots they came from, outliers marked.',
    query: indexEvidenceQuerySchema,
    bodies: ['json'],
    jsonSchema: indexEvidenceSchema,
    conditional: true,
    examples: ['/api/v1/index/evidence?model=h100-sxm-80gb&at=2026-11-20T00:00:00Z&resolution=day'],
  },
  {
    path: '/api/v1/sources',
    operationId: 'listSources',
    summary: 'Every source and how it is doing',
    description: 'Each source with its endpoint, evidence grade, latest success and failure (with the reason), success rates over 24 hours and 7 days, and points written.',
    query: sourcesQuerySchema,
    bodies: ['json'],
    jsonSchema: sourcesResponseSchema,
    conditional: true,
    examples: ['/api/v1/sources'],
  },
  {
    path: '/api/v1/runs/{id}',
    operationId: 'getRun',
    summary: 'The scrape run behind a point',
    description: 'Every series point names its run (`runId`): when and what it asked, the HTTP status, the outcome, the source and the raw snapshot. A run never changes, so it may be cached for a day.',
    query: z.object({}),
    pathParams: runPathSchema,
    bodies: ['json'],
    jsonSchema: runProvenanceSchema,
    conditional: true,
    notFound: 'a run id that was never written',
    examples: ['/api/v1/runs/{run}'],
  },
  {
    path: '/api/v1/snapshots/{sha256}',
    operationId: 'getSnapshot',
    summary: 'The raw bytes a run fetched',
    description:
      'Exactly the bytes fetched, content-addressed and cacheable for ever. JSON is sent as JSON; anything else (an HTML page, say) as plain text, so it can never run as a page of this site.',
    query: z.object({}),
    pathParams: snapshotPathSchema,
    bodies: ['raw'],
    conditional: false,
    notFound: 'a hash no snapshot has',
    examples: ['/api/v1/snapshots/{sha256}'],
  },
  {
    path: '/api/v1/download',
    operationId: 'downloadView',
    summary: 'Download all: a view’s CSVs with metadata, as a zip',
    description:
      'The CSVs of what a dashboard view shows (supply per network, prices of the model with AWS, flags), a metadata.json (sources with endpoints and evidence grades, definitions, units, licence, how to cite, the exact API URLs used) and a README.txt. network=… is a network page; model=… without network is the comparison of that model across networks. The zip is built whole, not streamed, and cached per data version; its size is capped by what it holds: every series has at most 1,000 buckets (see resolution), one series per source and metric of the view, so the largest (a model across every network at 1,000 hourly buckets) is about 0.2 MB zipped on a year of history.',
    query: downloadQuerySchema,
    bodies: ['zip'],
    conditional: true,
    notFound: 'a network slug that names no network',
    examples: ['/api/v1/download?network=akash&range=7d', '/api/v1/download?model=h100-sxm-80gb&range=30d'],
  },
  {
    path: '/api/v1/archive',
    operationId: 'listArchive',
    summary: 'The evidence archive: one file per UTC day',
    description:
      'Every completed UTC day we archived, with its size, sha256 and download URL, then the current day (complete: false, no file until it is over). Each file holds that day’s raw snapshots, scrape runs (adapter versions, outcomes, errors, rejections, requests), the claims ledger and token rates, so anyone can restore it and recompute our figures (see /methodology).',
    query: archiveListQuerySchema,
    bodies: ['json'],
    jsonSchema: archiveListSchema,
    conditional: true,
    examples: ['/api/v1/archive'],
  },
  {
    path: '/api/v1/archive/{day}',
    operationId: 'getArchiveDay',
    summary: 'One day’s evidence archive (tar)',
    description:
      'A POSIX tar: gzipped NDJSON tables (networks, sources, runs, requests, snapshots, token rates, claims), the raw snapshots named by the sha256 of their bytes, a README.txt and a manifest.json with the sha256 of every member. Immutable once the day is over: the ETag is the file’s sha256 (strong) and it may be cached for ever.',
    query: z.object({}),
    pathParams: archivePathSchema,
    bodies: ['tar'],
    conditional: true,
    notFound: 'a day with no archive: the current day, a day not yet archived, or one before our first scrape',
    examples: ['/api/v1/archive/{day}'],
  },
  {
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Liveness and readiness',
    description:
      'For load balancers and operators: database reachable, migrations applied, the data version, the age of the last scrape pass and of each source’s last success. Never cached.',
    query: healthQuerySchema,
    bodies: ['json'],
    jsonSchema: healthResponseSchema,
    conditional: false,
    unavailableBody: 'Not ready: the body says why (`reasons`). A web replica is ready while another process (the worker) keeps scraping.',
    examples: ['/api/health'],
  },
  {
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of this API, generated from the schemas the routes validate with.',
    query: openApiQuerySchema,
    bodies: ['json'],
    jsonSchema: openApiDocumentSchema,
    conditional: true,
    examples: ['/api/v1/openapi.json'],
  },
];

// ---------------------------------------------------------------- parameters

type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  /** Comma-separated lists: `status=claimed,rentable`. */
  style?: 'form';
  explode?: false;
  example?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parameter given as a comma-separated list and parsed into an array (e.g. `status`). */
function commaListItems(field: z.core.$ZodType): z.ZodType | null {
  if (field instanceof z.ZodPipe && field.out instanceof z.ZodArray && field.out.element instanceof z.ZodType) return field.out.element;
  return null;
}

function toJson(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

export function parametersOf(schema: z.ZodObject<z.ZodRawShape>, location: 'query' | 'path'): Parameter[] {
  const object = toJson(schema);
  const properties = isRecord(object.properties) ? object.properties : {};
  const required = Array.isArray(object.required) ? object.required : [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const property = properties[name];
    const { description, examples, ...rest } = isRecord(property) ? property : {};
    const items = commaListItems(field);
    const parameter: Parameter = {
      name,
      in: location,
      required: location === 'path' || required.includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: items
        ? {
            type: 'array',
            items: toJson(items),
            ...(typeof rest.default === 'string' ? { default: rest.default.split(',') } : {}),
          }
        : rest,
      ...(items ? { style: 'form' as const, explode: false as const } : {}),
      ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
    };
    return parameter;
  });
}

/** Every parameter of an endpoint, path first. */
export function endpointParameters(endpoint: Endpoint): Parameter[] {
  return [...(endpoint.pathParams ? parametersOf(endpoint.pathParams, 'path') : []), ...parametersOf(endpoint.query, 'query')];
}

// ---------------------------------------------------------------- document

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(responseRegistry, { io: 'input', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema;
      const description = componentDescriptions.get(id);
      return [id, { ...(description ? { description } : {}), ...rest }];
    }),
  );
}

function componentId(schema: z.ZodType): string {
  const id = responseRegistry.get(schema)?.id;
  if (!id) throw new Error('response schema is not registered');
  return id;
}

const CACHE_HEADERS = {
  ETag: {
    description:
      'W/"v<data version>-<hash of the parameters and the minute>": answers are computed once per data version (it moves when a scrape pass, or a change of claims, archives, sources or networks, commits), parameters and minute of "now" (ages are stated in minutes). Send it back as If-None-Match: the server reads only the data version to answer 304, and every replica on one database agrees.',
    schema: { type: 'string' },
  },
  'Cache-Control': { description: 'Public, for at most one scrape interval: figures change once per scrape pass.', schema: { type: 'string' } },
};

const IMMUTABLE_HEADERS = {
  ETag: { description: 'Strong validator: the sha256 of the file, in quotes; send it back as If-None-Match for a 304.', schema: { type: 'string' } },
  'Cache-Control': { description: 'public, max-age=31536000, immutable: a finished day’s archive never changes.', schema: { type: 'string' } },
};

function successContent(endpoint: Endpoint): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const body of endpoint.bodies) {
    if (body === 'json' && endpoint.jsonSchema) content['application/json'] = { schema: ref(componentId(endpoint.jsonSchema)) };
    if (body === 'csv') {
      // A Media Type Object has no `description`: the schema carries it.
      content['text/csv'] = {
        schema: {
          type: 'string',
          contentMediaType: 'text/csv',
          description: 'With format=csv: RFC 4180, UTF-8, CRLF, a header row, ISO 8601 UTC times, the unit beside every value, and its source, scrape run and snapshot sha256.',
        },
      };
    }
    if (body === 'zip') content['application/zip'] = { schema: { type: 'string', contentMediaType: 'application/zip' } };
    if (body === 'tar') content['application/x-tar'] = { schema: { type: 'string', contentMediaType: 'application/x-tar' } };
    if (body === 'raw') {
      content['application/json'] = { schema: {} };
      content['text/plain'] = { schema: { type: 'string' } };
    }
  }
  return content;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, unknown>;
}

/** The responses of an endpoint by status: 200 with its bodies, 304, 400, 404 where a thing can be missing, 503. */
export function endpointResponses(endpoint: Endpoint): Record<string, ResponseObject> {
  const error = (description: string): ResponseObject => ({ description, content: { 'application/json': { schema: ref('Error') } } });
  const attachment = endpoint.bodies.some((b) => b === 'csv' || b === 'zip' || b === 'tar');
  return {
    '200': {
      description: 'OK',
      headers: {
        ...(endpoint.bodies.includes('tar') ? IMMUTABLE_HEADERS : CACHE_HEADERS),
        ...(attachment ? { 'Content-Disposition': { description: 'attachment, with a file name that says what and which range.', schema: { type: 'string' } } } : {}),
      },
      content: successContent(endpoint),
    },
    ...(endpoint.conditional
      ? {
          '304': {
            description: 'Not Modified: If-None-Match matched the current ETag (same data version, parameters and minute); no body.',
            headers: endpoint.bodies.includes('tar') ? IMMUTABLE_HEADERS : CACHE_HEADERS,
          },
        }
      : {}),
    '400': error('Invalid parameter: `error.param` names it and `error.message` says what is allowed. Unknown parameters are refused by name, and so is a parameter given twice.'),
    ...(endpoint.notFound ? { '404': error(`Not found: ${endpoint.notFound}.`) } : {}),
    '503': endpoint.unavailableBody
      ? { description: endpoint.unavailableBody, content: successContent(endpoint) }
      : error('The embedded database is busy; try again shortly.'),
  };
}

function operation(endpoint: Endpoint) {
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: endpoint.description,
    parameters: endpointParameters(endpoint),
    responses: endpointResponses(endpoint),
  };
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  paths: Record<string, { get: ReturnType<typeof operation> }>;
  components: { schemas: Record<string, JsonSchema> };
  /** Empty: no endpoint needs credentials (said explicitly, as validators ask). */
  security: never[];
  externalDocs?: { description: string; url: string };
}

/** The document; `origin` (e.g. https://rentable.example) becomes the server and the docs link. */
export function openApiDocument(origin?: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rentable API',
      version: '1.0.0',
      summary: 'DePIN GPU supply, claimed against rentable, and the price of a GPU-hour against AWS.',
      description: [
        'Read-only JSON and CSV over HTTP, no key. Every figure links back to the scrape run and raw snapshot it came from.',
        'Times are ISO 8601 UTC; buckets are [from, to); a gap (no successful scrape) is null, never zero. Supply is in GPUs or nodes as each source states; prices are USD per GPU-hour.',
        'Errors share one envelope, `{ "error": { "code", "message", "param"? } }`: 400 names the parameter, 404 an unknown thing.',
        `The data is licensed under ${DATA_LICENCE.name}: cite Rentable with the URL and the time you retrieved it.`,
      ].join('\n\n'),
      license: { name: DATA_LICENCE.name, identifier: DATA_LICENCE.identifier },
    },
    ...(origin ? { servers: [{ url: origin, description: 'This instance' }] } : {}),
    paths: Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint.path, { get: operation(endpoint) }])),
    components: { schemas: componentSchemas() },
    security: [],
    ...(origin ? { externalDocs: { description: 'The API page', url: `${origin}/docs/api` } } : {}),
  };
}

export { errorSchema };
