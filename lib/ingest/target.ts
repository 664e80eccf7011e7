import type { SourceAdapter } from '../sources/types';

/**
 * What the ingest layer scrapes: a source adapter, or a reference feed that belongs to no
 * network (token prices), which is why `network` may be null here.
 */
export type ScrapeTarget = Omit<SourceAdapter, 'network'> & { network: string | null };

/** `live` scrapes, `replay` of dated recordings, `backfill` of history a source publishes, `claim` from the claims ledger. */
export type RunOrigin = 'live' | 'replay' | 'backfill' | 'claim';

/** Response header with which the recorded-payload server marks its answers. */
export const RECORDED_AT_HEADER = 'x-rentable-recorded-at';
