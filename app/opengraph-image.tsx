import { connection } from 'next/server';
import { SOCIAL_IMAGE_SIZE, socialCardImage } from '@/components/social-card-image';
import { networksResponse } from '@/lib/api/responses';
import { overviewCard } from '@/lib/charts/social-card';
import { getDatabase } from '@/lib/db';
import { publicHost } from '@/lib/public-origin';
import { currentTime } from '@/lib/clock';

export const alt = 'Rentable: the largest GPU claims of DePIN networks against the GPUs rentable now';
export const size = SOCIAL_IMAGE_SIZE;
export const contentType = 'image/png';

/** The overview's preview: the largest claims against what can be rented now, from the database. */
export default async function OverviewImage() {
  // Figures change every scrape pass: drawn per request, never at build time.
  await connection();
  const host = publicHost();
  const { db } = await getDatabase();
  const now = currentTime();
  const { networks } = await networksResponse(db, now);
  return socialCardImage(overviewCard(networks, now), host);
}
