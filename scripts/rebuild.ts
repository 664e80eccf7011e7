/**
 * Re-parses every stored snapshot with today's adapters (each run's responses in order, for a
 * source read in several requests) and reports, per source, what would change:
 * `npm run rebuild` (dry run) or `npm run rebuild -- --apply` (writes points, run
 * outcomes and rollups). Uses DATABASE_URL, or the embedded data folder (which must not be
 * open in another process: stop the app and worker first).
 */
import { openDatabase } from '../db/client';
import { configuredTarget } from '../lib/db';
import { applyRebuild, hasChanges, planRebuild, type RebuildTarget, type SourceRebuild } from '../lib/ingest/rebuild';
import { committedSources, HISTORY_SOURCES, SCRAPE_TARGETS } from '../lib/sources/registry';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--apply');
if (unknown.length > 0) {
  console.error(`unknown argument ${unknown.join(' ')}; usage: npm run rebuild [-- --apply]`);
  process.exit(2);
}
const apply = args.includes('--apply');

function formatSource(s: SourceRebuild): string {
  const stored = s.storedAdapterVersions.length ? s.storedAdapterVersions.map((v) => `v${v}`).join(',') : 'v?';
  return (
    `${s.sourceId.padEnd(32)}  runs ${s.runsExamined}  +${s.added} ~${s.changed} -${s.removed}  ` +
    `flips ${s.flips.length}  (adapter ${stored}→v${s.currentAdapterVersion})`
  );
}

function details(s: SourceRebuild): string[] {
  const lines = s.flips.map(
    (f) => `    run ${f.runId} at ${f.observedAt.toISOString()}: ${f.from}→${f.to}${f.error ? `: ${f.error}` : ''}`,
  );
  if (s.fetchFailuresSkipped > 0) lines.push(`    ${s.fetchFailuresSkipped} failed fetches (an HTTP error or no response on one of their requests) not re-parsed`);
  if (s.historyImportsNowReadable > 0) {
    lines.push(`    ${s.historyImportsNowReadable} failed history imports now parse: npm run backfill imports their dates`);
  }
  return lines;
}

const targets: RebuildTarget[] = [...SCRAPE_TARGETS, ...HISTORY_SOURCES, ...committedSources()];
const handle = await openDatabase(configuredTarget()).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
const started = performance.now();
try {
  const plan = await planRebuild(handle.db, targets);
  for (const source of plan.sources) {
    console.log(formatSource(source));
    for (const line of details(source)) console.log(line);
  }
  for (const s of plan.skipped) console.log(`${s.sourceId.padEnd(32)}  runs ${s.runs}  skipped: no adapter for this source`);
  const toWrite = plan.sources.filter(hasChanges);
  const runs = toWrite.reduce((sum, s) => sum + s.runsToWrite, 0);
  console.log(`${runs} runs to rewrite in ${toWrite.length} of ${plan.sources.length} sources (${handle.description})`);
  if (!apply) {
    console.log('dry run: nothing written; rerun with --apply');
  } else {
    const result = await applyRebuild(handle.db, targets, plan);
    for (const s of result.sources) console.log(`wrote ${s.runsToWrite} runs of ${s.sourceId}`);
    if (result.rollupsRecomputed.length) console.log(`rollups recomputed: ${result.rollupsRecomputed.join(', ')}`);
    console.log(`written in ${Math.round(performance.now() - started)} ms`);
    console.log('applied');
  }
} finally {
  await handle.close();
}
