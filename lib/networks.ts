/** Every network Rentable tracks, by stable slug. Kept in code and synced to the database. */

export type NetworkKind = 'depin' | 'marketplace' | 'cloud';

export interface Network {
  slug: string;
  name: string;
  kind: NetworkKind;
  website: string;
}

export const NETWORKS = [
  { slug: 'akash', name: 'Akash Network', kind: 'depin', website: 'https://akash.network' },
] as const satisfies readonly Network[];

export type NetworkSlug = (typeof NETWORKS)[number]['slug'];

export function findNetwork(slug: string): Network | undefined {
  return NETWORKS.find((n) => n.slug === slug);
}
