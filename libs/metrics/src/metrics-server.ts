import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mayScrape } from './metrics-access.js';
import type { MetricsService } from './metrics.service.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A listener that answers `GET /metrics` and nothing else, for processes without an HTTP API (the
 * standalone worker). Same access rule as the API's `/metrics`.
 */
export async function serveMetrics(
  metrics: MetricsService,
  opts: { port: number; host: string; token: string | null; onError?: (err: unknown) => void },
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (!mayScrape(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' });
      res.end('Unauthorized\n');
      return;
    }
    void metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err: unknown) => {
        opts.onError?.(err);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
