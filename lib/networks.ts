/** Every network Rentable tracks, by stable slug. Kept in code and synced to the database. */

export type NetworkKind = 'depin' | 'marketplace' | 'cloud';

export interface Network {
  slug: string;
  name: string;
  kind: NetworkKind;
  website: string;
}

export const NETWORKS = [
  { slug: 'ionet', name: 'io.net', kind: 'depin', website: 'https://io.net' },
  { slug: 'akash', name: 'Akash Network', kind: 'depin', website: 'https://akash.network' },
  { slug: 'render', name: 'Render Network', kind: 'depin', website: 'https://rendernetwork.com' },
  { slug: 'aethir', name: 'Aethir', kind: 'depin', website: 'https://aethir.com' },
  { slug: 'nosana', name: 'Nosana', kind: 'depin', website: 'https://nosana.com' },
  { slug: 'spheron', name: 'Spheron', kind: 'depin', website: 'https://spheron.network' },
  { slug: 'clore', name: 'Clore.ai', kind: 'depin', website: 'https://clore.ai' },
  { slug: 'hyperbolic', name: 'Hyperbolic', kind: 'depin', website: 'https://hyperbolic.xyz' },
  { slug: 'golem', name: 'Golem Network', kind: 'depin', website: 'https://golem.network' },
  { slug: 'lium', name: 'Lium (Bittensor SN51)', kind: 'depin', website: 'https://lium.io' },
  { slug: 'fluence', name: 'Fluence', kind: 'depin', website: 'https://fluence.network' },
  // Reference markets, not DePIN: shown for comparison and marked as such.
  { slug: 'vastai', name: 'Vast.ai', kind: 'marketplace', website: 'https://vast.ai' },
  { slug: 'aws', name: 'AWS EC2 (on-demand, us-east-1)', kind: 'cloud', website: 'https://aws.amazon.com/ec2/pricing/on-demand/' },
] as const satisfies readonly Network[];

export type NetworkSlug = (typeof NETWORKS)[number]['slug'];

export function findNetwork(slug: string): Network | undefined {
  return NETWORKS.find((n) => n.slug === slug);
}
