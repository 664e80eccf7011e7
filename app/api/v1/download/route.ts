import { getDatabase } from '@/lib/db';
import { buildDownload } from '@/lib/api/download';
import { downloadParams } from '@/lib/api/params';
import { apiNow, cachedApiRoute, zip } from '@/lib/api/route';
import { publicOrigin } from '@/lib/public-origin';

/**
 * GET /api/v1/download?network=akash&range=7d or ?model=h100-sxm-80gb&range=30d: "Download all",
 * the CSVs of a view with metadata.json and README.txt, as a zip.
 */
export const GET = cachedApiRoute(async (request) => {
  const url = new URL(request.url);
  const params = downloadParams(url);
  const { db } = await getDatabase();
  const download = await buildDownload(db, params, { origin: publicOrigin(), now: apiNow() });
  return zip(request, download.bytes, download.filename);
});

// Reads the database on every request; never cached at build time.
export const dynamic = 'force-dynamic';
