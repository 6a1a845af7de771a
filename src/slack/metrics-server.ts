import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Health, MetricsPage } from './receiver.js';

/**
 * Socket Mode has no HTTP server: with NETBOT_METRICS_PORT set, this small one serves GET /metrics and
 * GET /healthz (the same pages as the HTTP front door) and nothing else.
 */
export async function startMetricsServer(port: number, host: string, pages: { metrics: () => Promise<MetricsPage>; health: () => Health }): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/healthz') {
      const health = pages.health();
      return void res.writeHead(health.status, { 'content-type': 'application/json' }).end(JSON.stringify(health.body));
    }
    if (path !== '/metrics') return void res.writeHead(404).end();
    pages.metrics().then(
      (page) => res.writeHead(200, { 'content-type': page.contentType }).end(page.body),
      () => res.writeHead(500).end(),
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
