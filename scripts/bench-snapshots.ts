/**
 * `npm run bench:snapshots [-- --passes 144 --changed 0.1 --drift 0.05 --db pglite|postgres|both]`:
 * what raw snapshots cost stored as zstd chains (db/snapshot-store.ts), and how fast one is read
 * back. Every JSON recording is replayed as a stream of `passes` snapshots in two ways: a random
 * walk (each count and price moves by up to ±drift with probability `changed` a pass, as
 * upstream figures do between 10-minute scrapes) and bench:storage's harsher drift (every figure
 * moved afresh every pass). Prints stored bytes per layout (gzip alone as before 0007, zstd alone,
 * chains at several keyframe intervals and levels), then stores the walk through the real store
 * and times reads of every snapshot in random order: readSnapshot and GET /api/v1/snapshots/<sha256>.
 * Not part of CI; figures, not assertions.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { Encoder } from '@toondepauw/node-zstd';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { KEYFRAME_INTERVAL, readSnapshot, sha256Hex, storeSnapshot, ZSTD_LEVEL } from '../db/snapshot-store';
import { createPostgresDatabase } from '../db/test-databases';
import { GET as getSnapshot } from '../app/api/v1/snapshots/[sha256]/route';
// Renamed: not a React hook, whatever the lint rule reads into the `use` prefix.
import { useDatabase as makeProcessDatabase } from '../lib/db';
import { listRecordedNetworks, readManifest, readRecording } from '../lib/sources/recordings';
import { moveFigures, nudge, parseJson, random } from './payload-drift';

const { values: args } = parseArgs({
  options: {
    passes: { type: 'string', default: '144' },
    changed: { type: 'string', default: '0.1' },
    drift: { type: 'string', default: '0.05' },
    db: { type: 'string', default: 'pglite' },
  },
});
const passes = Number(args.passes);
const changed = Number(args.changed);
const drift = Number(args.drift);
if (!Number.isInteger(passes) || passes < 2) throw new Error('--passes: a whole number of at least 2');
if (!(changed >= 0 && changed <= 1)) throw new Error('--changed: a fraction from 0 to 1');
if (!(drift >= 0 && drift < 0.5)) throw new Error('--drift: a fraction from 0 to 0.5');
const kinds = args.db === 'both' ? ['pglite', 'postgres'] : [args.db];
if (!kinds.every((k) => k === 'pglite' || k === 'postgres')) throw new Error('--db: pglite, postgres or both');

interface Stream {
  name: string;
  bodies: Uint8Array[];
}

/** Each JSON recording as `passes` snapshots, its figures moving as `mode` says. */
function streams(mode: 'walk' | 'afresh'): Stream[] {
  const next = random(20_261_203);
  const encoder = new TextEncoder();
  const out: Stream[] = [];
  for (const network of listRecordedNetworks()) {
    for (const recording of readManifest(network).recordings) {
      const recorded = parseJson(readRecording(network, recording.file));
      if (recorded === undefined) continue;
      let document: unknown = recorded;
      const bodies: Uint8Array[] = [];
      for (let pass = 0; pass < passes; pass++) {
        document =
          mode === 'walk'
            ? moveFigures(document, (value) => (next() < changed ? nudge(value, next, drift) : value))
            : moveFigures(recorded, (value) => nudge(value, next, drift));
        bodies.push(encoder.encode(JSON.stringify(document)));
      }
      out.push({ name: `${network}/${recording.path}`, bodies });
    }
  }
  return out;
}

const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Stored bytes of a stream as chains: each body compressed with the previous one as dictionary, a keyframe every `interval`. */
function chainBytes(bodies: readonly Uint8Array[], interval: number, level: number): number {
  let total = 0;
  let previous: Uint8Array | null = null;
  let depth = 0;
  const seen = new Set<string>();
  for (const body of bodies) {
    const sha = sha256Hex(body);
    if (seen.has(sha)) continue;
    seen.add(sha);
    const keyframe = previous === null || depth + 1 >= interval;
    const encoder: Encoder = keyframe || !previous ? new Encoder(level) : new Encoder(level, buffer(previous));
    total += encoder.encodeSync(buffer(body)).byteLength;
    depth = keyframe ? 0 : depth + 1;
    previous = body;
  }
  return total;
}

function distinct(bodies: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const body of bodies) seen.set(sha256Hex(body), body);
  return [...seen.values()];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(8)} KiB`;
const ratio = (raw: number, stored: number) => `${(raw / stored).toFixed(1).padStart(6)}×`;

function compression(mode: 'walk' | 'afresh'): Stream[] {
  const all = streams(mode);
  const bodies = all.flatMap((s) => distinct(s.bodies));
  const raw = bodies.reduce((sum, b) => sum + b.byteLength, 0);
  const rows: [string, number][] = [
    ['gzip -6 alone (before 0009)', bodies.reduce((sum, b) => sum + gzipSync(b, { level: 6 }).byteLength, 0)],
    [`zstd -${ZSTD_LEVEL} alone`, bodies.reduce((sum, b) => sum + new Encoder(ZSTD_LEVEL).encodeSync(buffer(b)).byteLength, 0)],
  ];
  const started = performance.now();
  const shipped = all.reduce((sum, s) => sum + chainBytes(s.bodies, KEYFRAME_INTERVAL, ZSTD_LEVEL), 0);
  const msEach = (performance.now() - started) / bodies.length;
  for (const interval of [8, 16, 64]) rows.push([`chain, keyframe every ${interval}, -${ZSTD_LEVEL}`, all.reduce((sum, s) => sum + chainBytes(s.bodies, interval, ZSTD_LEVEL), 0)]);
  rows.push([`chain, keyframe every ${KEYFRAME_INTERVAL}, -${ZSTD_LEVEL} (shipped)`, shipped]);
  for (const level of [3, 19]) rows.push([`chain, keyframe every ${KEYFRAME_INTERVAL}, -${level}`, all.reduce((sum, s) => sum + chainBytes(s.bodies, KEYFRAME_INTERVAL, level), 0)]);
  const label = mode === 'walk' ? `random walk: ${changed * 100}% of figures move ±${drift * 100}% a pass` : `every figure moved afresh ±${drift * 100}% every pass (bench:storage's drift)`;
  console.log(`\n${label}: ${all.length} streams × ${passes} passes, ${bodies.length.toLocaleString('en-US')} distinct snapshots, ${kib(raw).trim()} as fetched`);
  for (const [name, stored] of rows) console.log(`  ${name.padEnd(44)} ${kib(stored)} ${ratio(raw, stored)}`);
  console.log(`  compressing one snapshot into its chain: ${msEach.toFixed(2)} ms (encoder with dictionary included)`);
  return all;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function reads(kind: 'pglite' | 'postgres', all: readonly Stream[]): Promise<void> {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | null = null;
  if (kind === 'pglite') {
    handle = await openDatabase({ driver: 'pglite', dataDir: null });
  } else {
    const database = await createPostgresDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    drop = database.drop;
    handle = await openDatabase({ driver: 'postgres', url: database.url });
  }
  try {
    const start = Date.UTC(2026, 10, 1);
    let stored = 0;
    const storeStarted = performance.now();
    for (let pass = 0; pass < passes; pass++) {
      for (const stream of all) {
        const bytes = stream.bodies[pass];
        if (!bytes) continue;
        const snapshot = { sha256: sha256Hex(bytes), bytes, contentType: 'application/json', firstFetchedAt: new Date(start + pass * 600_000), stream: { sourceId: stream.name, requestSeq: 0 } };
        await handle.db.transaction((tx) => storeSnapshot(tx, snapshot));
        stored++;
      }
    }
    const storeMs = (performance.now() - storeStarted) / stored;
    const sizes = (await handle.db.execute(sql`select pg_total_relation_size('raw_snapshots')::float8 as total, count(*)::int as rows, sum(octet_length(stored_bytes))::float8 as bodies, sum(size_bytes)::float8 as raw from raw_snapshots`)) as unknown as {
      rows: { total: number; rows: number; bodies: number; raw: number }[];
    };
    const size = sizes.rows[0];
    const shas = [...new Set(all.flatMap((s) => s.bodies.map((b) => sha256Hex(b))))];
    const next = random(7);
    for (let i = shas.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shas[i], shas[j]] = [shas[j] ?? '', shas[i] ?? ''];
    }
    const timed = async (read: (sha: string) => Promise<void>): Promise<number[]> => {
      const times: number[] = [];
      for (const sha of shas) {
        const t = performance.now();
        await read(sha);
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b);
    };
    const direct = await timed(async (sha) => {
      const bytes = await readSnapshot(handle.db, sha);
      if (!bytes || sha256Hex(bytes) !== sha) throw new Error(`snapshot ${sha} did not come back`);
    });
    makeProcessDatabase(handle);
    const api = await timed(async (sha) => {
      const response = await getSnapshot(new Request(`http://rentable.test/api/v1/snapshots/${sha}`), { params: Promise.resolve({ sha256: sha }) });
      if (response.status !== 200) throw new Error(`GET ${sha}: ${response.status}`);
      await response.arrayBuffer();
    });
    const line = (name: string, t: number[]) =>
      `  ${name.padEnd(34)} p50 ${percentile(t, 0.5).toFixed(2)} ms, p95 ${percentile(t, 0.95).toFixed(2)} ms, max ${percentile(t, 1).toFixed(2)} ms`;
    console.log(`\n${kind}: ${size?.rows.toLocaleString('en-US')} snapshots stored through storeSnapshot (${storeMs.toFixed(2)} ms each, a transaction each)`);
    console.log(`  raw_snapshots: ${kib(size?.total ?? 0).trim()} on disk with indexes and TOAST, bodies ${kib(size?.bodies ?? 0).trim()}, ${kib(size?.raw ?? 0).trim()} as fetched`);
    console.log(line('readSnapshot (random order)', direct));
    console.log(line('GET /api/v1/snapshots/<sha256>', api));
  } finally {
    await handle.close();
    await drop?.();
  }
}

const walk = compression('walk');
compression('afresh');
for (const kind of kinds) await reads(kind as 'pglite' | 'postgres', walk);
