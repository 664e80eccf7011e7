/**
 * `npm run worker`'s /metrics: a tiny HTTP server on METRICS_PORT, answering exactly what the web
 * process's /metrics does (lib/metrics-exposition.ts). Anything else is a 404.
 */
import http from 'node:http';
import type { DatabaseHandle } from '@/db/client';
import { errorResponse } from './api/route';
import { InvalidParameterError } from './view-state';
import { metricsResponse } from './metrics-exposition';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

async function answer(request: Request, handle: DatabaseHandle): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname !== '/metrics') return errorResponse(404, 'not_found', `nothing at ${pathname}: this port serves GET /metrics`);
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405, 'method_not_allowed', `${request.method} /metrics: use GET`);
  try {
    return await metricsResponse(request, async () => handle);
  } catch (error) {
    if (error instanceof InvalidParameterError) return errorResponse(400, 'invalid_parameter', error.message, error.param);
    throw error;
  }
}

export function startMetricsServer(handle: DatabaseHandle, options: { port: number; host?: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(new URL(req.url ?? '/', 'http://metrics.local'), { method: req.method, headers });
    answer(request, handle)
      .catch(() => errorResponse(500, 'internal_error', 'could not render the metrics'))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(req.method === 'HEAD' ? undefined : await response.text());
      })
      .catch(() => res.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      // Scrapes come every few seconds at most: do not keep the process alive for a keep-alive socket.
      server.unref();
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : options.port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
