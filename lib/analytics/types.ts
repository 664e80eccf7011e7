/**
 * Shapes shared by the analytics rules. Every rule is a pure function over plain arrays of
 * points, so it can be fed from the store, from a test, or from a replay, without a database.
 * The flags are fed one point per scrape run (lib/queries/observations.ts), never display
 * buckets, so the same runs give the same flags whatever resolution a page draws.
 */
import type { SeriesPoint } from '../queries/series';

/**
 * One observation: a scrape run's figure at its observed time (or, for the derived views, one
 * rollup bucket). `value: null` is a gap: a failed run (or a bucket without a successful run).
 * A gap is never read as zero and never as "unchanged".
 */
export type Point = Pick<SeriesPoint, 'at' | 'value' | 'runId'>;

/** One source's series of one figure (a claimed total, or free or rentable supply). */
export interface SourceSeries {
  sourceId: string;
  /** The unit the source states (`gpus`, `nodes`, …); taken as `gpus` when absent. */
  unit?: string;
  points: readonly Point[];
}

export type SupplyRole = 'free' | 'rentable';

/** Free or rentable supply of a network, used to tell whether "the network moved". */
export interface SupplySeries extends SourceSeries {
  status: SupplyRole;
}

/** A point that raised (or explains) a flag, so the UI can link it to its scrape run. */
export interface Evidence {
  sourceId: string;
  /** The claimed figure, or the free or rentable supply that was compared with it. */
  role: 'claimed' | SupplyRole;
  at: string;
  value: number;
  runId: number | null;
}

export const FLAG_RULES = ['claim-spread', 'frozen-claim', 'claim-jump'] as const;
export type FlagRule = (typeof FLAG_RULES)[number];

interface FlagBase {
  rule: FlagRule;
  /** Network slug. */
  network: string;
  /** The claimed sources the flag is about (supply sources appear only in the evidence). */
  sourceIds: string[];
  /** First and last observed point the flag covers (ISO 8601 UTC); never a gap. */
  from: string;
  to: string;
  /** The configured threshold the measurement was compared with (see thresholds.ts). */
  threshold: number;
  /** Plain English with the numbers, for the page and the API. */
  message: string;
  evidence: Evidence[];
}

export interface SpreadFlag extends FlagBase {
  rule: 'claim-spread';
  unit: string;
  /** Largest ÷ smallest claim in the scrape pass where it was widest. */
  peakRatio: number;
  peakAt: string;
  /** Scrape passes (with at least two claims observed) in which the spread exceeded the threshold. */
  observations: number;
  /** Passes inside [from, to] where fewer than two claims were observed: neither counted nor breaking. */
  gapPasses: number;
}

export interface FrozenFlag extends FlagBase {
  rule: 'frozen-claim';
  unit: string;
  figure: number;
  /** Time between consecutive observations of the figure, intervals across a failed run excluded. */
  observedHours: number;
  /** Successful runs that showed the figure. */
  observations: number;
  /** Failed runs between the first and last observation: neither counted nor breaking. */
  failedRuns: number;
  /** Largest relative move of free or rentable supply over the same stretch, in percent. */
  supplyMovePercent: number;
  supplyStatus: SupplyRole;
}

export interface SupplyChange {
  sourceId: string;
  status: SupplyRole;
  before: Evidence;
  after: Evidence;
  /** Relative change in percent; null from a base of zero. */
  changePercent: number | null;
}

export interface JumpFlag extends FlagBase {
  rule: 'claim-jump';
  unit: string;
  before: number;
  after: number;
  /** Relative step in percent; null for a step up from zero. */
  changePercent: number | null;
  /** True when failed runs lie between the two observations compared. */
  acrossGap: boolean;
  failedRuns: number;
  /** Free and rentable supply read either side of the step (empty when none was observed). */
  supply: SupplyChange[];
}

export type Flag = SpreadFlag | FrozenFlag | JumpFlag;
