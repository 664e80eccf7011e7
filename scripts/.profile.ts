import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { networkFlags } from '../lib/analytics/flags';
import { readFlags, readReality, readDependability, readCostClaims } from '../lib/queries/analytics';
import { readObservations } from '../lib/queries/observations';
import { readWindow } from '../lib/queries/window';
import { viewStateSchema } from '../lib/view-state';
import { NETWORKS } from '../lib/networks';
const handle = await openDatabase({ driver: 'pglite', dataDir: process.argv[2]!, thread: (process.argv[3] as 'main') ?? 'main' });
const db = handle.db;
const t = async <T>(label: string, f: () => Promise<T>) => { const t0 = performance.now(); const r = await f(); console.log(label.padEnd(40), (performance.now() - t0).toFixed(0), 'ms'); return r; };
const now = new Date(Math.floor(Date.now() / 60000) * 60000);
const r = await db.execute(sql`select count(*) from scrape_runs`); console.log(r);
for (const range of ['24h', '30d', 'all'] as const) {
  const window = await readWindow(db, viewStateSchema.parse({ range }), now);
  console.log(range, window.from.toISOString(), window.resolution);
  const networks = NETWORKS.filter((n) => n.kind !== 'cloud').map((n) => n.slug);
  const obs = await t('  readObservations', () => readObservations(db, { from: window.from, to: window.to, networks }));
  console.log('  series', obs.networks.map((n) => `${n.network}:${n.claims.length}c/${n.supply.length}s/${n.claims[0]?.points.length ?? n.supply[0]?.points.length}`).join(' '));
  await t('  rules', async () => obs.networks.flatMap((i) => networkFlags(i, DEFAULT_THRESHOLDS)));
  await t('  readFlags', () => readFlags(db, window, DEFAULT_THRESHOLDS));
  await t('  readReality', () => readReality(db, window, DEFAULT_THRESHOLDS));
  await t('  readDependability', () => readDependability(db, window, DEFAULT_THRESHOLDS));
  await t('  readCostClaims', () => readCostClaims(db, DEFAULT_THRESHOLDS));
}
await handle.close();
