/**
 * Every Prometheus metric Rentable exposes, defined once (names `rentable_*`), and the small
 * functions that move them. The web process serves them at /metrics (app/metrics/route.ts), the
 * worker on its own port (lib/metrics-server.ts).
 *
 * The registry lives on globalThis: Next.js bundles instrumentation (lib/boot.ts, which runs the
 * scheduler) and each route handler separately, so a module-level registry would exist once per
 * bundle, and the scheduler's counters would never reach the /metrics route.
 *
 * Counters count what this process did since it started; what the database knows (each
 * source's last success, pool use) is read when /metrics is scraped (lib/metrics-exposition.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const KEY = Symbol.for('rentable.metrics');

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  // Process CPU, memory, event-loop lag: the lag is what a slow PGlite query costs every request.
  collectDefaultMetrics({ register: registry, prefix: 'rentable_' });
  return {
    registry,
    scrapeRuns: new Counter({
      name: 'rentable_scrape_runs_total',
      help: 'Scrape attempts by source and outcome (ok, failed, skipped, busy, duplicate, not-due, aborted).',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    scrapeRunDuration: new Histogram({
      name: 'rentable_scrape_run_duration_seconds',
      help: 'Time a run spent fetching its source (every request, retries and rate-limit waits included), by source and outcome.',
      labelNames: ['source', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    sourceLastSuccess: new Gauge({
      name: 'rentable_source_last_success_timestamp_seconds',
      help: 'Observation time of the last successful run of each source, read from the database (so every replica agrees).',
      labelNames: ['source'] as const,
      registers,
    }),
    pointsWritten: new Counter({
      name: 'rentable_points_written_total',
      help: 'Supply, price and token-price points written, by source (0 for a run whose figures were unchanged).',
      labelNames: ['source'] as const,
      registers,
    }),
    figuresRejected: new Counter({
      name: 'rentable_figures_rejected_total',
      help: 'Records and figures left out of successful runs, by source and kind (record: unreadable upstream record; implausible: outside the bounds), as in scrape_runs.rejections.',
      labelNames: ['source', 'kind'] as const,
      registers,
    }),
    responseBytes: new Counter({
      name: 'rentable_scrape_response_bytes_total',
      help: 'Bytes of upstream responses read (uncompressed, every request of a run), by source.',
      labelNames: ['source'] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'rentable_http_request_duration_seconds',
      help: 'Time to answer an API request (until the response is made), by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    cacheRequests: new Counter({
      name: 'rentable_cache_requests_total',
      help: 'Cache lookups by cache and result: api-etag, embed-etag and page-etag count a conditional request answered 304 as a hit and a full body as a miss; api-answers, embed-answers and page-answers count a body served from the data-version cache as a hit and one computed as a miss.',
      labelNames: ['cache', 'result'] as const,
      registers,
    }),
    dbPoolConnections: new Gauge({
      name: 'rentable_db_pool_connections',
      help: 'PostgreSQL pool connections open (idle or in use).',
      labelNames: ['driver'] as const,
      registers,
    }),
    dbPoolIdleConnections: new Gauge({
      name: 'rentable_db_pool_idle_connections',
      help: 'PostgreSQL pool connections open and idle.',
      labelNames: ['driver'] as const,
      registers,
    }),
    dbPoolWaitingRequests: new Gauge({
      name: 'rentable_db_pool_waiting_requests',
      help: 'Queries waiting for a PostgreSQL pool connection.',
      labelNames: ['driver'] as const,
      registers,
    }),
    dbOperationsInFlight: new Gauge({
      name: 'rentable_db_operations_in_flight',
      help: 'Embedded PGlite: queries and transactions running or queued (it runs one at a time, in its own thread when it owns a data folder).',
      labelNames: ['driver'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

export function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

/** `stale`: the answer of the minute before (same data version) served while this minute's is computed. */
export type CacheResult = 'hit' | 'miss' | 'stale';

export type CacheName = 'api-etag' | 'embed-etag' | 'page-etag' | 'api-answers' | 'embed-answers' | 'page-answers';

export function countCacheLookup(cache: CacheName, result: CacheResult): void {
  metrics().cacheRequests.inc({ cache, result });
}

export function observeHttpRequest(request: { route: string; method: string; status: number; seconds: number }): void {
  metrics().httpRequestDuration.observe({ route: request.route, method: request.method, status: String(request.status) }, request.seconds);
}

/** The text Prometheus scrapes, and its content type. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
