import { createServer, type Server } from 'node:http';

/** "127.0.0.1:9310", ":9310", "[::1]:9310" -> host and port; null when it is not an address. */
export function parseListen(addr: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]*|localhost)):(\d{1,5})$/.exec(addr);
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 0 || port > 65535) return null;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

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
