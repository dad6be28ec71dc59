import { createServer, type Server } from 'node:http';

/** Serves /metrics; everything else is 404. Resolves once listening (rejects when it cannot). */
export function startMetricsServer(addr: { host: string; port: number }, render: () => string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(render());
    } else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('lvsplan watch serves /metrics\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
