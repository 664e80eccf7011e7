import { connection } from 'next/server';
import { SOCIAL_IMAGE_SIZE, socialCardImage } from '@/components/social-card-image';
import { INDEX_MODELS } from '@/lib/analytics/gpu-index';
import { indexHeadlineBody } from '@/lib/api/gpu-index';
import { indexCard } from '@/lib/charts/social-card';
import { getDatabase } from '@/lib/db';
import { gpuModelLabel } from '@/lib/gpu-models';
import { publicHost } from '@/lib/public-origin';
import { currentTime } from '@/lib/clock';

export const alt = 'Rentable: the open GPU index, DePIN rentable price per GPU-hour against AWS on-demand';
export const size = SOCIAL_IMAGE_SIZE;
export const contentType = 'image/png';

/** The index's preview: today's headline of every model, as the page's table shows it. */
export default async function IndexImage() {
  // Figures change every scrape pass: drawn per request, never at build time.
  await connection();
  const { db } = await getDatabase();
  const now = currentTime();
  const headlines = await Promise.all(INDEX_MODELS.map(async (model) => ({ model, label: gpuModelLabel(model), headline: await indexHeadlineBody(db, model, now) })));
  return socialCardImage(indexCard(headlines, now), publicHost());
}
