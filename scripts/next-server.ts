/**
 * Shared by `npm start` and `npm run demo`: build when the build is missing or older than the
 * code, then run Next's real binary (so signals reach the server itself, not a wrapper).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const buildId = path.join(root, '.next', 'BUILD_ID');
const watched = ['app', 'components', 'lib', 'db', 'instrumentation.ts', 'next.config.js', 'package-lock.json'];

function newestMtime(entry: string): number {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Whether `.next` holds a build, and whether the code changed after it was made. */
export function buildState(): 'missing' | 'stale' | 'fresh' {
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (builtAt === 0) return 'missing';
  return Math.max(...watched.map(newestMtime)) <= builtAt ? 'fresh' : 'stale';
}

export function buildIfStale(): void {
  const state = buildState();
  if (state === 'fresh') return;
  console.log(state === 'missing' ? '[start] no build yet: building…' : '[start] code changed since the last build: rebuilding…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The environment of a `next start` process: `environment` over ours, plus what the server needs. */
export function nextServerEnvironment(environment: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Signals are handled by lib/boot.ts (abort the pass, release leases, close the database);
  // Next's own handler would exit first.
  Object.assign(env, environment, { NEXT_TELEMETRY_DISABLED: '1', NEXT_MANUAL_SIG_HANDLE: 'true' });
  return env;
}

/** Next's real binary, not a wrapper, so a signal sent to the child reaches the server itself. */
export function nextStartArguments(port: string, host: string): string[] {
  return [nextBin, 'start', '-p', port, '-H', host];
}

export function startNext(environment: Record<string, string | undefined>): ChildProcess {
  const port = environment.PORT ?? '3000';
  const host = environment.HOST ?? '0.0.0.0';
  console.log(`[start] dashboard on http://localhost:${port}`);
  const server = spawn(process.execPath, nextStartArguments(port, host), { stdio: 'inherit', env: nextServerEnvironment(environment) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  return server;
}
