// Shared by the health-check benches: an HTTP server answering 200 on loopback, a loopback port that refuses,
// and `count` http checks from director `d`, every other one against each (the first refused). answerMs delays each 200.
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

export async function loopbackChecks({ count, intervalMs, timeoutMs, answerMs = 0 }) {
  const server = createServer((_, res) => setTimeout(() => res.writeHead(200).end('ok'), answerMs));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const closed = createTcpServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = closed.address().port;
  await new Promise((r) => closed.close(r));
  const spec = { type: 'http', port: null, intervalMs, timeoutMs, rise: 2, fall: 2, path: '/', host: null, expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director' };
  const checks = Array.from({ length: count }, (_, i) => ({
    host: 'd', serviceId: 's', destinationId: `b${i}`, address: `b${i}`, target: '127.0.0.1', port: i % 2 ? server.address().port : closedPort, spec,
  }));
  return { checks, close: () => server.close() };
}
