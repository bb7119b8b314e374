/**
 * `GET /metrics` (Prometheus text format, prom-client's registry) on a listener of its own
 * (WEGOV_METRICS_PORT on WEGOV_METRICS_HOST, loopback by default), so the public port never
 * shows queue depths and delivery counts. A bare node:http server: one route, nothing to parse.
 */
import http, { type Server } from 'node:http';
import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';

/** The express handler for the public port (when no metrics port is set). */
export function metricsRoute(registry: Registry) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.type(registry.contentType).send(await registry.metrics());
  };
}

/** Starts the metrics listener; resolves once it is listening. */
export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  return server;
}
