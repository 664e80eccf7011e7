import { openDatabase } from '../db/client';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { readFlags } from '../lib/queries/analytics';
const handle = await openDatabase({ driver: 'pglite', dataDir: process.argv[2]!, thread: 'main' });
const db = handle.db;
const now = Date.now();
for (const d of [1, 1, 1, 7, 7, 30, 30]) for (const network of [undefined, 'ionet']) {
  const t0 = performance.now();
  await readFlags(db, { from: new Date(now - d * 86400000), to: new Date(now), resolution: 'day' }, DEFAULT_THRESHOLDS, network);
  console.log(d, network, (performance.now() - t0).toFixed(0));
}
await handle.close();
