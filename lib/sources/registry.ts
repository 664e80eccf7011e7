/** Every source Rentable scrapes, in one list. Add an adapter here and it is scraped, stored and shown. */
import { akashGpuPrices, akashNetworkCapacity } from './akash';
import { akashGpuBreakdownHistory } from './akash-history';
import { cloreMarketplace } from './clore';
import { spheronGpuOffers } from './spheron';
import { vastaiBundles, vastaiGpuMetrics } from './vastai';
import { awsEc2OnDemand1Gpu, awsEc2OnDemand8Gpu } from './aws';
import { fluenceGpuBaremetal, fluenceGpuVms } from './fluence';
import { golemOnlineOffers, golemOnlineRuntimeStats } from './golem';
import { hyperbolicMarketplace, hyperbolicRentalOptions } from './hyperbolic';
import { IONET_SOURCES, ionetFullStakeHistory } from './ionet';
import { liumExecutors } from './lium';
import { nosanaMarkets } from './nosana';
import { renderNodesAndFrames } from './render';
import { tokenPricesCoingecko } from './token-prices';
import type { HistoryAdapter, SourceAdapter } from './types';
import type { ScrapeTarget } from '../ingest/target';
import type { CommittedSource } from '../ingest/committed';
import { claimSources, loadLedger } from '../claims/ledger';
import { AWS_REFERENCE_SOURCES } from './aws-reference';

export const SOURCES: readonly SourceAdapter[] = [
  ...IONET_SOURCES,
  akashGpuPrices,
  akashNetworkCapacity,
  renderNodesAndFrames,
  nosanaMarkets,
  spheronGpuOffers,
  cloreMarketplace,
  golemOnlineRuntimeStats,
  golemOnlineOffers,
  hyperbolicMarketplace,
  hyperbolicRentalOptions,
  liumExecutors,
  fluenceGpuVms,
  fluenceGpuBaremetal,
  vastaiBundles,
  vastaiGpuMetrics,
  awsEc2OnDemand1Gpu,
  awsEc2OnDemand8Gpu,
];

/** Feeds that belong to no network (token prices), scraped first in every pass. */
export const REFERENCE_FEEDS: readonly ScrapeTarget[] = [{ ...tokenPricesCoingecko, network: null }];

/** Everything a scrape pass fetches. */
export const SCRAPE_TARGETS: readonly ScrapeTarget[] = [...REFERENCE_FEEDS, ...SOURCES];

/** Sources that publish their own history, imported by `npm run backfill`. */
export const HISTORY_SOURCES: readonly HistoryAdapter[] = [ionetFullStakeHistory, akashGpuBreakdownHistory];

/** History committed to the repository: the AWS reference table and the claims ledger. */
export function committedSources(): CommittedSource[] {
  return [...AWS_REFERENCE_SOURCES, ...claimSources(loadLedger())];
}

export function findSource(id: string): SourceAdapter | undefined {
  return SOURCES.find((s) => s.id === id);
}

export function sourcesOfNetwork(network: string): SourceAdapter[] {
  return SOURCES.filter((s) => s.network === network);
}
