import { z } from 'zod';
import { thresholds } from '@/lib/analytics/config';
import { getDatabase } from '@/lib/db';
import { flagsCsv } from '@/lib/api/flags-csv';
import { rejectUnknown } from '@/lib/api/params';
import { networkSlugSchema } from '@/lib/api/responses';
import { apiNow, apiRoute, csv, json } from '@/lib/api/route';
import { NotFoundError } from '@/lib/api/errors';
import { findNetwork } from '@/lib/networks';
import { readFlags } from '@/lib/queries/analytics';
import { parseParams, parseViewState, resolveWindow, searchParamsRecord } from '@/lib/view-state';

/** GET /api/v1/flags?range=30d[&network=ionet][&format=csv]: suspicious claims, each with the points that raised it. */
export const GET = apiRoute(async (request) => {
  const url = new URL(request.url);
  rejectUnknown(url, ['network', 'format', 'range', 'from', 'to', 'resolution']);
  const own = parseParams(
    z.object({ network: networkSlugSchema.optional(), format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json') }),
    Object.fromEntries(Object.entries(searchParamsRecord(url.searchParams)).filter(([k]) => k === 'network' || k === 'format')),
  );
  if (own.network && !findNetwork(own.network)) throw new NotFoundError(`no network ${own.network}`);
  const view = parseViewState({ range: '30d', ...searchParamsRecord(url.searchParams) });
  const window = resolveWindow(view, apiNow());
  const { db } = await getDatabase();
  const report = await readFlags(db, window, thresholds(), own.network);
  if (own.format === 'csv') {
    return csv(request, flagsCsv(report.flags), `rentable-flags-${own.network ?? 'all-networks'}-${window.from.toISOString().slice(0, 10)}_${window.to.toISOString().slice(0, 10)}.csv`);
  }
  return json(request, { window: { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution }, ...report });
});

export const dynamic = 'force-dynamic';
