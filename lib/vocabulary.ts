/** The words of ../shared/DESIGN.md as types, shared by sources, queries and pages. */

export const SUPPLY_STATUSES = ['claimed', 'free', 'rentable'] as const;
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number];

export const SUPPLY_UNITS = ['gpus', 'nodes'] as const;
export type SupplyUnit = (typeof SUPPLY_UNITS)[number];

export const PRICE_STATISTICS = ['min', 'p25', 'median'] as const;
export type PriceStatistic = (typeof PRICE_STATISTICS)[number];

/** How much to trust a source's figures, strongest first. */
export const EVIDENCE_GRADES = ['official-api', 'on-chain', 'scraped-page', 'self-reported-claim', 'backfilled-history'] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];

export const EVIDENCE_GRADE_LABELS: Record<EvidenceGrade, string> = {
  'official-api': 'Official API',
  'on-chain': 'On-chain data',
  'scraped-page': 'Scraped page',
  'self-reported-claim': 'Self-reported claim',
  'backfilled-history': 'Backfilled history',
};

/** The gpu_model of a network-wide total. */
export const ALL_MODELS = 'all';

export type RollupMetric = SupplyStatus | `price_${PriceStatistic}`;
export const ROLLUP_RESOLUTIONS = ['hour', 'day'] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];
/** What a chart may be drawn in: the stored rollups, and weeks and months folded from days. */
export const CHART_RESOLUTIONS = ['hour', 'day', 'week', 'month'] as const;
export type ChartResolution = (typeof CHART_RESOLUTIONS)[number];
