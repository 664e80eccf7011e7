/**
 * The JSON bodies of /api/v1 as zod schemas, for the OpenAPI document. The bodies themselves
 * are typed in TypeScript (lib/api/responses.ts and the queries); these schemas describe them
 * for readers of the document, and lib/api/openapi.test.ts parses real responses with them, so
 * the description cannot drift from what is sent.
 */
import { z } from 'zod';
import { NETWORKS } from '../networks';
import { EVIDENCE_GRADES, CHART_RESOLUTIONS, ROLLUP_RESOLUTIONS } from '../vocabulary';

/** Schemas registered here become `components.schemas`, referred to by id. */
export const responseRegistry = z.registry<{ id: string; description?: string }>();
/** The description of each component, by id. */
export const componentDescriptions = new Map<string, string>();

function component<S extends z.ZodType>(id: string, description: string, schema: S): S {
  responseRegistry.add(schema, { id, description });
  componentDescriptions.set(id, description);
  return schema;
}

const isoTime = z.string().meta({ description: 'ISO 8601 UTC, e.g. 2026-11-24T10:00:00.000Z' });

export const errorSchema = component(
  'Error',
  'The one error envelope of every endpoint: a stable code, a message naming the problem, and the parameter at fault for a 400.',
  z.object({
    error: z.object({
      code: z.enum(['invalid_parameter', 'not_found', 'database_unavailable', 'internal_error']),
      message: z.string().meta({ description: 'Starts with the parameter name for invalid_parameter, e.g. "range: Invalid option: …".' }),
      param: z.string().optional().meta({ description: 'The query or path parameter at fault (400 only).' }),
    }),
  }),
);

export const windowSchema = component(
  'Window',
  'The concrete time window a response covers: [from, to) and the bucket size (at most 1,000 buckets a series; week and month are folded from the daily rollups, weeks starting Monday).',
  z.object({
    from: isoTime,
    to: isoTime,
    resolution: z.enum(CHART_RESOLUTIONS),
    trackingBegan: isoTime.optional().meta({
      description: 'Present when the range asked reached back before the first observation held: from was moved up to it, rather than serving empty buckets.',
    }),
  }),
);

export const sourceInfoSchema = component(
  'SourceInfo',
  'A source behind some series: what it is, how far to trust it, and the URL it reads.',
  z.object({
    id: z.string(),
    networkSlug: z.string().nullable(),
    name: z.string(),
    evidenceGrade: z.enum(EVIDENCE_GRADES),
    endpoint: z.string().meta({ description: 'The production URL the source asks (or, for a committed source, the page it cites).' }),
  }),
);

export const seriesSchema = component(
  'Series',
  'One source’s figure for one GPU model over the window: a point per bucket, gaps as null (never zero).',
  z.object({
    sourceId: z.string(),
    networkSlug: z.string(),
    gpuModel: z.string().meta({ description: 'Canonical GPU model id, or all for a network total.' }),
    metric: z.enum(['claimed', 'free', 'rentable', 'price_min', 'price_p25', 'price_median']),
    unit: z.string().meta({ description: 'gpus or nodes for supply, usd_per_gpu_hour for prices.' }),
    points: z.array(
      z.object({
        at: isoTime.meta({ description: 'Bucket start, ISO 8601 UTC.' }),
        value: z.number().nullable().meta({ description: 'The last observation in the bucket; null when the bucket holds none (see gap).' }),
        samples: z.number().int().meta({ description: 'Scrape runs that fell in the bucket.' }),
        runId: z.number().int().nullable().meta({ description: 'The scrape run behind value: /api/v1/runs/{id}.' }),
        observedAt: z.string().nullable(),
        gap: z.boolean().meta({
          description: 'True when a scheduled observation is missing or failed here (no successful observation for more than 1.5× the source’s schedule). An empty bucket of a source scraped less often than the buckets is not a gap.',
        }),
      }),
    ),
  }),
);

const seriesBody = {
  model: z.string(),
  window: windowSchema,
  sources: z.array(sourceInfoSchema),
  series: z.array(seriesSchema),
  previous: z.array(seriesSchema).nullable().meta({ description: 'The same series over the previous period, with compare=1; otherwise null.' }),
};

export const supplyResponseSchema = component(
  'SupplyResponse',
  'Supply of one network (claimed, free, rentable), one series per source and status.',
  z.object({ network: z.string(), ...seriesBody }),
);
export const pricesResponseSchema = component(
  'PricesResponse',
  'USD per GPU-hour (cheapest and median listing) of one GPU model per source, with the AWS on-demand reference for the same model.',
  z.object(seriesBody),
);
export const modelSupplyResponseSchema = component(
  'ModelSupplyResponse',
  'Supply of one GPU model on every network, one series per source and status.',
  z.object(seriesBody),
);

const figureFields = {
  value: z.number(),
  unit: z.string(),
  sourceId: z.string(),
  observedAt: isoTime,
  runId: z.number().int(),
  evidenceGrade: z.enum(EVIDENCE_GRADES).meta({ description: 'How far the source’s figures can be trusted (see /methodology#evidence-grades).' }),
};
const figureSchema = z
  .object({
    ...figureFields,
    ageMinutes: z.number().int().meta({ description: 'Minutes between the observation and this answer.' }),
    freshness: z.enum(['fresh', 'stale']).meta({
      description:
        '`fresh`: observed within about twice the source’s schedule (freshForMinutes); `stale`: older, up to 24 h, shown with a warning. Older figures are not current and appear in `leftOut` instead.',
    }),
    freshForMinutes: z.number().int(),
  })
  .nullable()
  .meta({ description: 'A current figure: the latest scrape of its source within the freshness window. Ledger claims are never current figures.' });
const changeSchema = z.object({ value24hAgo: z.number().nullable(), value7dAgo: z.number().nullable() });

export const networksResponseSchema = component(
  'NetworksResponse',
  'Every network with its largest current claim, free and rentable GPUs and reality ratio.',
  z.object({
    networks: z.array(
      z.object({
        slug: z.enum(NETWORKS.map((n) => n.slug) as [string, ...string[]]),
        name: z.string(),
        kind: z.enum(['depin', 'marketplace', 'cloud']),
        largestClaim: figureSchema,
        largestClaimNodes: figureSchema,
        free: figureSchema,
        rentable: figureSchema,
        realityRatio: z.number().nullable().meta({
          description: 'rentable ÷ claimed, both current network totals in GPUs from the network’s declared sides (see /methodology#reality-ratio); null when either side has no current figure, or when the two were not observed in the same scrape pass (one side’s source failed and its figure is older).',
        }),
        realitySides: z
          .object({ claimed: figureSchema, rentable: figureSchema })
          .nullable()
          .meta({ description: 'The two figures the ratio divides; null for a network with no declared sides.' }),
        leftOut: z
          .array(z.object({ ...figureFields, status: z.string(), ageMinutes: z.number().int() }))
          .meta({ description: 'Each source’s latest figure that is too old to be current (past its freshness window): left out of every figure above.' }),
        lastSuccessAt: isoTime.nullable(),
        changes: z.object({ largestClaim: changeSchema, free: changeSchema, rentable: changeSchema }),
      }),
    ),
  }),
);

export const healthResponseSchema = component(
  'Health',
  'Liveness and readiness: 200 when ready, 503 (same body) when the database is unreachable, a migration is pending, or the last scrape run is older than HEALTH_MAX_PASS_AGE_MINUTES.',
  z.object({
    status: z.enum(['ready', 'not_ready']),
    live: z.literal(true),
    checkedAt: isoTime,
    reasons: z.array(z.string()).meta({ description: 'Why it is not ready; empty when ready.' }),
    database: z.object({ reachable: z.boolean(), driver: z.enum(['pglite', 'postgres']) }),
    migrations: z.object({ applied: z.number().int(), expected: z.number().int(), pending: z.array(z.string()) }).nullable(),
    dataVersion: z.string().nullable().meta({ description: 'Id of the latest scrape run: changes whenever a run is stored.' }),
    lastPass: z.object({ finishedAt: isoTime, ageMinutes: z.number().int(), maxAgeMinutes: z.number().int() }).nullable(),
    sources: z.array(z.object({ sourceId: z.string(), lastSuccessAt: isoTime.nullable(), ageMinutes: z.number().int().nullable() })),
  }),
);

export const archiveListSchema = component(
  'ArchiveList',
  'The public evidence archive: one file per completed UTC day, with its size and sha256, then the current day, not offered until it is over.',
  z.object({
    runDayRule: z.string().meta({ description: 'Which day a scrape run belongs to.' }),
    days: z.array(
      z.object({
        day: z.string().meta({ description: 'UTC day, YYYY-MM-DD.' }),
        complete: z.boolean().meta({ description: 'true: the day is over and its archive is final (immutable). false: the current day, still being recorded; no file yet.' }),
        bytes: z.number().int().nullable(),
        sha256: z.string().nullable().meta({ description: 'sha256 of the whole file (also its ETag); the manifest.json inside lists the sha256 of every member.' }),
        url: z.string().nullable(),
        counts: z.record(z.string(), z.number().int()).nullable().meta({ description: 'Rows per table in the archive (runs, snapshots, requests, …).' }),
      }),
    ),
  }),
);

export const sourcesResponseSchema = component(
  'SourcesResponse',
  'Every source with its latest outcome, success rates and evidence grade.',
  z.object({
    sources: z.array(
      z.object({
        sourceId: z.string(),
        networkSlug: z.string().nullable(),
        name: z.string(),
        endpoint: z.string(),
        evidenceGrade: z.enum(EVIDENCE_GRADES),
        lastSuccessAt: isoTime.nullable(),
        lastFailureAt: isoTime.nullable(),
        lastFailureReason: z.string().nullable(),
        lastOutcome: z.enum(['ok', 'failed']).nullable(),
        lastOrigin: z.string().nullable(),
        successRate24h: z.number().nullable(),
        successRate7d: z.number().nullable(),
        attempts24h: z.number().int(),
        attempts7d: z.number().int(),
        pointsWritten: z.number().int(),
        recordedPayloadDate: z.string().nullable(),
      }),
    ),
  }),
);

export const runProvenanceSchema = component(
  'RunProvenance',
  'The scrape run behind a point: when and what it asked, what came back, its source and its raw snapshot.',
  z.object({
    run: z.object({
      id: z.number().int(),
      sourceId: z.string(),
      networkSlug: z.string().nullable(),
      observedAt: isoTime,
      startedAt: isoTime,
      durationMs: z.number(),
      requestUrl: z.string(),
      httpStatus: z.number().int().nullable(),
      outcome: z.string(),
      error: z.string().nullable(),
      adapterVersion: z.number().int(),
      evidenceGrade: z.enum(EVIDENCE_GRADES),
      origin: z.string(),
      pointsWritten: z.number().int(),
      pointsFromRunId: z.number().int().nullable().meta({ description: 'When figures were unchanged, the earlier run whose points stand for this one.' }),
      recordedPayloadDate: z.string().nullable(),
      rejections: z
        .array(z.object({ kind: z.enum(['record', 'implausible']), reason: z.string(), count: z.number().int() }))
        .meta({
          description:
            'What this run left out, per reason: payload records the parser could not read (`record`) and figures outside the plausibility bounds (`implausible`, see /methodology#plausibility). Empty when nothing was.',
        }),
    }),
    source: sourceInfoSchema.nullable(),
    snapshot: z
      .object({
        sha256: z.string(),
        sizeBytes: z.number().int(),
        contentType: z.string().nullable(),
        firstFetchedAt: isoTime,
        rawUrl: z.string().meta({ description: '/api/v1/snapshots/{sha256}: the bytes as fetched.' }),
      })
      .nullable()
      .meta({ description: "The raw snapshot of the run's first request." }),
    requests: z
      .array(
        z.object({
          seq: z.number().int().meta({ description: '0 for the first request, then in the order they were made.' }),
          requestUrl: z.string(),
          httpStatus: z.number().int().nullable(),
          snapshot: z
            .object({
              sha256: z.string(),
              sizeBytes: z.number().int(),
              rawUrl: z.string().meta({ description: '/api/v1/snapshots/{sha256}: the bytes as fetched.' }),
            })
            .nullable()
            .meta({ description: 'Null when no bytes came back (timeout, refused connection).' }),
        }),
      )
      .meta({ description: 'Every request of the run, in order: one for most sources, one per page or slice for a source read in several.' }),
  }),
);

const evidenceSchema = z.object({
  sourceId: z.string(),
  role: z.enum(['claimed', 'free', 'rentable']),
  at: isoTime,
  value: z.number(),
  runId: z.number().int().nullable(),
});

export const flagsResponseSchema = component(
  'FlagsResponse',
  'Suspicious claims in the window, computed from its scrape runs (not from buckets), each with the points that raised it. Each rule adds its own measurements (peakRatio, figure, before/after, …) beside the common fields. capped lists sources whose window held more runs than were read (their newest runs, from readFrom, were).',
  z.object({
    window: windowSchema,
    flags: z.array(
      z.looseObject({
        rule: z.enum(['claim-spread', 'frozen-claim', 'claim-jump']),
        network: z.string(),
        sourceIds: z.array(z.string()),
        from: isoTime,
        to: isoTime,
        threshold: z.number(),
        message: z.string(),
        evidence: z.array(evidenceSchema),
      }),
    ),
    networks: z.array(z.object({ network: z.string(), claimSources: z.number().int(), supplySources: z.number().int() })),
    capped: z.array(z.object({ sourceId: z.string(), network: z.string(), runsInRange: z.number().int(), runsRead: z.number().int(), readFrom: isoTime })),
  }),
);

export const realityResponseSchema = component(
  'RealityResponse',
  'The reality ratio league with trends, its series per network, how dependably k GPUs could be rented, and cost claims against measured prices.',
  z.object({
    window: windowSchema,
    league: z.array(z.looseObject({ network: z.string() })),
    series: z.array(z.object({ network: z.string(), points: z.array(z.looseObject({ at: isoTime })) })),
    dependability: z.array(z.looseObject({ network: z.string(), sourceId: z.string(), gpuModel: z.string() })),
    costClaims: z.array(z.looseObject({ claimId: z.string(), network: z.string(), text: z.string(), claimPercent: z.number(), sourceUrl: z.string(), seenAt: z.string() })),
  }),
);

const referenceSchema = z
  .object({ usdPerGpuHour: z.number(), runId: z.number().int().nullable(), observedAt: isoTime.nullable() })
  .nullable()
  .meta({ description: 'A reference price beside the index, never blended in: null when none was observed.' });

const indexPointSchema = z.object({
  methodology: z.literal('gpu-index-v1').meta({ description: 'The methodology version of the value (rules on /methodology). A rule change is a new version, never a silent change.' }),
  model: z.string(),
  at: isoTime.meta({ description: 'Bucket start, ISO 8601 UTC.' }),
  published: z.boolean(),
  usdPerGpuHour: z.number().nullable().meta({ description: 'The index: USD per GPU-hour; null when unpublished (never zero).' }),
  reason: z.string().nullable().meta({ description: 'Why the bucket is unpublished (fewer than 3 networks after outliers); null when published.' }),
  networks: z.number().int().meta({ description: 'DePIN networks whose price made the value.' }),
  contributingNetworks: z.array(z.string()),
  outlierNetworks: z.array(z.string()).meta({ description: 'Networks left out as more than 3 scaled MADs from the median.' }),
  depthGpus: z.number().int().nullable().meta({ description: 'GPUs rentable at or under the index price (a lower bound from each source’s stored quantiles).' }),
  aws: referenceSchema,
  vastai: referenceSchema,
  vsAwsPercent: z.number().nullable().meta({ description: '(index ÷ AWS on-demand − 1) × 100: negative when DePIN is cheaper.' }),
  asOf: isoTime.nullable().meta({ description: 'The latest observation behind the value.' }),
  ageMinutes: z.number().int().nullable().meta({ description: 'Minutes between asOf and generatedAt.' }),
});

const indexChangeSchema = z.object({
  fromAt: isoTime.nullable().meta({ description: 'The daily value compared with; null when that day was unpublished (no change is invented).' }),
  indexPercent: z.number().nullable(),
  vsAwsPoints: z.number().nullable().meta({ description: 'Change of vsAwsPercent, in percentage points.' }),
});

export const indexResponseSchema = component(
  'IndexResponse',
  'The open Rentable GPU index per model: a value per bucket (published or with its reason), AWS and Vast.ai beside it, and a headline from the daily values.',
  z.object({
    methodology: z.literal('gpu-index-v1'),
    // Published hourly and daily only.
    window: z.object({ from: isoTime, to: isoTime, resolution: z.enum(ROLLUP_RESOLUTIONS) }),
    pinnedAt: isoTime.nullable(),
    generatedAt: isoTime,
    models: z.array(
      z.object({
        model: z.string(),
        label: z.string(),
        headline: z.object({ methodology: z.literal('gpu-index-v1'), current: indexPointSchema.nullable(), change7d: indexChangeSchema, change30d: indexChangeSchema }),
        values: z.array(indexPointSchema),
      }),
    ),
  }),
);

export const indexEvidenceSchema = component(
  'IndexEvidence',
  'One index value with every quote behind it: network, source, prices, rentable GPUs, listings, scrape run and raw snapshot.',
  z.object({
    methodology: z.literal('gpu-index-v1'),
    model: z.string(),
    label: z.string(),
    resolution: z.enum(ROLLUP_RESOLUTIONS),
    value: indexPointSchema,
    quotes: z.array(
      z.object({
        sourceId: z.string(),
        sourceName: z.string(),
        networkSlug: z.string(),
        runId: z.number().int(),
        observedAt: isoTime,
        medianUsdPerGpuHour: z.number(),
        p25UsdPerGpuHour: z.number().nullable(),
        minUsdPerGpuHour: z.number().nullable(),
        rentableGpus: z.number(),
        listings: z.number().int().nullable(),
        snapshotSha256: z.string().nullable(),
        rawUrl: z.string().nullable(),
        outlier: z.boolean(),
      }),
    ),
  }),
);

/** The document itself: enough structure to say what it is; the OpenAPI 3.1 specification says the rest. */
export const openApiDocumentSchema = component(
  'OpenApiDocument',
  'This document: OpenAPI 3.1.',
  z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
);
