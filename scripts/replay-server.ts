/**
 * The recorded-payload server: answers at each network's real API paths (under
 * `/<network>`) with the payloads committed in lib/sources/recordings. Point a source at it
 * with `<NETWORK>_API_BASE_URL=http://127.0.0.1:4010/<network>` and the real fetch → parse →
 * store path runs against recordings. It can replay dated sequences (set its clock) and serve
 * overrides (malformed bytes, error statuses) so tests exercise failures end to end.
 *
 *   npx tsx scripts/replay-server.ts [--port 4010] [--host 127.0.0.1]
 *
 * Control endpoints (tests and the demo use them from other processes):
 *   PUT  /__replay/clock      {"at": "2026-11-20T00:00:00Z"}   which sequence entry to serve
 *   PUT  /__replay/override   {"network","path","status"?, "body"? | "file"?}
 *   DELETE /__replay/override clears overrides
 *   GET  /__replay/recordings what is served where
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { SCRAPE_TARGETS } from '../lib/sources/registry';
import { RECORDED_AT_HEADER, type ScrapeTarget } from '../lib/ingest/target';
import { listRecordedNetworks, readManifest, readRecording, shiftHistoryDates, type Recording } from '../lib/sources/recordings';

export interface Override {
  network: string;
  path: string;
  status?: number;
  body?: string;
  file?: string;
  /** Delay before answering, to test timeouts. */
  delayMs?: number;
}

export interface ReplayServer {
  url: string;
  /** Base URL variables for every recorded network, e.g. `AKASH_API_BASE_URL`. */
  environment(): Record<string, string>;
  setClock(at: Date | null): void;
  setOverride(override: Override): void;
  clearOverrides(): void;
  /** Requests served, as `METHOD /network/path`, for assertions. */
  requests: string[];
  close(): Promise<void>;
}

const overrideSchema = z.object({
  network: z.string(),
  path: z.string(),
  status: z.number().int().optional(),
  body: z.string().optional(),
  file: z.string().optional(),
  delayMs: z.number().int().nonnegative().optional(),
});

function matches(recording: Recording, method: string, pathWithQuery: string): boolean {
  if (recording.method !== method) return false;
  if (recording.path.includes('?')) return recording.path === pathWithQuery;
  return recording.path === pathWithQuery.split('?')[0];
}

export function fileForClock(recording: Recording, clock: Date | null): string {
  if (!clock || !recording.sequence?.length) return recording.file;
  let chosen: string | null = null;
  let chosenFrom = -Infinity;
  for (const entry of recording.sequence) {
    const from = Date.parse(entry.from);
    if (from <= clock.getTime() && from > chosenFrom) {
      chosen = entry.file;
      chosenFrom = from;
    }
  }
  return chosen ?? recording.file;
}

/**
 * The base URL variables that point every source at this server: each source's recordings
 * live in the folder of its network (token-price feeds, which belong to no network, in `tokens`).
 */
export function replayEnvironment(url: string, targets: readonly ScrapeTarget[] = SCRAPE_TARGETS): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const t of targets) {
    environment[t.baseUrlVariable] = `${url}/${t.network ?? 'tokens'}`;
    // The recordings answer without checking keys; a stand-in value lets key-gated sources run.
    if (t.apiKey?.required) environment[t.apiKey.variable] = 'recorded-payload-server';
  }
  return environment;
}

export interface ReplayServerOptions {
  port?: number;
  host?: string;
  /**
   * Days to move published histories by (recordings with a historyDateField), so a replay laid
   * on another clock serves history that ends where it ended before the recordings' timeline
   * day (historyShiftDays). Zero by default: served as recorded.
   */
  shiftHistoryDays?: number;
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const networks = listRecordedNetworks();
  const manifests = new Map(networks.map((n) => [n, readManifest(n)]));
  let clock: Date | null = null;
  const overrides = new Map<string, Override>();
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const rawUrl = req.url ?? '/';
      const send = (status: number, body: string | Uint8Array, contentType = 'application/json', recordedAt?: string) => {
        res.writeHead(status, {
          'content-type': contentType,
          'cache-control': 'no-store',
          ...(recordedAt ? { [RECORDED_AT_HEADER]: recordedAt } : {}),
        });
        res.end(body);
      };
      try {
        if (rawUrl.startsWith('/__replay/')) {
          const body = Buffer.concat(chunks).toString('utf8');
          if (rawUrl === '/__replay/clock' && method === 'PUT') {
            const parsed = z.object({ at: z.string().datetime().nullable() }).parse(JSON.parse(body));
            clock = parsed.at ? new Date(parsed.at) : null;
            return send(200, JSON.stringify({ clock }));
          }
          if (rawUrl === '/__replay/override' && method === 'PUT') {
            const parsed = overrideSchema.parse(JSON.parse(body));
            overrides.set(`${parsed.network}${parsed.path}`, parsed);
            return send(200, JSON.stringify({ ok: true }));
          }
          if (rawUrl === '/__replay/override' && method === 'DELETE') {
            overrides.clear();
            return send(200, JSON.stringify({ ok: true }));
          }
          if (rawUrl === '/__replay/recordings') {
            return send(200, JSON.stringify(Object.fromEntries(manifests), null, 2));
          }
          return send(404, JSON.stringify({ error: 'unknown control endpoint' }));
        }
        const [, network = '', ...rest] = rawUrl.split('/');
        const pathWithQuery = `/${rest.join('/')}`;
        requests.push(`${method} /${network}${pathWithQuery}`);
        const override = overrides.get(`${network}${pathWithQuery}`) ?? overrides.get(`${network}${pathWithQuery.split('?')[0]}`);
        if (override) {
          const answer = () =>
            send(override.status ?? 200, override.file ? readRecording(network, override.file) : (override.body ?? ''));
          if (override.delayMs) setTimeout(answer, override.delayMs);
          else answer();
          return;
        }
        const recording = manifests.get(network)?.recordings.find((r) => matches(r, method, pathWithQuery));
        if (!recording) return send(404, JSON.stringify({ error: `no recording for ${method} /${network}${pathWithQuery}` }));
        const file = fileForClock(recording, clock);
        // A sequence entry is dated by its `from`; the default file by the manifest's recordedAt.
        const entry = recording.sequence?.find((e) => e.file === file);
        const recordedAt = entry ? entry.from.slice(0, 10) : recording.recordedAt;
        const bytes = readRecording(network, file);
        const served = recording.historyDateField ? shiftHistoryDates(bytes, recording.historyDateField, options.shiftHistoryDays ?? 0) : bytes;
        send(recording.status, served, recording.contentType, recordedAt);
      } catch (error) {
        send(400, JSON.stringify({ error: (error as Error).message }));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    environment: () => replayEnvironment(url),
    setClock: (at) => {
      clock = at;
    },
    setOverride: (o) => overrides.set(`${o.network}${o.path}`, o),
    clearOverrides: () => overrides.clear(),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const server = await startReplayServer({ port: Number(option('--port') ?? 4010), host: option('--host') ?? '127.0.0.1' });
  console.log(`recorded-payload server on ${server.url}`);
  for (const [variable, value] of Object.entries(server.environment())) console.log(`${variable}=${value}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
