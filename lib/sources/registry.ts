/** Every source Rentable scrapes, in one list. Add an adapter here and it is scraped, stored and shown. */
import { akashGpuPrices, akashNetworkCapacity } from './akash';
import type { SourceAdapter } from './types';

export const SOURCES: readonly SourceAdapter[] = [akashGpuPrices, akashNetworkCapacity];

export function findSource(id: string): SourceAdapter | undefined {
  return SOURCES.find((s) => s.id === id);
}

export function sourcesOfNetwork(network: string): SourceAdapter[] {
  return SOURCES.filter((s) => s.network === network);
}
