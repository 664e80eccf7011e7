import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { SOCIAL_IMAGE_SIZE, socialCardImage } from '@/components/social-card-image';
import { networkCard } from '@/lib/charts/social-card';
import { getDatabase } from '@/lib/db';
import { findNetwork } from '@/lib/networks';
import { readNetworkSummaries } from '@/lib/queries/network-summary';
import { publicHost } from '@/lib/public-origin';
import { currentTime } from '@/lib/clock';

export const alt = 'Rentable: a network’s largest claim, free and rentable GPUs, and its reality ratio';
export const size = SOCIAL_IMAGE_SIZE;
export const contentType = 'image/png';

/** A network page's preview: the same headline figures the page opens on. */
export default async function NetworkImage({ params }: { params: Promise<{ slug: string }> }) {
  // Figures change every scrape pass: drawn per request, never at build time.
  await connection();
  const network = findNetwork((await params).slug);
  if (!network) notFound();
  const host = publicHost();
  const { db } = await getDatabase();
  const now = currentTime();
  const summaries = await readNetworkSummaries(db, now);
  return socialCardImage(networkCard(network, summaries.find((s) => s.slug === network.slug), now), host);
}
