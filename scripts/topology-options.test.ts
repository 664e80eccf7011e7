/**
 * `npm run topology`'s refusals, before anything starts: no PostgreSQL (and why), bad ports,
 * unknown options. The last test runs the real script: it must refuse and exit 2 without a URL.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_PORTS, NO_DATABASE_URL, parseTopologyOptions } from './topology-options';

const url = 'postgres://postgres@127.0.0.1:5432/rentable';

describe('parseTopologyOptions', () => {
  it('takes DATABASE_URL and two web ports by default, --host from HOST', () => {
    expect(parseTopologyOptions([], { DATABASE_URL: url })).toEqual({ databaseUrl: url, ports: [...DEFAULT_WEB_PORTS], host: '0.0.0.0' });
    expect(parseTopologyOptions([], { DATABASE_URL: url, HOST: '127.0.0.1' })?.host).toBe('127.0.0.1');
  });

  it('prefers the options to the environment', () => {
    const other = 'postgresql://rentable@db.internal/rentable';
    expect(parseTopologyOptions(['--database-url', other, '--ports', '4001, 4002,4003', '--host', '::1'], { DATABASE_URL: url })).toEqual({
      databaseUrl: other,
      ports: [4001, 4002, 4003],
      host: '::1',
    });
  });

  it('refuses to start without PostgreSQL, saying why PGlite cannot serve several processes', () => {
    expect(() => parseTopologyOptions([], {})).toThrow(NO_DATABASE_URL);
    expect(() => parseTopologyOptions([], { DATABASE_URL: '' })).toThrow(/one process per data folder/);
    expect(() => parseTopologyOptions(['--database-url', 'mysql://x@y/z'], {})).toThrow(/^--database-url: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => parseTopologyOptions(['--database-url', 'not a url'], {})).toThrow(/^--database-url: not a URL/);
  });

  it('names the bad port, a repeated port and an unknown option', () => {
    expect(() => parseTopologyOptions(['--ports', '3001,70000'], { DATABASE_URL: url })).toThrow(/^--ports: "70000" is not a port/);
    expect(() => parseTopologyOptions(['--ports', '3001,'], { DATABASE_URL: url })).toThrow(/^--ports: "" is not a port/);
    expect(() => parseTopologyOptions(['--ports', '3001,3001'], { DATABASE_URL: url })).toThrow(/^--ports: 3001,3001 lists a port twice/);
    expect(() => parseTopologyOptions(['--replicas', '3'], { DATABASE_URL: url })).toThrow(/--replicas/);
  });

  it('answers --help with null', () => {
    expect(parseTopologyOptions(['--help'], {})).toBeNull();
  });
});

describe('npm run topology', () => {
  it('exits 2 with the reason when DATABASE_URL is unset, starting nothing', () => {
    const environment = { ...process.env };
    delete environment.DATABASE_URL;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/topology.ts'], { env: environment, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`[topology] ${NO_DATABASE_URL}`);
    expect(run.stdout).toBe('');
  });
});
