/**
 * The reality ratio's two sides, declared per network: which source gives the rentable figure
 * and which the claimed one. Fixed sides keep the ratio from moving when a source fails: with
 * "whichever sources answered", io.net's ratio jumped from 0.095 % to 0.449 % the hour its
 * explorer was down (312 ÷ 69,415 from another page). A bucket, or a "now", where either side
 * has no observation is a gap, never a ratio of something else. Every page, API, embed and
 * social card computes the ratio through `realityRatio` with these sides. Shown on /methodology.
 *
 * Claims from the ledger (dated statements, often years old) are never a side: the ratio
 * compares what a network says now with what can be rented now.
 */
import type { NetworkSlug } from '../networks';

export interface RealitySides {
  /** Source of the claimed figure (network total, GPUs). */
  claimed: string;
  /** Source of the rentable figure (network total, GPUs). */
  rentable: string;
  why: string;
}

export const REALITY_SIDES: Partial<Record<NetworkSlug, RealitySides>> = {
  ionet: {
    claimed: 'ionet-explorer-network',
    rentable: 'ionet-cloud-caas-availability',
    why: 'The explorer’s network total is the largest GPU count io.net publishes live; IO Cloud’s container availability is what an order can take now (its VM catalogue offers a subset of the same hardware, so the two are not added).',
  },
  akash: {
    claimed: 'akash-network-capacity',
    rentable: 'akash-gpu-prices',
    why: 'The network capacity endpoint is Akash’s own total of GPUs on online providers; rentable counts available GPUs of models with a current bid price.',
  },
  clore: {
    claimed: 'clore-marketplace',
    rentable: 'clore-marketplace',
    why: 'One marketplace listing gives both: every listed GPU, and those on offers that can be ordered now at a price.',
  },
  golem: {
    claimed: 'golem-online-runtime-stats',
    rentable: 'golem-online-offers',
    why: 'The stats backend counts GPU providers online; the offers listing is what a requestor can take at a price now.',
  },
  hyperbolic: {
    claimed: 'hyperbolic-marketplace',
    rentable: 'hyperbolic-marketplace',
    why: 'The marketplace lists every GPU on its machines and which of them are free at a price; its rental options are a second view of the same machines, not added.',
  },
  lium: {
    claimed: 'lium-executors',
    rentable: 'lium-executors',
    why: 'The executor list gives every GPU and the ones on executors that can be rented now.',
  },
  vastai: {
    claimed: 'vastai-gpu-metrics',
    rentable: 'vastai-bundles',
    why: 'Vast.ai’s GPU metrics count every listed GPU; the offer search is what can be ordered now at a listed price.',
  },
};

export function realitySides(network: string): RealitySides | null {
  return REALITY_SIDES[network as NetworkSlug] ?? null;
}

/** rentable ÷ claimed; null when either side is missing or the claim is not positive. */
export function realityRatio(claimed: number | null | undefined, rentable: number | null | undefined): number | null {
  if (claimed === null || claimed === undefined || rentable === null || rentable === undefined) return null;
  if (!(claimed > 0) || rentable < 0) return null;
  return rentable / claimed;
}
