/**
 * The world misbehaving all at once, through the real fetch → parse → store path: one replay
 * where, in the same pass, io.net's explorer claims 9,007,199,254,740,991 GPUs, its market
 * snapshot prices an A100 at $1e9 an hour, Akash reports 100,000 free GPUs of 453, half of
 * Lium's executor records cannot be read, Render answers 503, Nosana sends a cut-off body, and
 * the scraper is killed (SIGKILL, no shutdown) while Akash's price list is still downloading.
 *
 * The same sources replayed cleanly into a second database give the truth. Against it, the
 * hostile database may differ only by gaps or by figures labelled stale: no chart value, no
 * ratio and no current figure takes a value the clean replay did not have at that time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { scrapeRuns, seriesRollups } from '@/db/schema';
import { childDatabaseKinds, testDatabaseKinds, type ChildDatabase } from '@/db/test-databases';
import { seedReplayedDatabase, type SeededDatabase } from '@/db/test-fixtures';
import type { ReplayServer } from '@/scripts/replay-server';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { readReality } from '../queries/analytics';
import { readNetworkSummaries, type CurrentFigure } from '../queries/network-summary';
import { readSeries, type Series } from '../queries/series';
import { SCRAPE_TARGETS } from '../sources/registry';
import type { RollupMetric } from '../vocabulary';
import { noRateLimit } from './rate-limiter';
import { runScrapePass, type SourceOutcome } from './scrape-pass';

const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 24, hour, minute));
/** Each pass serves another recorded day, so the figures move from pass to pass. */
const recordingsDay = (hour: number) => new Date(Date.UTC(2026, 10, 10 + hour));
const CLEAN_HOURS = [10, 11];
const HOSTILE_HOUR = 12;
const RECOVERY_HOUR = 13;
const window = { from: at(9), to: at(15), resolution: 'hour' as const };
const SLOW_SOURCE = 'akash-gpu-prices';
const METRICS: RollupMetric[] = ['claimed', 'free', 'rentable', 'price_min', 'price_p25', 'price_median'];

const recording = (network: string, file: string) =>
  fs.readFileSync(path.join(process.cwd(), 'lib', 'sources', 'recordings', network, file), 'utf8');

/** Every fault at once, on the recordings of the hostile hour's day. */
function hostileOverrides(server: ReplayServer): void {
  const day = recordingsDay(HOSTILE_HOUR).toISOString().slice(0, 10);
  const network = JSON.parse(recording('ionet', `sequence/network-${day}.json`)) as Record<string, number>;
  server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network', body: JSON.stringify({ ...network, total_gpu: Number.MAX_SAFE_INTEGER }) });

  const market = JSON.parse(recording('ionet', `sequence/market-snapshot-${day}.json`)) as { data: Record<string, unknown>[] };
  const a100 = market.data.findIndex((row) => String(row.hardware_name).includes('A100'));
  expect(a100).toBeGreaterThanOrEqual(0);
  market.data[a100] = { ...market.data[a100], price: 1e9, caas_price: 1e9 };
  server.setOverride({ network: 'ionet', path: '/v1/io-explorer/network/market-snapshot', body: JSON.stringify(market) });

  const capacity = JSON.parse(recording('akash', 'network-capacity.json')) as { resources: { gpu: Record<string, number> } };
  capacity.resources.gpu = { ...capacity.resources.gpu, available: 100_000 };
  server.setOverride({ network: 'akash', path: '/v1/network-capacity', body: JSON.stringify(capacity) });

  // Half the records unreadable: over the 20 % a run tolerates.
  const executors = JSON.parse(recording('lium', 'executors.json')) as Record<string, unknown>[];
  const halfBad = executors.map((e, i) => (i % 2 === 0 ? { ...e, machine_name: null, specs: {}, available_gpu_count: null } : e));
  server.setOverride({ network: 'lium', path: '/executors', body: JSON.stringify(halfBad) });

  server.setOverride({ network: 'render', path: '/api/nodes_and_frames', status: 503, body: 'Service Unavailable' });
  server.setOverride({ network: 'nosana', path: '/markets', body: recording('nosana', 'markets.json').slice(0, 200) });
  // Still downloading when the scraper dies.
  server.setOverride({ network: 'akash', path: '/v1/gpu-prices', file: 'gpu-prices.json', delayMs: 120_000 });
}

const kinds = childDatabaseKinds();

/** `npm run scrape -- --at <hour>` as a process, killed without warning once every other source has answered. */
async function crashMidPass(environment: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/scrape.ts', '--at', at(HOSTILE_HOUR).toISOString()], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const others = SCRAPE_TARGETS.length - 1;
  const until = performance.now() + 90_000;
  while (out.split('\n').filter((line) => /^\S+ +\S+/.test(line)).length < others) {
    if (child.exitCode !== null) throw new Error(`scrape exited early (${child.exitCode}): ${err}`);
    if (performance.now() > until) throw new Error(`timed out waiting for ${others} sources; stdout:\n${out}\nstderr:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return out;
}

const seriesKey = (s: Series) => `${s.sourceId}|${s.gpuModel}|${s.metric}|${s.unit}`;

async function chartValues(db: DatabaseHandle['db']): Promise<Map<string, Map<string, number | null>>> {
  const models = [...new Set((await db.selectDistinct({ gpuModel: seriesRollups.gpuModel }).from(seriesRollups)).map((r) => r.gpuModel))];
  const values = new Map<string, Map<string, number | null>>();
  for (const gpuModel of models) {
    for (const series of await readSeries(db, { gpuModel, metrics: METRICS, ...window })) {
      values.set(seriesKey(series), new Map(series.points.map((p) => [p.at, p.value])));
    }
  }
  return values;
}

async function ratios(db: DatabaseHandle['db']): Promise<Map<string, number | null>> {
  const report = await readReality(db, window, DEFAULT_THRESHOLDS);
  return new Map(report.series.flatMap((s) => s.points.map((p) => [`${s.network} ${p.at}`, p.ratio] as const)));
}

type FigureField = 'largestClaim' | 'largestClaimNodes' | 'free' | 'rentable';
const FIGURE_FIELDS: FigureField[] = ['largestClaim', 'largestClaimNodes', 'free', 'rentable'];
const FIELD_METRIC: Record<FigureField, { metric: RollupMetric; unit: string }> = {
  largestClaim: { metric: 'claimed', unit: 'gpus' },
  largestClaimNodes: { metric: 'claimed', unit: 'nodes' },
  free: { metric: 'free', unit: 'gpus' },
  rentable: { metric: 'rentable', unit: 'gpus' },
};
const sameObservation = (a: CurrentFigure | null | undefined, b: CurrentFigure | null | undefined) =>
  !!a && !!b && a.value === b.value && a.sourceId === b.sourceId && a.observedAt === b.observedAt;

describe.each(kinds)('a hostile replay on $name', (kind) => {
  let clean: SeededDatabase;
  let hostile: SeededDatabase;
  let database: ChildDatabase;
  let handle: DatabaseHandle;
  let crashOutput = '';
  let recovery: SourceOutcome[] = [];
  const pass = (seeded: SeededDatabase, db: DatabaseHandle['db'], hour: number) => {
    seeded.server.setClock(recordingsDay(hour));
    return runScrapePass(db, { targets: SCRAPE_TARGETS, at: at(hour), environment: seeded.server.environment(), attempts: 1, rateLimiter: noRateLimit, force: true });
  };

  beforeAll(async () => {
    const [memory] = testDatabaseKinds().filter((k) => k.name === kind.name);
    clean = await seedReplayedDatabase(memory!);
    for (const hour of [...CLEAN_HOURS, HOSTILE_HOUR, RECOVERY_HOUR]) await pass(clean, clean.handle.db, hour);

    database = await kind.create();
    hostile = await seedReplayedDatabase({ open: () => openDatabase(database.target) });
    for (const hour of CLEAN_HOURS) await pass(hostile, hostile.handle.db, hour);
    // The scraper is another process that owns the database while it runs (PGlite: one process per folder).
    await hostile.handle.close();
    hostile.server.setClock(recordingsDay(HOSTILE_HOUR));
    hostileOverrides(hostile.server);
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    delete inherited.RENTABLE_DATA_DIR;
    crashOutput = await crashMidPass({ ...inherited, ...hostile.server.environment(), ...database.environment, SCRAPE_TIMEOUT_MS: '60000' });
    hostile.server.clearOverrides();
    handle = await openDatabase(database.target);
    recovery = await pass(hostile, handle.db, RECOVERY_HOUR);
  }, 240_000);

  afterAll(async () => {
    await handle?.close();
    await hostile?.server.close();
    await database?.drop();
    await clean?.close();
  });

  it('turned every fault into a failed run with its reason, a rejected figure, or nothing stored', async () => {
    const runs = await handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.observedAt, at(HOSTILE_HOUR)));
    const bySource = new Map(runs.map((r) => [r.sourceId, r]));
    expect(bySource.get('lium-executors')).toMatchObject({ outcome: 'failed' });
    expect(bySource.get('lium-executors')?.error).toMatch(/records/);
    expect(bySource.get('render-nodes-and-frames')).toMatchObject({ outcome: 'failed', httpStatus: 503 });
    expect(bySource.get('nosana-markets')).toMatchObject({ outcome: 'failed' });
    const reasons = (sourceId: string) => (bySource.get(sourceId)?.rejections ?? []).map((r) => r.reason);
    expect(reasons('ionet-explorer-network')).toContain('claimed gpus above 2,000,000');
    expect(reasons('ionet-market-snapshot')).toContain('median price of a100-sxm-80gb above $100 per GPU-hour');
    expect(reasons('akash-network-capacity')).toEqual(['free gpus exceeds claimed in the same snapshot']);
    // Killed mid-download: no run at all, not a partial or failed one.
    expect(bySource.has(SLOW_SOURCE)).toBe(false);
    expect(crashOutput).not.toMatch(new RegExp(`^\\S+ +${SLOW_SOURCE}`, 'm'));
  });

  it('changes no chart value except into a gap', async () => {
    const truth = await chartValues(clean.handle.db);
    const seen = await chartValues(handle.db);
    const changed: string[] = [];
    let gaps = 0;
    for (const [key, points] of seen) {
      for (const [bucket, value] of points) {
        const expected = truth.get(key)?.get(bucket) ?? null;
        if (value === null) {
          if (expected !== null) gaps++;
        } else if (value !== expected) changed.push(`${key} at ${bucket}: ${value}, clean replay ${expected}`);
      }
    }
    expect(changed).toEqual([]);
    // Not vacuous: the faults made gaps, and the clean series are all there.
    expect(gaps).toBeGreaterThan(5);
    expect([...truth.keys()].filter((k) => !seen.has(k) && ![...truth.get(k)!.values()].every((v) => v === null))).toEqual([]);
    expect(seen.get('ionet-explorer-network|all|claimed|gpus')?.get(at(HOSTILE_HOUR).toISOString())).toBeNull();
    expect(seen.get('lium-executors|all|claimed|gpus')?.get(at(HOSTILE_HOUR).toISOString())).toBeNull();
    expect(seen.get(`${SLOW_SOURCE}|all|rentable|gpus`)?.get(at(HOSTILE_HOUR).toISOString())).toBeNull();
    // The clean hours are untouched.
    for (const hour of CLEAN_HOURS) {
      const bucket = at(hour).toISOString();
      for (const [key, points] of truth) expect(seen.get(key)?.get(bucket) ?? null, `${key} at ${bucket}`).toBe(points.get(bucket) ?? null);
    }
  });

  it('recovers on the next pass, except the source whose lease the crash left, which says so', async () => {
    const busy = recovery.filter((o) => o.outcome === 'busy');
    expect(busy.map((o) => o.sourceId)).toEqual([SLOW_SOURCE]);
    expect(busy[0]?.detail).toMatch(/^previous run still going: lease held by .+\/pid \d+\/\w+ until /);
    const truth = await chartValues(clean.handle.db);
    const seen = await chartValues(handle.db);
    const bucket = at(RECOVERY_HOUR).toISOString();
    for (const [key, points] of truth) {
      const expected = key.startsWith(`${SLOW_SOURCE}|`) ? null : (points.get(bucket) ?? null);
      expect(seen.get(key)?.get(bucket) ?? null, `${key} at ${bucket}`).toBe(expected);
    }
  });

  it('changes no reality ratio except into a gap', async () => {
    const truth = await ratios(clean.handle.db);
    const seen = await ratios(handle.db);
    const changed = [...seen].filter(([key, ratio]) => ratio !== null && ratio !== (truth.get(key) ?? null));
    expect(changed).toEqual([]);
    expect(seen.get(`ionet ${at(HOSTILE_HOUR).toISOString()}`)).toBeNull();
    expect(seen.get(`akash ${at(HOSTILE_HOUR).toISOString()}`)).toBeNull();
    expect(seen.get(`lium ${at(HOSTILE_HOUR).toISOString()}`)).toBeNull();
    expect(truth.get(`ionet ${at(HOSTILE_HOUR).toISOString()}`)).toBeGreaterThan(0);
  });

  it('changes no current figure except into a gap or a figure labelled stale, and no current ratio at all', async () => {
    const now = at(HOSTILE_HOUR, 5);
    const truth = await readNetworkSummaries(clean.handle.db, now);
    const seen = await readNetworkSummaries(handle.db, now);
    // What each source said an hour earlier, as the clean replay charts it.
    const cleanCharts = await chartValues(clean.handle.db);
    const saidEarlier = (figure: CurrentFigure, field: FigureField) =>
      cleanCharts.get(`${figure.sourceId}|all|${FIELD_METRIC[field].metric}|${FIELD_METRIC[field].unit}`)?.get(figure.observedAt) ?? null;
    const problems: string[] = [];
    let stale = 0;
    for (const summary of seen) {
      const expected = truth.find((s) => s.slug === summary.slug)!;
      for (const field of FIGURE_FIELDS) {
        const figure = summary[field];
        if (figure === null || sameObservation(figure, expected[field])) continue;
        // An older figure may stand in for a failed source or a rejected figure only as itself,
        // with its true age and band (a 10-minute source's hour-old figure is stale; an hourly
        // source's is still fresh).
        const previous = at(CLEAN_HOURS.at(-1)!);
        if (
          figure.observedAt === previous.toISOString() &&
          saidEarlier(figure, field) === figure.value &&
          figure.ageMinutes === 65 &&
          figure.freshness === (figure.freshForMinutes < 65 ? 'stale' : 'fresh')
        ) {
          if (figure.freshness === 'stale') stale++;
          continue;
        }
        problems.push(`${summary.slug} ${field}: ${figure.value} from ${figure.sourceId} at ${figure.observedAt} (${figure.freshness}), clean replay ${expected[field]?.value ?? null}`);
      }
      if (summary.realityRatio !== null && summary.realityRatio !== expected.realityRatio) {
        problems.push(`${summary.slug} ratio ${summary.realityRatio}, clean replay ${expected.realityRatio}`);
      }
    }
    expect(problems).toEqual([]);
    expect(stale).toBeGreaterThan(0);
    // io.net's claim is its explorer's hour-old figure, labelled stale, not the devices page's 69,415.
    const ionet = seen.find((s) => s.slug === 'ionet');
    expect(ionet?.largestClaim).toMatchObject({ sourceId: 'ionet-explorer-network', freshness: 'stale' });
    expect(ionet?.realityRatio).toBeNull();
    expect(truth.find((s) => s.slug === 'ionet')?.realityRatio).toBeGreaterThan(0);
  });

  it('leaves no run of the killed source and keeps every raw payload of the others', async () => {
    const slow = await handle.db
      .select({ id: scrapeRuns.id })
      .from(scrapeRuns)
      .where(and(eq(scrapeRuns.sourceId, SLOW_SOURCE), eq(scrapeRuns.observedAt, at(HOSTILE_HOUR))));
    expect(slow).toEqual([]);
    const failed = await handle.db.select().from(scrapeRuns).where(and(eq(scrapeRuns.observedAt, at(HOSTILE_HOUR)), eq(scrapeRuns.outcome, 'failed')));
    // Render's 503 body and the others are kept raw, traceable by sha256.
    expect(failed.filter((r) => r.sourceId !== 'render-nodes-and-frames').every((r) => /^[0-9a-f]{64}$/.test(r.snapshotSha256 ?? ''))).toBe(true);
  });
});
