/**
 * The one PostgreSQL schema behind Rentable, shared by PGlite (embedded) and PostgreSQL.
 *
 * Honesty rules encoded here (see ../shared/DESIGN.md):
 * - every point references the scrape run that produced it, and the run references the raw
 *   snapshot (content-addressed by sha256) it parsed;
 * - unique keys make re-ingesting the same observation a no-op;
 * - a failed run stores its reason and its bytes, and has no points.
 */
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/** bytea as Uint8Array on both drivers (node-postgres gives a Buffer, which is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value) {
    return value instanceof Uint8Array ? value : new Uint8Array(value);
  },
});

const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const networks = pgTable('networks', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  /** `depin`, `marketplace` (a centralised reference market such as Vast.ai) or `cloud` (AWS). */
  kind: text('kind').notNull(),
  website: text('website').notNull(),
});

export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  /** Null for reference feeds that belong to no network (token prices). */
  networkSlug: text('network_slug').references(() => networks.slug),
  name: text('name').notNull(),
  /** The endpoint as published (production base URL + path), for the methodology page. */
  endpoint: text('endpoint').notNull(),
  evidenceGrade: text('evidence_grade').notNull(),
  adapterVersion: integer('adapter_version').notNull(),
  description: text('description').notNull(),
});

/** Stored like version control: see db/snapshot-store.ts. */
export const rawSnapshots = pgTable(
  'raw_snapshots',
  {
    /** sha256 of the bytes as fetched (before our compression), lower-case hex. */
    sha256: text('sha256').primaryKey(),
    /**
     * How `storedBytes` is encoded: `zstd` (alone, or with the base snapshot's bytes as its
     * dictionary); `gzip` or `identity` only in rows not yet moved by the 0007 storage migration.
     */
    encoding: text('encoding').notNull(),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes').notNull(),
    storedBytes: bytea('stored_bytes').notNull(),
    firstFetchedAt: utc('first_fetched_at').notNull(),
    /** The stream the snapshot is compressed in: the source and request position that first fetched it (null: none known). */
    sourceId: text('source_id'),
    requestSeq: integer('request_seq'),
    /** The snapshot whose bytes are this one's zstd dictionary; null for a keyframe (compressed alone). */
    baseSha256: text('base_sha256').references((): AnyPgColumn => rawSnapshots.sha256),
    /** Frames between this snapshot and its keyframe (0 for a keyframe): a read decodes chainDepth + 1. */
    chainDepth: integer('chain_depth').notNull().default(0),
  },
  (t) => [index('raw_snapshots_stream_idx').on(t.sourceId, t.requestSeq, t.firstFetchedAt)],
);

export const scrapeRuns = pgTable(
  'scrape_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    networkSlug: text('network_slug'),
    /** The time the figures describe. Equals startedAt for live scrapes; set for replays. */
    observedAt: utc('observed_at').notNull(),
    startedAt: utc('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    requestUrl: text('request_url').notNull(),
    httpStatus: integer('http_status'),
    /** `ok` or `failed`. */
    outcome: text('outcome').notNull(),
    error: text('error'),
    adapterVersion: integer('adapter_version').notNull(),
    evidenceGrade: text('evidence_grade').notNull(),
    snapshotSha256: text('snapshot_sha256').references(() => rawSnapshots.sha256),
    pointsWritten: integer('points_written').notNull().default(0),
    /** sha256 of the figures parsed from the snapshot (canonical JSON), to spot unchanged figures. */
    figuresSha256: text('figures_sha256'),
    /**
     * When the figures are identical to the source's previous successful run, its points are
     * not written again: this run's figures are the points of that earlier run.
     */
    pointsFromRunId: bigint('points_from_run_id', { mode: 'number' }),
    /** `live`, `replay` (a dated recorded payload), `backfill` (history the source publishes) or `claim` (the claims ledger). */
    origin: text('origin').notNull().default('live'),
    /**
     * Set when the bytes came from a recording (the recorded-payload server says so in a
     * header), so the status page never passes a recording off as a live figure.
     */
    recordedPayloadDate: text('recorded_payload_date'),
    /**
     * Records the parser skipped and figures rejected as implausible, per reason
     * (`RecordRejection[]`); null when nothing was left out.
     */
    rejections: jsonb('rejections').$type<{ kind: 'record' | 'implausible'; reason: string; count: number }[]>(),
  },
  (t) => [
    uniqueIndex('scrape_runs_source_observed_uq').on(t.sourceId, t.observedAt),
    index('scrape_runs_source_started_idx').on(t.sourceId, t.startedAt),
    // "Latest ok (or failed) run of a source" is one backward step of this index, however
    // many days are stored: the overview and /api/v1/networks cost what the sources number.
    index('scrape_runs_source_outcome_observed_idx').on(t.sourceId, t.outcome, t.observedAt),
    // The runs that can be a network's current figure (lib/queries/network-summary.ts): the
    // latest is one step of this index for every source, even one with no such run (a token
    // feed, a claims or backfilled source), whose backward walk of the index above would
    // otherwise pass every run it ever had.
    index('scrape_runs_current_idx')
      .on(t.sourceId, t.observedAt)
      .where(sql`${t.outcome} = 'ok' and ${t.networkSlug} is not null and ${t.origin} in ('live', 'replay')`),
  ],
);

/**
 * Every request of a scrape run, in order: a source read in several requests (pages, slices)
 * keeps each response as its own raw snapshot, so provenance holds page by page and a rebuild
 * re-parses the same responses in the same order. seq 0 is the run's first request, whose
 * snapshot is also scrape_runs.snapshot_sha256. A request that got no bytes (timeout, refused
 * connection) has a row without a snapshot, so a failed page is on the record too.
 */
export const runSnapshots = pgTable(
  'run_snapshots',
  {
    scrapeRunId: bigint('scrape_run_id', { mode: 'number' })
      .notNull()
      .references(() => scrapeRuns.id),
    /** 0 for the first request, then 1, 2, … in the order they were made. */
    seq: integer('seq').notNull(),
    snapshotSha256: text('snapshot_sha256').references(() => rawSnapshots.sha256),
    requestUrl: text('request_url').notNull(),
    httpStatus: integer('http_status'),
  },
  (t) => [primaryKey({ columns: [t.scrapeRunId, t.seq] })],
);

/**
 * The labels a pack's points name, stored once: a GPU model id (`all`, a canonical model, or
 * `unknown:<name as published>`) is an integer in every pack, not its text again per point.
 */
export const pointLabels = pgTable('point_labels', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  label: text('label').notNull().unique(),
});

/**
 * A run's supply points, packed into one row: aligned arrays of GPU-model label ids, status and
 * unit codes (1-based positions in SUPPLY_STATUSES and SUPPLY_UNITS) and quantities. A year of
 * 10-minute passes is tens of millions of points; one row of a run's points costs a few bytes
 * a point where a row per point cost ~200 (text keys, a surrogate id, a five-column unique
 * index). Every reader goes through the `supply_points` view, which unpacks them.
 */
export const supplyPacks = pgTable(
  'supply_packs',
  {
    scrapeRunId: bigint('scrape_run_id', { mode: 'number' })
      .primaryKey()
      .references(() => scrapeRuns.id),
    sourceId: text('source_id').notNull(),
    networkSlug: text('network_slug').notNull(),
    observedAt: utc('observed_at').notNull(),
    gpuModelIds: integer('gpu_model_ids').array().notNull(),
    statuses: smallint('statuses').array().notNull(),
    units: smallint('units').array().notNull(),
    quantities: doublePrecision('quantities').array().notNull(),
  },
  // No index beyond the run id: a run is unique by (source, instant) already (scrape_runs).
);

/**
 * A run's price points, packed like supply: statistic codes are 1-based positions in
 * PRICE_STATISTICS; the token arrays are null when no listing of the run was priced in a token.
 */
export const pricePacks = pgTable(
  'price_packs',
  {
    scrapeRunId: bigint('scrape_run_id', { mode: 'number' })
      .primaryKey()
      .references(() => scrapeRuns.id),
    sourceId: text('source_id').notNull(),
    networkSlug: text('network_slug').notNull(),
    observedAt: utc('observed_at').notNull(),
    gpuModelIds: integer('gpu_model_ids').array().notNull(),
    statistics: smallint('statistics').array().notNull(),
    usdPerGpuHour: doublePrecision('usd_per_gpu_hour').array().notNull(),
    listings: integer('listings').array().notNull(),
    tokenSymbols: text('token_symbols').array(),
    tokenUsdRates: doublePrecision('token_usd_rates').array(),
    tokenRateAts: timestamp('token_rate_ats', { withTimezone: true, mode: 'string' }).array(),
  },
);

/** Every supply point, one row each, unpacked from supply_packs (migration 0007 defines the view). */
export const supplyPoints = pgView('supply_points', {
  scrapeRunId: bigint('scrape_run_id', { mode: 'number' }).notNull(),
  sourceId: text('source_id').notNull(),
  networkSlug: text('network_slug').notNull(),
  observedAt: utc('observed_at').notNull(),
  /** Canonical GPU model id, `all` for network totals, or `unknown:<name as published>`. */
  gpuModel: text('gpu_model').notNull(),
  /** `claimed`, `free` or `rentable`. */
  status: text('status').notNull(),
  /** The unit the network states: `gpus` or `nodes` (claims are kept in their own unit). */
  unit: text('unit').notNull(),
  quantity: doublePrecision('quantity').notNull(),
  /** The point's place in its run, from 1: the order the parse gave it. */
  position: integer('position').notNull(),
}).existing();

/** Every price point, one row each, unpacked from price_packs (migration 0007 defines the view). */
export const pricePoints = pgView('price_points', {
  scrapeRunId: bigint('scrape_run_id', { mode: 'number' }).notNull(),
  sourceId: text('source_id').notNull(),
  networkSlug: text('network_slug').notNull(),
  observedAt: utc('observed_at').notNull(),
  gpuModel: text('gpu_model').notNull(),
  /** `min`, `p25` or `median` over the listings behind it. */
  statistic: text('statistic').notNull(),
  usdPerGpuHour: doublePrecision('usd_per_gpu_hour').notNull(),
  listings: integer('listings'),
  /** Set when the listing was in a token: the token, its USD rate and the rate's time. */
  tokenSymbol: text('token_symbol'),
  tokenUsdRate: doublePrecision('token_usd_rate'),
  tokenRateAt: utc('token_rate_at'),
  position: integer('position').notNull(),
}).existing();

/**
 * Every GPU model id our points name (canonical, `all`, or `unknown:<name>`), written with the
 * points that first name it. A URL naming a model outside it (or the claims ledger) is a 404,
 * answered by one primary-key lookup rather than a scan of the points.
 */
export const gpuModels = pgTable('gpu_models', {
  id: text('id').primaryKey(),
  firstObservedAt: utc('first_observed_at').notNull(),
});

/**
 * Every GPU name we could not place (`unknown:<name>`), per network and source: how many stored
 * points name it and when it was first and last observed. Kept by statement triggers on
 * supply_packs and price_packs (migration 0010) in the transaction that writes the points, so
 * /status reads one row per name instead of unpacking every point ever stored. A deleted pack
 * takes its points off the count (a name no point names any more goes); a rebuild, the only
 * deleter, recomputes the first and last sightings of the sources it rewrote
 * (db/unknown-gpu-names.ts).
 */
export const unknownGpuNames = pgTable(
  'unknown_gpu_names',
  {
    networkSlug: text('network_slug').notNull(),
    sourceId: text('source_id').notNull(),
    /** `unknown:<name as published>`. */
    gpuModel: text('gpu_model').notNull(),
    points: bigint('points', { mode: 'number' }).notNull(),
    firstSeenAt: utc('first_seen_at').notNull(),
    lastSeenAt: utc('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.networkSlug, t.sourceId, t.gpuModel] })],
);

/**
 * Hourly and daily buckets maintained at ingest, so a chart costs what it draws, not what is
 * stored. One row per (bucket, source, model, metric, unit). Metrics: `claimed`, `free`,
 * `rentable` (quantities) and `price_min`, `price_p25`, `price_median` (USD per GPU-hour).
 * A bucket with no successful run has no row: charts show a gap, never a zero.
 */
export const seriesRollups = pgTable(
  'series_rollups',
  {
    resolution: text('resolution').notNull(),
    bucketStart: utc('bucket_start').notNull(),
    sourceId: text('source_id').notNull(),
    networkSlug: text('network_slug').notNull(),
    gpuModel: text('gpu_model').notNull(),
    metric: text('metric').notNull(),
    unit: text('unit').notNull(),
    samples: integer('samples').notNull(),
    sum: doublePrecision('sum').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
    last: doublePrecision('last').notNull(),
    lastObservedAt: utc('last_observed_at').notNull(),
    lastRunId: bigint('last_run_id', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resolution, t.bucketStart, t.sourceId, t.gpuModel, t.metric, t.unit] }),
    index('series_rollups_network_idx').on(t.networkSlug, t.metric, t.resolution, t.bucketStart),
    // A read of some metrics at one resolution over a window: one model's series across every
    // network (the GPU index, /compare, model supply), every network's totals (the reality
    // league), every model's rentable series (dependability). An index range per metric (and
    // model, when one is named), where the primary key's range over the window's buckets visits
    // every series of every metric and model (prices are half of them).
    index('series_rollups_metric_idx').on(t.resolution, t.metric, t.gpuModel, t.bucketStart),
  ],
);

/**
 * One worker scrapes a given source at a time, enforced here so several worker replicas on
 * PostgreSQL are safe. A lease expires so a crashed worker does not block a source for ever.
 */
export const sourceLeases = pgTable('source_leases', {
  sourceId: text('source_id').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: utc('expires_at').notNull(),
});

/** Token prices in USD, used to convert token-priced listings at the snapshot time. */
export const tokenPrices = pgTable(
  'token_prices',
  {
    scrapeRunId: bigint('scrape_run_id', { mode: 'number' })
      .notNull()
      .references(() => scrapeRuns.id),
    sourceId: text('source_id').notNull(),
    symbol: text('symbol').notNull(),
    observedAt: utc('observed_at').notNull(),
    usd: doublePrecision('usd').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.observedAt, t.sourceId] })],
);

/**
 * The claims ledger as loaded from lib/claims/claims.json (validated on load): what networks
 * say about their size and cost, with where and when it was seen. Size claims also become
 * claimed points through their own sources; this table keeps every claim, cost claims included.
 */
export const claims = pgTable('claims', {
  id: text('id').primaryKey(),
  networkSlug: text('network_slug')
    .notNull()
    .references(() => networks.slug),
  kind: text('kind').notNull(),
  text: text('text').notNull(),
  figure: doublePrecision('figure').notNull(),
  unit: text('unit').notNull(),
  gpuModel: text('gpu_model'),
  counts: text('counts').notNull(),
  sourceName: text('source_name').notNull(),
  sourceUrl: text('source_url').notNull(),
  /** YYYY-MM-DD the claim was seen. */
  seenAt: text('seen_at').notNull(),
  loadedAt: utc('loaded_at').notNull(),
});

/**
 * The public evidence archive: one file per completed UTC day (lib/ingest/archive-write.ts),
 * published at /api/v1/archive. Kept in the database rather than a folder so every web replica
 * on PostgreSQL serves the same files with no shared disk; the bytes sit in chunks so a
 * download streams one chunk at a time instead of loading a whole day into memory.
 */
export const archives = pgTable('archives', {
  /** YYYY-MM-DD (UTC). */
  day: text('day').primaryKey(),
  /** sha256 of the whole file, lower-case hex: its strong ETag. */
  sha256: text('sha256').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  chunks: integer('chunks').notNull(),
  /** Counts from the manifest (runs, snapshots, …), for the listing. */
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
  createdAt: utc('created_at').notNull(),
});

export const archiveChunks = pgTable(
  'archive_chunks',
  {
    day: text('day')
      .notNull()
      .references(() => archives.day),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.seq] })],
);

/**
 * Events (issue 16): a flag raised or cleared, a claim jump, rentable dropping to zero and
 * recovering, a source failing for more than 6 h and recovering, a GPU model appearing or
 * vanishing, an index move. Detected after each scrape pass (lib/events/pipeline.ts) and served
 * as Atom feeds and signed webhooks. The id is a hash of (kind, subject, evidence time), so
 * the same event is the same row, feed entry and webhook across restarts and rebuilds, and
 * detection running twice inserts nothing the second time.
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    /** What the event is about, e.g. `claim-spread:ionet` or `source:akash-gpu-prices`. */
    subject: text('subject').notNull(),
    networkSlug: text('network_slug'),
    sourceId: text('source_id'),
    gpuModel: text('gpu_model'),
    /** The observed time of the evidence (a scrape run's observed_at), not when we noticed. */
    occurredAt: utc('occurred_at').notNull(),
    detectedAt: utc('detected_at').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** The scrape run whose figures (and raw snapshot) show the event. */
    runId: bigint('run_id', { mode: 'number' }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('events_occurred_idx').on(t.occurredAt), index('events_network_occurred_idx').on(t.networkSlug, t.occurredAt)],
);

/** How far event detection has run (one row per detector pipeline). */
export const eventCursor = pgTable('event_cursor', {
  name: text('name').primaryKey(),
  /** Observations up to this time have been examined. */
  detectedThrough: utc('detected_through').notNull(),
  updatedAt: utc('updated_at').notNull(),
});

/** One event to one configured URL (WEBHOOK_URLS): delivered once, retried with backoff until then. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    url: text('url').notNull(),
    /** `pending` (due at next_attempt_at), `delivered` (a 2xx answer), `failed` (attempts exhausted). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: utc('next_attempt_at').notNull(),
    lastAttemptAt: utc('last_attempt_at'),
    responseCode: integer('response_code'),
    error: text('error'),
    deliveredAt: utc('delivered_at'),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [uniqueIndex('webhook_deliveries_event_url_uq').on(t.eventId, t.url), index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
);

/** Every attempt of a delivery, for the log on /status. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    attemptedAt: utc('attempted_at').notNull(),
    responseCode: integer('response_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId), index('webhook_attempts_attempted_idx').on(t.attemptedAt)],
);

/**
 * Totals per source over its whole history, kept by a trigger on scrape_runs (migration
 * 0006) in the transaction that stores or changes a run, so /status and /api/v1/sources read
 * one row per source instead of summing every run ever recorded.
 */
export const sourceTotals = pgTable('source_totals', {
  sourceId: text('source_id').primaryKey(),
  runs: bigint('runs', { mode: 'number' }).notNull().default(0),
  pointsWritten: bigint('points_written', { mode: 'number' }).notNull().default(0),
});

/**
 * The newest daily bucket of every series (source, model, metric, unit), kept by statement
 * triggers on series_rollups (migration 0006): "latest price per model" (cost claims) and
 * "which models are covered" (/compare's picker) read this, one row per series, instead of
 * scanning every day stored.
 */
export const seriesLatest = pgTable(
  'series_latest',
  {
    sourceId: text('source_id').notNull(),
    networkSlug: text('network_slug').notNull(),
    gpuModel: text('gpu_model').notNull(),
    metric: text('metric').notNull(),
    unit: text('unit').notNull(),
    bucketStart: utc('bucket_start').notNull(),
    last: doublePrecision('last').notNull(),
    lastObservedAt: utc('last_observed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.gpuModel, t.metric, t.unit] })],
);

/**
 * The data version: one row, bumped once by every transaction that changes what we serve
 * (runs, points, rollups, claims, archives, sources, networks) through deferred constraint
 * triggers (migration 0006), so it moves exactly when such a transaction commits. Responses
 * are cached per version (lib/http/versioned-cache.ts) and every web replica reads it with
 * one primary-key lookup. `epoch` is drawn when the row is made: a database made again (a
 * restore into a fresh one) starts a new epoch, so its version 1 is never taken for another's.
 */
export const dataVersion = pgTable('data_version', {
  id: integer('id').primaryKey(),
  epoch: text('epoch').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * Analytics computed once per data version (lib/queries/analytics-state.ts): the flags, the
 * reality league and dependability of each preset range, as of one instant. The scraping
 * process refreshes them right after a pass commits, so a request (on any web replica) reads
 * one row by primary key, however many days are stored. A derived cache, not served data: it
 * has no data_version trigger, and a row of another epoch or version is simply stale.
 */
export const analyticsStates = pgTable(
  'analytics_states',
  {
    /** `flags`, `reality` (league and series) or `dependability`. */
    name: text('name').notNull(),
    /** The parameters it answers, canonical (`range=30d;resolution=auto;thresholds=…`). */
    params: text('params').notNull(),
    /** The data version it was computed from (db/data-version.ts). */
    epoch: text('epoch').notNull(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    /** The "now" of its window: the report covers the range ending here, and says so. */
    asOf: utc('as_of').notNull(),
    computedAt: utc('computed_at').notNull(),
    /** How long computing it took, for the logs and the benchmark. */
    computeMs: integer('compute_ms').notNull(),
    /** The report as JSON text (one parse on read; jsonb would cost a decode and an encode). */
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.params] })],
);
