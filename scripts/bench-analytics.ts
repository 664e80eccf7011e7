/**
 * `npm run bench:analytics [-- --dir <PGlite folder>] [-- --days 30]`: what the flags, the
 * reality league and dependability cost per request, computed on the request (as every request
 * did before they were stored) and read from their stored state (lib/queries/analytics-state.ts),
 * and what refreshing the state costs the scraping process once per pass. On the history of
 * scripts/bench-history.ts: a kept folder (`bench:http`'s BENCH_DATA_DIR, with its
 * bench-http.json) or, without one, `--days` days loaded into a new temporary folder. The
 * database runs in its own thread, as in the server. `--custom-only`: the custom windows alone.
 * Figures, not assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '../db/client';
import { selectRows } from '../db/rows';
import { DEFAULT_THRESHOLDS } from '../lib/analytics/thresholds';
import { currentTime, currentTimeMs } from '../lib/clock';
import { readDependability, readFlags, readReality } from '../lib/queries/analytics';
import { readFlagsState, readRealityState, refreshAnalyticsStates } from '../lib/queries/analytics-state';
import { CUSTOM_MAX_RUNS_PER_SOURCE } from '../lib/queries/observations';
import { readWindow } from '../lib/queries/window';
import { RANGE_PRESETS, viewStateSchema } from '../lib/view-state';
import { DAY, startBenchHistory } from './bench-history';
import { startReplayServer } from './replay-server';

const { values: args } = parseArgs({ options: { dir: { type: 'string' }, days: { type: 'string', default: '30' }, 'custom-only': { type: 'boolean', default: false } } });
const days = Number(args.days);
if (!Number.isInteger(days) || days < 2) throw new Error('--days: a whole number of days, at least 2');

const kept = args.dir ? path.resolve(args.dir) : null;
const folder = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rentable-bench-analytics-'));
const marker = path.join(folder, 'bench-http.json');
const handle = await openDatabase({ driver: 'pglite', dataDir: folder });
try {
  if (fs.existsSync(marker)) {
    console.log(`PGlite: ${folder} (${fs.readFileSync(marker, 'utf8').trim()})`);
  } else {
    const replay = await startReplayServer();
    try {
      const today = Math.floor(currentTimeMs() / DAY) * DAY;
      const history = await startBenchHistory(handle.db, replay, today - (days - 1) * DAY);
      await history.loadDays(today - (days - 1) * DAY, today + DAY, `history of ${days} days`);
    } finally {
      await replay.close();
    }
    if (kept) fs.writeFileSync(marker, JSON.stringify({ days, loadedAt: currentTime().toISOString() }));
  }
  const [counts] = await selectRows(handle.db, sql`select count(*) as runs, min(observed_at)::text as first from scrape_runs`, z.object({ runs: z.coerce.number(), first: z.string() }));
  console.log(`${counts?.runs.toLocaleString('en-US')} scrape runs from ${counts?.first}; database in its own thread, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`);

  const db = handle.db;
  const now = currentTime();
  const view = (range: string, extra: Record<string, string> = {}) => viewStateSchema.parse({ range, ...extra });
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  const row = (label: string, figures: number[]) => console.log(`${label.padEnd(44)}${figures.map((f) => f.toFixed(0).padStart(10)).join('')}`);

  if (!args['custom-only']) {
  console.log(`\ncomputed on the request (before): ms, first call then second`);
  console.log(`${''.padEnd(44)}${'flags 1st'.padStart(10)}${'2nd'.padStart(10)}${'reality 1st'.padStart(12)}${'2nd'.padStart(8)}`);
  for (const range of RANGE_PRESETS) {
    const window = await readWindow(db, view(range), now);
    const flags = [await time(() => readFlags(db, window, DEFAULT_THRESHOLDS)), await time(() => readFlags(db, window, DEFAULT_THRESHOLDS))];
    const derived = () => Promise.all([readReality(db, window, DEFAULT_THRESHOLDS), readDependability(db, window, DEFAULT_THRESHOLDS)]);
    row(`range=${range}`, [...flags, await time(derived), await time(derived)]);
  }

  console.log(`\nonce per pass, in the scraping process (every preset's flags, league and dependability)`);
  const refreshed = await refreshAnalyticsStates(db, { now, thresholds: DEFAULT_THRESHOLDS });
  console.log(`refresh: ${refreshed.states} states in ${refreshed.ms.toFixed(0)} ms`);

  console.log(`\nread from the stored state (after): ms, first call then median of 10`);
  console.log(`${''.padEnd(44)}${'flags 1st'.padStart(10)}${'median'.padStart(10)}${'reality 1st'.padStart(12)}${'median'.padStart(8)}`);
  const median = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await time(run));
    return times.sort((a, b) => a - b)[5] ?? 0;
  };
  for (const range of RANGE_PRESETS) {
    const flags = () => readFlagsState(db, view(range), now, DEFAULT_THRESHOLDS);
    const derived = () => readRealityState(db, view(range), now, DEFAULT_THRESHOLDS);
    row(`range=${range}`, [await time(flags), await median(flags), await time(derived), await median(derived)]);
  }
  const ionet = () => readFlagsState(db, view('all'), now, DEFAULT_THRESHOLDS, 'ionet');
  row('range=all, network=ionet', [await time(ionet), await median(ionet)]);
  }

  console.log(`\ncustom windows, computed on the request (flags: at most ${CUSTOM_MAX_RUNS_PER_SOURCE / 144} days of runs a source): ms, first call then second`);
  for (const spanDays of [1, 7, 14, 90, 365]) {
    const custom = view('custom', { from: new Date(now.getTime() - spanDays * DAY).toISOString(), to: now.toISOString() });
    const flags = () => readFlagsState(db, custom, now, DEFAULT_THRESHOLDS);
    const derived = () => readRealityState(db, custom, now, DEFAULT_THRESHOLDS);
    row(`custom, ${spanDays} days`, [await time(flags), await time(flags), await time(derived), await time(derived)]);
  }
} finally {
  await handle.close();
  if (!kept) fs.rmSync(folder, { recursive: true, force: true });
}
