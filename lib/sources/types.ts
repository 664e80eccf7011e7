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

export interface ParsedSnapshot {
  supply: SupplyObservation[];
  prices: PriceObservation[];
  /** Published GPU names we could not place; kept as `unknown:<name>` in the points too. */
  unknownModels: string[];
}

export type ParseResult = { ok: true; value: ParsedSnapshot } | { ok: false; error: string };

export interface ParseContext {
  /** The time the snapshot describes (UTC). */
  observedAt: Date;
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
  /** Pure: the same bytes and context always give the same result. Never throws. */
  parse(bytes: Uint8Array, context: ParseContext): ParseResult;
  methodology: readonly MethodologyRow[];
}
