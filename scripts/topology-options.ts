/**
 * What `npm run topology` is asked to start, validated before anything starts: a PostgreSQL
 * URL (refused without one, and why), the web ports, the host. Pure, so its refusals are tested
 * without spawning anything (scripts/topology-options.test.ts).
 */
import { parseArgs } from 'node:util';

export const DEFAULT_WEB_PORTS = [3001, 3002] as const;

export interface TopologyOptions {
  databaseUrl: string;
  ports: number[];
  host: string;
}

export class TopologyOptionsError extends Error {
  override name = 'TopologyOptionsError';
}

export const TOPOLOGY_USAGE = `usage: npm run topology [-- --database-url postgres://user@host:5432/rentable] [--ports 3001,3002] [--host 0.0.0.0]

Starts the production topology on this machine: one web process per port (next start,
SCRAPE_ENABLED=false) and one worker (npm run worker), all on the same PostgreSQL database.
--database-url defaults to DATABASE_URL; --host to HOST, else 0.0.0.0. Needs \`npm run build\` first.`;

export const NO_DATABASE_URL =
  'npm run topology needs PostgreSQL: pass --database-url postgres://… or set DATABASE_URL. ' +
  'The embedded database (PGlite) allows one process per data folder, and the topology runs ' +
  'several processes on one database (the web replicas and the worker); two processes on one ' +
  'PGlite folder corrupt it. Without PostgreSQL, run `npm start` instead: one process serves and scrapes.';

function parsePorts(text: string): number[] {
  const ports = text.split(',').map((part) => part.trim());
  const parsed = ports.map((part) => {
    const port = /^\d{1,5}$/.test(part) ? Number(part) : NaN;
    if (!(port >= 1 && port <= 65_535)) throw new TopologyOptionsError(`--ports: ${JSON.stringify(part)} is not a port (1-65535); give a comma-separated list such as 3001,3002`);
    return port;
  });
  if (new Set(parsed).size !== parsed.length) throw new TopologyOptionsError(`--ports: ${text} lists a port twice; each web process needs its own`);
  return parsed;
}

function parseDatabaseUrl(value: string | undefined): string {
  if (value === undefined || value === '') throw new TopologyOptionsError(NO_DATABASE_URL);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TopologyOptionsError(`--database-url: not a URL (expected postgres://user@host:5432/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new TopologyOptionsError(`--database-url: must be a postgres:// or postgresql:// URL (got ${url.protocol}//…)`);
  }
  return value;
}

/** `null` when --help was asked for. Throws TopologyOptionsError naming the bad option. */
export function parseTopologyOptions(argv: readonly string[], environment: Record<string, string | undefined>): TopologyOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'database-url': { type: 'string' },
        ports: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TopologyOptionsError(`${(error as Error).message}\n${TOPOLOGY_USAGE}`);
  }
  if (values.help) return null;
  const host = values.host ?? (environment.HOST || '0.0.0.0');
  if (host.trim() === '') throw new TopologyOptionsError('--host: empty');
  return {
    databaseUrl: parseDatabaseUrl(values['database-url'] ?? environment.DATABASE_URL),
    ports: values.ports === undefined ? [...DEFAULT_WEB_PORTS] : parsePorts(values.ports),
    host,
  };
}
