/** Every source Rentable scrapes, in one list. Add an adapter here and it is scraped, stored and shown. */
import { akashGpuPrices, akashNetworkCapacity } from './akash';
import type { SourceAdapter } from './types';
import type { ScrapeTarget } from '../ingest/target';

export const SOURCES: readonly SourceAdapter[] = [akashGpuPrices, akashNetworkCapacity];

/** Feeds that belong to no network (token prices), scraped first in every pass. */
export const REFERENCE_FEEDS: readonly ScrapeTarget[] = [];

/** Everything a scrape pass fetches. */
export const SCRAPE_TARGETS: readonly ScrapeTarget[] = [...REFERENCE_FEEDS, ...SOURCES];

export function findSource(id: string): SourceAdapter | undefined {
  return SOURCES.find((s) => s.id === id);
}

export function sourcesOfNetwork(network: string): SourceAdapter[] {
  return SOURCES.filter((s) => s.network === network);
}
