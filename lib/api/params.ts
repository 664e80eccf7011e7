/**
 * Query-string parsing shared by the /api/v1 routes, and the zod schemas of every endpoint's
 * parameters. lib/api/openapi.ts generates /api/v1/openapi.json from these very objects, and
 * each parser below validates with their fields (the view fields come from the view-state
 * schema, which pages share), so the document cannot describe a parameter the route does not
 * take. Parsing goes in stages (unknown names, the endpoint's own parameters, the view, the
 * format) so that, when several parameters are wrong, the one named is always the same.
 */
import { z } from 'zod';
import { indexWindow, type IndexTimeWindow } from './gpu-index';
import { findNetwork, NETWORKS } from '../networks';
import { INDEX_MODELS, type IndexModel } from '../analytics/gpu-index';
import { InvalidParameterError, isoInstantParam, parseParams, parseViewState, resolveWindow, searchParamsRecord, viewStateSchema, type ViewState } from '../view-state';
import { ALL_MODELS, SUPPLY_STATUSES } from '../vocabulary';
import { parseDay } from '../utc-day';
import { NotFoundError } from './errors';
import { currentTimeMs } from '../clock';
import { networkSlugSchema, statusListSchema } from './responses';

/**
 * Unknown parameters are refused by name: a typo must not silently return a default view. So is
 * a parameter given twice: one value would be checked and the other used.
 */
export function rejectUnknown(url: URL, allowed: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (!allowed.includes(key)) throw new InvalidParameterError(key, `unknown parameter; allowed: ${allowed.join(', ')}`);
    if (seen.has(key)) throw new InvalidParameterError(key, 'is given more than once; give each parameter once');
    seen.add(key);
  }
}

const EXAMPLE_NETWORKS = NETWORKS.map((n) => n.slug);
const EXAMPLE_MODEL = 'h100-sxm-80gb';

// ---------------------------------------------------------------- parameters shared by endpoints

const formatSchema = z
  .enum(['json', 'csv'], { message: 'must be json or csv' })
  .default('json')
  .meta({ description: 'Response format: json, or csv (RFC 4180, UTF-8, one row per time and series, with the unit, source, scrape run and snapshot hash of every value).' });
export type ResponseFormat = z.output<typeof formatSchema>;

const networkParam = networkSlugSchema.meta({
  description: `Network slug; /api/v1/networks lists them (${EXAMPLE_NETWORKS.join(', ')}). A well-formed slug that names no network is a 404.`,
  examples: ['akash'],
});

const statusParam = statusListSchema.meta({
  description: `Comma-separated supply statuses: ${SUPPLY_STATUSES.join(', ')}. Claimed is what a network advertises, free what it lists idle, rentable what can be ordered now at a price.`,
  examples: ['claimed,rentable'],
});

const view = viewStateSchema.shape;
const RANGE_DESCRIPTION = 'Time range ending now: 24h, 7d, 30d, 90d, 1y, all (since 2024-01-01), or custom with from and to.';

/** The view-state parameters of a chart (the same names and rules as the dashboard URLs). */
const viewQueryShape = {
  range: view.range.meta({ description: RANGE_DESCRIPTION }),
  from: view.from.meta({ description: 'Start of a custom range: an ISO 8601 date (2026-11-01, midnight UTC) or time with Z or an offset (2026-11-01T00:00:00Z), a real calendar day, from 2020-01-01 to one day after now; only with range=custom, and then required.', examples: ['2026-11-01'] }),
  to: view.to.meta({ description: 'End of a custom range (exclusive), as from; only with range=custom, and then required; after from.', examples: ['2026-11-08'] }),
  resolution: view.resolution.meta({ description: 'Bucket size. auto takes hour for spans up to 14 days, day up to 400 days, week (from Monday) up to five years and month beyond, never finer than the fastest source’s scrape schedule, over the range clipped to the first observation held. At most 1,000 buckets a series: hour is refused for spans over 1,000 hours (41 days 16 hours), day over 1,000 days, week over 1,000 weeks, each a 400 naming resolution and the largest span. The value of a bucket is the last observation in it.' }),
  model: view.model.meta({
    description: 'Canonical GPU model id (as /methodology lists them, e.g. h100-sxm-80gb; unknown:<name> for an unrecognised card, accepted when our data holds that name), or all for network totals. A well-formed id that names no model is a 404.',
    examples: [EXAMPLE_MODEL],
  }),
  scale: view.scale.meta({ description: 'Chart scale of the dashboard view. Accepted so a dashboard link’s query string works as is; it does not change the data.' }),
  compare: view.compare.meta({ description: '1 adds the same series over the previous period of equal length, as `previous` (JSON only).' }),
};
export const VIEW_PARAMS = Object.keys(viewQueryShape);

/** `model` where one GPU model must be chosen; refused as `all`, with the reason. */
function requiredModel(reason: string) {
  return view.model
    .unwrap()
    .refine((model) => model !== ALL_MODELS, { message: `is required: ${reason}` })
    .meta({ description: `Canonical GPU model id, e.g. ${EXAMPLE_MODEL} (required; all is refused).`, examples: [EXAMPLE_MODEL] });
}

/** Analytics look further back than a chart: their range defaults to 30 days. */
const ANALYTICS_DEFAULT_RANGE = '30d';
const analyticsRange = view.range.unwrap().default(ANALYTICS_DEFAULT_RANGE).meta({ description: RANGE_DESCRIPTION });

// ---------------------------------------------------------------- one schema per endpoint

export const supplyQuerySchema = z.object({
  network: networkParam,
  status: statusParam,
  format: formatSchema,
  ...viewQueryShape,
});

export const pricesQuerySchema = z.object({
  network: networkParam.optional().meta({ description: 'Network slug; leave out for every network. The AWS reference for the same model always comes along.' }),
  format: formatSchema,
  ...viewQueryShape,
  model: requiredModel('prices compare one GPU model, e.g. model=h100-sxm-80gb'),
});

export const modelSupplyQuerySchema = z.object({
  status: statusParam,
  format: formatSchema,
  ...viewQueryShape,
  model: requiredModel('model-supply compares one GPU model across networks, e.g. model=h100-sxm-80gb; use /api/v1/supply for network totals'),
});

export const flagsQuerySchema = z.object({
  network: networkParam.optional().meta({ description: 'Network slug; leave out for every network.' }),
  format: formatSchema,
  range: analyticsRange,
  from: viewQueryShape.from,
  to: viewQueryShape.to,
  resolution: viewQueryShape.resolution,
});

export const realityQuerySchema = z.object({
  range: analyticsRange,
  from: viewQueryShape.from,
  to: viewQueryShape.to,
  resolution: viewQueryShape.resolution,
});

const INDEX_MODEL_LIST = INDEX_MODELS.join(', ');
/** At most this span of hourly buckets when every index model is asked for at once. */
export const INDEX_ALL_MODELS_HOURLY_DAYS = 14;

export const indexQuerySchema = z.object({
  model: z
    .enum(['all', ...INDEX_MODELS], { message: `must be all or an index model: ${INDEX_MODEL_LIST}` })
    .default('all')
    .meta({ description: `The GPU model of the index (${INDEX_MODEL_LIST}), or all for every one.`, examples: ['h100-sxm-80gb'] }),
  format: formatSchema,
  range: viewQueryShape.range,
  from: viewQueryShape.from,
  to: viewQueryShape.to,
  resolution: view.resolution.meta({
    description: `Bucket size. auto takes hour for spans up to 14 days and day beyond; hour is refused for spans over 90 days, and over ${INDEX_ALL_MODELS_HOURLY_DAYS} days with model=all.`,
  }),
  at: isoInstantParam.optional().meta({
    description: 'Pinned: the index as it was known at this instant (ISO 8601), computed only from scrape runs stored by then; the window ends there. Not in the future.',
    examples: ['2026-11-20T00:00:00Z'],
  }),
});

export const indexEvidenceQuerySchema = z.object({
  model: z.enum(INDEX_MODELS, { message: `must be an index model: ${INDEX_MODEL_LIST}` }).meta({ description: `The GPU model of the index (${INDEX_MODEL_LIST}).`, examples: ['h100-sxm-80gb'] }),
  at: isoInstantParam.meta({ description: 'A time inside the bucket (its start, as `at` of an index value), ISO 8601.', examples: ['2026-11-20T00:00:00Z'] }),
  resolution: z.enum(['hour', 'day'], { message: 'must be hour or day' }).default('hour').meta({ description: 'The bucket size of the value: hour or day.' }),
});

export const networksQuerySchema = z.object({});
export const sourcesQuerySchema = z.object({});
export const openApiQuerySchema = z.object({});
export const healthQuerySchema = z.object({});

export const metricsQuerySchema = z.object({});

export const runPathSchema = z.object({
  // One spelling per run: /runs/0001 is not another URL for run 1 (caches would hold both).
  id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a scrape run number, without leading zeros').meta({ description: 'Scrape run id, as `runId` in every series point.', examples: ['1'] }),
});

export const snapshotPathSchema = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters')
    .meta({ description: 'sha256 of the raw snapshot, as `snapshot.sha256` of a run or `snapshot_sha256` in a CSV.', examples: ['0'.repeat(64)] }),
});

export const archiveListQuerySchema = z.object({});

export const archivePathSchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
    .refine((day) => parseDay(day) !== null, 'must be a real calendar day as YYYY-MM-DD')
    .meta({ description: 'UTC day, as `day` in /api/v1/archive. A well-formed day with no archive (not over yet, or before our first scrape) is a 404.', examples: ['2026-11-23'] }),
});

export const downloadQuerySchema = z.object({
  network: networkParam.optional().meta({
    description: 'The network page to download: supply totals (claimed, free, rentable), prices of the model with AWS, and flags, of this network. One of network or model is required.',
    examples: ['akash'],
  }),
  model: view.model.meta({
    description:
      'With network: the price chart’s GPU model (left out: the model the network page opens on). Without network: the comparison of this model across networks (rentable per network, prices, flags of every network).',
    examples: [EXAMPLE_MODEL],
  }),
  range: viewQueryShape.range,
  from: viewQueryShape.from,
  to: viewQueryShape.to,
  resolution: viewQueryShape.resolution,
});

// ---------------------------------------------------------------- parsers

type QuerySchema = z.ZodObject<z.ZodRawShape>;

function allowed(schema: QuerySchema): string[] {
  return Object.keys(schema.shape);
}

/** Only the named parameters of the query string, for the stage that parses them. */
function only(url: URL, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(searchParamsRecord(url.searchParams)).filter(([k]) => keys.includes(k)));
}

function formatParam(url: URL): ResponseFormat {
  return parseParams(z.object({ format: formatSchema }), { format: url.searchParams.get('format') ?? undefined }).format;
}

/** A required model, read from the parsed view (where it defaults to `all`). */
function checkedModel(schema: typeof pricesQuerySchema | typeof modelSupplyQuerySchema, view: ViewState): void {
  parseParams(z.object({ model: schema.shape.model }), { model: view.model });
}

export function supplyParams(url: URL): { network: string; statuses: z.output<typeof statusListSchema>; view: ViewState; format: ResponseFormat } {
  rejectUnknown(url, allowed(supplyQuerySchema));
  const { network, status } = parseParams(supplyQuerySchema.pick({ network: true, status: true }), only(url, ['network', 'status']));
  return { network, statuses: status, view: parseViewState(url.searchParams), format: formatParam(url) };
}

export function pricesParams(url: URL): { network?: string; view: ViewState; format: ResponseFormat } {
  rejectUnknown(url, allowed(pricesQuerySchema));
  const { network } = parseParams(pricesQuerySchema.pick({ network: true }), only(url, ['network']));
  const view = parseViewState(url.searchParams);
  checkedModel(pricesQuerySchema, view);
  return { network, view, format: formatParam(url) };
}

export function modelSupplyParams(url: URL): { statuses: z.output<typeof statusListSchema>; view: ViewState; format: ResponseFormat } {
  rejectUnknown(url, allowed(modelSupplyQuerySchema));
  const { status } = parseParams(modelSupplyQuerySchema.pick({ status: true }), only(url, ['status']));
  const view = parseViewState(url.searchParams);
  checkedModel(modelSupplyQuerySchema, view);
  return { statuses: status, view, format: formatParam(url) };
}

/** The window parameters of an analytics endpoint, its range defaulting to 30 days. */
function analyticsView(url: URL): ViewState {
  return parseViewState({ range: ANALYTICS_DEFAULT_RANGE, ...searchParamsRecord(url.searchParams) });
}

export function flagsParams(url: URL): { network?: string; format: ResponseFormat; view: ViewState } {
  rejectUnknown(url, allowed(flagsQuerySchema));
  const { network, format } = parseParams(flagsQuerySchema.pick({ network: true, format: true }), only(url, ['network', 'format']));
  // An unknown network is answered before the window is read, as it always was.
  if (network && !findNetwork(network)) throw new NotFoundError(`no network ${network}`);
  return { network, format, view: analyticsView(url) };
}

export function realityParams(url: URL): { view: ViewState } {
  rejectUnknown(url, allowed(realityQuerySchema));
  return { view: analyticsView(url) };
}

/** Endpoints without parameters still refuse any, by name. */
export function noParams(url: URL, schema: typeof networksQuerySchema): void {
  rejectUnknown(url, allowed(schema));
}

/** Path segments are never empty, so they are parsed as they come (no blank-means-default). */
function pathParams<S extends QuerySchema>(schema: S, params: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidParameterError(String(issue?.path[0] ?? 'path'), issue?.message ?? 'invalid');
}

export function runPathParams(params: { id: string }): number {
  return Number(pathParams(runPathSchema, params).id);
}

export function snapshotPathParams(params: { sha256: string }): string {
  return pathParams(snapshotPathSchema, params).sha256;
}

export function archivePathParams(params: { day: string }): string {
  return pathParams(archivePathSchema, params).day;
}

export type DownloadParams = { network: string; model: string | null; view: ViewState } | { network: null; model: string; view: ViewState };

export function downloadParams(url: URL): DownloadParams {
  rejectUnknown(url, allowed(downloadQuerySchema));
  const { network } = parseParams(downloadQuerySchema.pick({ network: true }), only(url, ['network']));
  const view = parseViewState(url.searchParams);
  const model = view.model === ALL_MODELS ? null : view.model;
  if (network) return { network, model, view };
  if (model) return { network: null, model, view };
  throw new InvalidParameterError('network', 'is required unless model is given: download a network page (network=akash) or a GPU model across networks (model=h100-sxm-80gb)');
}

export interface IndexParams {
  models: IndexModel[];
  /** The index is published in hourly and daily buckets only (lib/analytics/gpu-index.ts). */
  window: IndexTimeWindow;
  at: Date | null;
  format: ResponseFormat;
}

/** /api/v1/index: the models, the window (pinned windows end at `at`) and the format. */
export function indexParams(url: URL, now: Date): IndexParams {
  rejectUnknown(url, allowed(indexQuerySchema));
  const { model, at, format } = parseParams(indexQuerySchema.pick({ model: true, at: true, format: true }), only(url, ['model', 'at', 'format']));
  // Against the clock itself, not the minute `now` is rounded to: a pin may name this very second.
  if (at && at.getTime() > currentTimeMs()) throw new InvalidParameterError('at', 'must not be in the future: a pinned index shows data already stored');
  const viewState = parseViewState(only(url, ['range', 'from', 'to', 'resolution']));
  const end = at ?? now;
  // Week and month are drawn daily (indexWindow): the index is published hourly and daily.
  const resolved = resolveWindow(viewState, end);
  const window = indexWindow(resolved.to > end ? { ...resolved, to: end } : resolved);
  if (model === 'all' && window.resolution === 'hour' && window.to.getTime() - window.from.getTime() > INDEX_ALL_MODELS_HOURLY_DAYS * 86_400_000) {
    throw new InvalidParameterError('resolution', `hour is offered for every model at once over up to ${INDEX_ALL_MODELS_HOURLY_DAYS} days; ask for one model, or use day or auto`);
  }
  return { models: model === 'all' ? [...INDEX_MODELS] : [model], window, at: at ?? null, format };
}

/** /api/v1/index/evidence: one value's model, bucket and resolution. */
export function indexEvidenceParams(url: URL): { model: IndexModel; at: Date; resolution: 'hour' | 'day' } {
  rejectUnknown(url, allowed(indexEvidenceQuerySchema));
  return parseParams(indexEvidenceQuerySchema, url.searchParams);
}
