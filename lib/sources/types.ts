/**
 * The one interface every source adapter implements. An adapter says where to fetch and how
 * to read the bytes; the ingest layer does the fetching, storing and bookkeeping, so every
 * source gets the same provenance, retries and failure handling.
 */
import type { EvidenceGrade, PriceStatistic, SupplyStatus, SupplyUnit } from '../vocabulary';
import type { NetworkSlug } from '../networks';

export interface SupplyObservation {
  /** Canonical id, `all` for a network-wide total, or `unknown:<name>`. */
  gpuModel: string;
  status: SupplyStatus;
  unit: SupplyUnit;
  quantity: number;
}

export interface TokenConversion {
  symbol: string;
  usdRate: number;
  rateAt: Date;
}

export interface PriceObservation {
  gpuModel: string;
  statistic: PriceStatistic;
  usdPerGpuHour: number;
  /** How many listings the statistic was taken over, when the source says. */
  listings: number | null;
  /** Set when the listing was priced in a token and converted to USD. */
  token?: TokenConversion;
}

/** A token's USD price, from a token-price source; used to convert token-priced listings. */
export interface TokenPriceObservation {
  symbol: string;
  usd: number;
}

/**
 * Records or figures left out of a run, counted per reason. `record`: a payload record the
 * parser could not read (a null name, a count that is not a number), skipped so one bad record
 * does not fail the snapshot. `implausible`: a figure outside the plausibility bounds
 * (lib/ingest/plausibility.ts), rejected at ingest. Kept on the run and listed on /status.
 */
export interface RecordRejection {
  kind: 'record' | 'implausible';
  reason: string;
  count: number;
}

export interface ParsedSnapshot {
  supply: SupplyObservation[];
  prices: PriceObservation[];
  /** Only token-price sources fill this. */
  tokenPrices?: TokenPriceObservation[];
  /** Published GPU names we could not place; kept as `unknown:<name>` in the points too. */
  unknownModels: string[];
  /** Records the parser skipped (kind `record`), per reason; absent when none were. */
  rejected?: RecordRejection[];
}

export type ParseResult = { ok: true; value: ParsedSnapshot } | { ok: false; error: string };

export interface ParseContext {
  /** The time the snapshot describes (UTC). */
  observedAt: Date;
  /**
   * USD rate of a token (`AKT`, `NOS`, `IO`, `RENDER`, `GLM`, `CLORE`, `USDC`, …) as last
   * observed at or before observedAt, or undefined when we have none. A listing priced in a
   * token without a rate gets no price point (never a guessed one).
   */
  tokenUsdRate?: (symbol: string) => TokenConversion | undefined;
}

export interface SourceRequest {
  method: 'GET' | 'POST';
  /** Path and query, appended to the base URL. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One line of the methodology table: which field gives which figure, and why it counts so. */
export interface MethodologyRow {
  figure: SupplyStatus | 'price';
  field: string;
  reasoning: string;
}

/** An API key read from the environment; without it the source is skipped with a clear status. */
export interface ApiKeySpec {
  /** Environment variable holding the key, e.g. `FLUENCE_API_KEY`. */
  variable: string;
  /** Header to send it in, e.g. `X-API-KEY` or `Authorization`. */
  header: string;
  /** Header value from the key; defaults to the key itself (use `Bearer ${key}` where needed). */
  format?: (key: string) => string;
  /** false: the source works without a key (the key only raises limits). */
  required: boolean;
}

export interface SourceAdapter {
  /** Stable id, `<network>-<endpoint>`, e.g. `akash-gpu-prices`. */
  id: string;
  network: NetworkSlug;
  name: string;
  description: string;
  /** Bump when parse() changes what it returns for the same bytes. */
  version: number;
  evidenceGrade: EvidenceGrade;
  /** Environment variable that overrides the base URL (tests point it at the recorded-payload server). */
  baseUrlVariable: string;
  defaultBaseUrl: string;
  request: SourceRequest;
  apiKey?: ApiKeySpec;
  /** Scrape no more often than this (a daily price list need not be fetched every 10 minutes). */
  minIntervalMinutes?: number;
  /** Documented rate limit, requests per minute, honoured across retries. */
  rateLimitPerMinute?: number;
  /**
   * Cap on one response body in bytes; defaults to DEFAULT_MAX_RESPONSE_BYTES (20 MB, see
   * lib/ingest/read-body.ts). A longer answer is a failed run "response over N MB" keeping the
   * first N bytes. Raise it only for a source whose real payload needs it.
   */
  maxResponseBytes?: number;
  /** Pure: the same bytes and context always give the same result. Never throws. */
  parse(bytes: Uint8Array, context: ParseContext): ParseResult;
  /**
   * For a source read in several requests (pages, slices): the request that follows the bodies
   * received so far (in order, the first answering `request`), or null when the read is
   * complete. Pure; never throws: a body it cannot read ends the read, and parsing then says
   * why. Absent: the source is read in one request. A run makes at most MAX_REQUESTS_PER_RUN.
   */
  nextRequest?(responses: readonly Uint8Array[]): SourceRequest | null;
  /** With nextRequest: reads every response of a run, in order. Pure; never throws. */
  parseResponses?(responses: readonly Uint8Array[], context: ParseContext): ParseResult;
  methodology: readonly MethodologyRow[];
}

/**
 * The most requests one scrape run may make (pages, slices), so a source's cost per run is
 * bounded whatever its responses say. A source that asks for more fails the run with that
 * reason; its figures are never a silently truncated read.
 */
export const MAX_REQUESTS_PER_RUN = 40;

/** One dated observation inside a payload that publishes history. */
export interface DatedSnapshot {
  observedAt: Date;
  snapshot: ParsedSnapshot;
}

export type HistoryParseResult = { ok: true; value: DatedSnapshot[] } | { ok: false; error: string };

/**
 * A source that publishes its own history (daily breakdowns and the like). `npm run backfill`
 * fetches it once and stores one scrape run per dated observation, marked as backfilled, all
 * pointing at the one raw snapshot they came from.
 */
export interface HistoryAdapter extends Omit<SourceAdapter, 'parse' | 'evidenceGrade'> {
  evidenceGrade: 'backfilled-history';
  parseHistory(bytes: Uint8Array, context: ParseContext): HistoryParseResult;
}
