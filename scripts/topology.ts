/**
 * The production topology on one machine: `npm run topology [-- --database-url postgres://…
 * --ports 3001,3002]`. One PostgreSQL database, one web process per port (`next start` on the
 * built app with SCRAPE_ENABLED=false: serve, never scrape) and one worker (`npm run worker`:
 * the scheduler and the daily history refresh). Put a load balancer in front of the ports.
 *
 * Every line a child prints is prefixed with its name. SIGTERM / SIGINT are passed once to each
 * child, which stops on its own (lib/ingest/shutdown.ts: abort the pass, release leases, close
 * the database, within 10 s); this script exits when they all have, with 143 / 130. A second
 * signal is passed on too, and the children exit at once. If a child exits by itself, the
 * others are stopped and this script exits 1, so a process manager restarts the whole set.
 *
 * It never builds: every web process must run the same build, made beforehand by `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { buildState, nextServerEnvironment, nextStartArguments } from './next-server';
import { parseTopologyOptions, TopologyOptionsError, TOPOLOGY_USAGE, type TopologyOptions } from './topology-options';
import { SHUTDOWN_BOUND_MS } from '../lib/ingest/shutdown';

/**
 * After the first signal, how long the children get before they are killed: their own bound
 * for the work, then five seconds each for releasing leases and closing the database, and a margin.
 */
const KILL_AFTER_MS = SHUTDOWN_BOUND_MS + 15_000;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNAL_EXIT_CODES;

interface Member {
  name: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function say(line: string): void {
  console.log(`[topology] ${line}`);
}

function options(): TopologyOptions {
  try {
    const parsed = parseTopologyOptions(process.argv.slice(2), process.env);
    if (parsed) return parsed;
    console.log(TOPOLOGY_USAGE);
    process.exit(0);
  } catch (error) {
    if (!(error instanceof TopologyOptionsError)) throw error;
    console.error(`[topology] ${error.message}`);
    process.exit(2);
  }
}

function relay(stream: Readable, prefix: string, to: NodeJS.WriteStream): void {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix}${line}\n`));
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, width: number): Member {
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and a child
  // that got SIGINT from the terminal and again from us would take it as the second signal.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `${name.padEnd(width)} | `;
  relay(child.stdout!, prefix, process.stdout);
  relay(child.stderr!, prefix, process.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, child, exited };
}

const config = options();
const state = buildState();
if (state === 'missing') {
  console.error(
    '[topology] no production build in .next: run `npm run build` first. The topology starts `next start` on the ' +
      'built app and never builds itself, so that every web process serves the same build.',
  );
  process.exit(2);
}
if (state === 'stale') say('warning: the code changed after the last build; the web processes serve the older build (run `npm run build`)');
if (!process.env.RENTABLE_PUBLIC_URL && config.ports.length > 1) {
  say('warning: RENTABLE_PUBLIC_URL is unset, so each web process writes absolute URLs with its own port; set it to the origin of your load balancer');
}

const shared = { DATABASE_URL: config.databaseUrl };
const names = [...config.ports.map((port) => `web-${port}`), 'worker'];
const width = Math.max(...names.map((n) => n.length));
const members: Member[] = config.ports.map((port) =>
  start(
    `web-${port}`,
    nextStartArguments(String(port), config.host),
    nextServerEnvironment({ ...shared, SCRAPE_ENABLED: 'false', PORT: String(port), HOST: config.host }),
    width,
  ),
);
// As `npm run worker` runs it: node with tsx's loader, which passes signals straight to the script.
members.push(start('worker', ['--import', 'tsx', 'scripts/worker.ts'], { ...process.env, ...shared }, width));
say(`web on ${config.ports.map((p) => `http://${config.host}:${p}`).join(', ')} (SCRAPE_ENABLED=false), one worker; PostgreSQL at ${new URL(config.databaseUrl).host}`);

// Spare children a stray parent: if this script dies of an error, they are told to stop.
process.on('exit', () => {
  for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGTERM');
});

let stopping: Promise<void> | null = null;
let exitCode = 0;
let allStopped!: () => void;
const done = new Promise<void>((resolve) => (allStopped = resolve));

function stopAll(signal: Signal): Promise<void> {
  for (const m of members) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill(signal);
  if (stopping) return stopping;
  const killer = setTimeout(() => {
    for (const m of members) {
      if (m.child.exitCode !== null || m.child.signalCode !== null) continue;
      say(`${m.name} still running ${KILL_AFTER_MS / 1000} s after ${signal}: killing it`);
      m.child.kill('SIGKILL');
      exitCode = 1;
    }
  }, KILL_AFTER_MS);
  stopping = Promise.all(members.map((m) => m.exited)).then(() => {
    clearTimeout(killer);
    allStopped();
  });
  return stopping;
}

/** A clean stop: the child's own signal code, or 0. */
const stoppedCleanly = (code: number | null) => code === 0 || code === 130 || code === 143;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) say(`${signal} again: the children exit at once`);
    else {
      say(`${signal}: stopping ${members.length} processes (each within ${SHUTDOWN_BOUND_MS / 1000} s; a second signal stops them at once)`);
      exitCode = SIGNAL_EXIT_CODES[signal];
    }
    void stopAll(signal);
  });
}

for (const m of members) {
  void m.exited.then(({ code, signal }) => {
    const how = signal ? `by ${signal}` : `with code ${code}`;
    if (stopping) {
      say(`${m.name} exited ${how}`);
      if (!stoppedCleanly(code)) exitCode = 1;
      return;
    }
    // Nobody asked it to stop: the set is incomplete, so stop it all and let the supervisor restart it.
    say(`${m.name} exited ${how} on its own: stopping the others`);
    exitCode = 1;
    void stopAll('SIGTERM');
  });
}

await done;
say(`stopped (exit ${exitCode})`);
process.exit(exitCode);
