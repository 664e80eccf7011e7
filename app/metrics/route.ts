/**
 * GET /metrics: Prometheus text, for the web process. The scheduler that `npm start` runs in this
 * process (lib/boot.ts) counts into the same registry (it lives on globalThis: lib/metrics.ts).
 * Behind `Authorization: Bearer $METRICS_TOKEN` when that is set.
 */
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db';
import { metricsResponse } from '@/lib/metrics-exposition';

// A database that cannot open now still lets the process's own metrics answer.
export const GET = apiRoute(async (request) => metricsResponse(request, () => getDatabase().catch(() => null)));

// Counters move between scrapes: never rendered at build time.
export const dynamic = 'force-dynamic';
