/**
 * `npx tsx scripts/bench-events.ts`: how long event detection after a pass takes on the
 * embedded database with a full detection window behind it: a week (EVENT_LOOKBACK_MS) of
 * runs every 10 minutes for 15 network sources, each run writing its network totals and five
 * models' rentable figures (about 120k supply points), 1 % of runs failed. Prints the figures of the
 * first pipeline run (stores every event of the window) and of the next ones (stores nothing).
 * Figures, not assertions: speed is proven here, never by timed tests.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '../db/client';
import { insertSupplyPacksFrom } from '../db/point-packs';
import { selectRows } from '../db/rows';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { runEventPipeline, EVENT_LOOKBACK_MS } from '../lib/events/pipeline';
import { syncRegistry } from '../lib/ingest/sync-registry';
import { SCRAPE_TARGETS } from '../lib/sources/registry';

const handle = await openDatabase({ driver: 'pglite', dataDir: null });
try {
  await syncRegistry(handle.db, SCRAPE_TARGETS);
  const to = new Date(Date.UTC(2026, 10, 24));
  const from = new Date(to.getTime() - EVENT_LOOKBACK_MS);
  const t0 = performance.now();
  // Deterministic "noise" from the run's position, so every run of the bench builds the same history.
  await handle.db.execute(sql`
    insert into scrape_runs (source_id, network_slug, observed_at, started_at, duration_ms, request_url, outcome, adapter_version, evidence_grade, origin)
    select s.id, s.network_slug, t, t, 100, 'bench', case when (extract(epoch from t)::bigint / 600 + length(s.id)) % 100 = 0 then 'failed' else 'ok' end, 1, 'official-api', 'live'
    from (select id, network_slug from sources where network_slug is not null and network_slug <> 'aws' order by id limit 15) s,
         generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, interval '10 minutes') t`);
  await insertSupplyPacksFrom(
    handle.db,
    sql`
      select r.id as scrape_run_id, r.source_id, r.network_slug, r.observed_at, f.gpu_model, f.status, 'gpus' as unit,
             round(f.base * (1 + 0.2 * sin(extract(epoch from r.observed_at) / 86400 + length(r.source_id)))) as quantity
      from scrape_runs r,
           (values ('all', 'claimed', 20000), ('all', 'free', 5000), ('all', 'rentable', 400),
                   ('h100-sxm-80gb', 'rentable', 80), ('a100-80gb', 'rentable', 80), ('rtx-4090', 'rentable', 80),
                   ('l40s', 'rentable', 80), ('rtx-3090', 'rentable', 80)) f(gpu_model, status, base)
      where r.outcome = 'ok' and r.request_url = 'bench'`,
  );
  await handle.db.execute(sql`
    insert into series_rollups (resolution, bucket_start, source_id, network_slug, gpu_model, metric, unit, samples, sum, min, max, last, last_observed_at, last_run_id)
    select 'day', date_trunc('day', observed_at), source_id, min(network_slug), 'all', status, 'gpus', count(*), sum(quantity), min(quantity), max(quantity),
           max(quantity), max(observed_at), max(scrape_run_id)
    from supply_points where gpu_model = 'all' group by date_trunc('day', observed_at), source_id, status`);
  const [counts] = await selectRows(
    handle.db,
    sql`select (select count(*) from scrape_runs) as runs, (select count(*) from supply_points) as points`,
    z.object({ runs: z.coerce.number(), points: z.coerce.number() }),
  );
  console.log(`database: ${handle.description}`);
  console.log(`${`loaded ${counts?.runs} runs and ${counts?.points} supply points (a week, 15 sources)`.padEnd(70)} ${(performance.now() - t0).toFixed(0).padStart(8)} ms`);
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    // The first run has no cursor and reads the whole lookback; the next ones are the after-pass case, ten minutes later each.
    const now = new Date(to.getTime() + i * 600_000);
    const result = await runEventPipeline(handle.db, { now, thresholds: DEFAULT_THRESHOLDS, webhookUrls: ['https://receiver.example/hook'] });
    const label = `event pipeline ${i === 0 ? 'first run (no cursor)' : `after a pass (${i})`}: ${result.detected} detected, ${result.inserted.length} stored`;
    console.log(`${label.padEnd(70)} ${(performance.now() - started).toFixed(0).padStart(8)} ms`);
  }
} finally {
  await handle.close();
}
