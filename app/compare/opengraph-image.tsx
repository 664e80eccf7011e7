import { connection } from 'next/server';
import { SOCIAL_IMAGE_SIZE, socialCardImage } from '@/components/social-card-image';
import { modelSupplyResponse, pricesResponse } from '@/lib/api/responses';
import { comparisonRows } from '@/lib/charts/compare';
import { compareCard } from '@/lib/charts/social-card';
import { getDatabase } from '@/lib/db';
import { gpuModelLabel } from '@/lib/gpu-models';
import { publicHost } from '@/lib/public-origin';
import { DEFAULT_VIEW } from '@/lib/view-state';
import { COMPARE_SUPPLY_STATUSES, DEFAULT_COMPARE_MODEL } from './search-params';
import { currentTime } from '@/lib/clock';

export const alt = 'Rentable: one GPU model across networks, rentable now and price per GPU-hour against AWS';
export const size = SOCIAL_IMAGE_SIZE;
export const contentType = 'image/png';

/**
 * The comparison's preview. An image route sees no query string, so it draws the view the
 * page opens on: the default model over the default range.
 */
export default async function CompareImage() {
  // Figures change every scrape pass: drawn per request, never at build time.
  await connection();
  const host = publicHost();
  const { db } = await getDatabase();
  const now = currentTime();
  const view = { ...DEFAULT_VIEW, model: DEFAULT_COMPARE_MODEL };
  const [supply, prices] = await Promise.all([
    modelSupplyResponse(db, { statuses: COMPARE_SUPPLY_STATUSES, view, now }),
    pricesResponse(db, { view, now }),
  ]);
  return socialCardImage(compareCard(gpuModelLabel(DEFAULT_COMPARE_MODEL), comparisonRows(supply, prices), now), host);
}
