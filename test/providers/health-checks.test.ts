import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/apply/health-checks.js';
import { checkKey, type BackendCheck, type HealthCheckSpec } from '../../src/model/health.js';
import type { HostSpec } from '../../src/model/hosts.js';
import { LocalRunner } from '../../src/transport/local-runner.js';

// The director's check script runs for real (bash, coreutils) against servers on loopback.
let server: Server;
let port = 0;
let closedPort = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') res.writeHead(200).end(`ok host=${req.headers.host}`);
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 1500);
    else res.writeHead(503).end('down');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const spec = (s: Partial<HealthCheckSpec>): HealthCheckSpec => ({
  type: 'http', port: null, intervalMs: 5000, timeoutMs: 1000, rise: 2, fall: 2, path: '/health', host: null,
  expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director', ...s,
});
const check = (name: string, p: number, s: Partial<HealthCheckSpec>): BackendCheck => ({
  host: 'd', serviceId: 'svc', destinationId: name, address: `virtual_server.web.backend["${name}"]`, target: '127.0.0.1', port: p, spec: spec(s),
});
const HOSTS: HostSpec[] = [{ name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false }];

describe.each(['director', 'local'] as const)('checks from %s', (from) => {
  it('judges tcp, http status, body and timeouts; one round trip for all of them', async () => {
    const checks = [
      check('ok', port, { from, expectBody: 'host=127.0.0.1:' }),
      check('refused', closedPort, { from }),
      check('status', port, { from, path: '/other' }),
      check('body', port, { from, expectBody: 'nope' }),
      check('slow', port, { from, path: '/slow', timeoutMs: 300 }),
      check('tcp', port, { from, type: 'tcp' }),
      check('tcp-refused', closedPort, { from, type: 'tcp' }),
    ];
    const calls: string[][] = [];
    const runner = new LocalRunner();
    const counting = { run: (argv: string[], o?: object) => (calls.push(argv), runner.run(argv, o)), close: () => runner.close() };
    const r = await runChecks(checks, HOSTS, new Map([['d', counting]]), 4);
    expect(r.diagnostics).toEqual([]);
    const v = (n: string) => r.results.get(checkKey({ host: 'd', destinationId: n }))!;
    expect(v('ok')).toMatchObject({ healthy: true, reason: `HTTP GET /health on 127.0.0.1:${port}: status 200` });
    expect(v('refused')).toMatchObject({ healthy: false, reason: `HTTP GET /health on 127.0.0.1:${closedPort}: connection refused` });
    expect(v('status')).toMatchObject({ healthy: false, reason: `HTTP GET /other on 127.0.0.1:${port}: status 503, expected 200-299` });
    expect(v('body').reason).toBe(`HTTP GET /health on 127.0.0.1:${port}: status 200 but the answer does not contain "nope"`);
    expect(v('slow')).toMatchObject({ healthy: false, reason: `HTTP GET /slow on 127.0.0.1:${port}: timed out after 300ms` });
    expect(v('tcp')).toMatchObject({ healthy: true });
    expect(v('tcp-refused')).toMatchObject({ healthy: false, reason: `TCP connect to 127.0.0.1:${closedPort}: connection refused` });
    expect(v('ok').latencyMs).toBeGreaterThan(0);
    expect(calls.length).toBe(from === 'director' ? 1 : 0);
  });
});

describe('command checks and missing tools', () => {
  it('runs an argv on the director: exit 0 is healthy, otherwise the exit status and first line', async () => {
    const checks = [
      check('true', port, { type: 'command', command: ['sh', '-c', 'exit 0'] }),
      check('false', port, { type: 'command', command: ['sh', '-c', 'echo "db down; it\'s $HOME"; exit 3'] }),
    ];
    const r = await runChecks(checks, HOSTS, new Map([['d', new LocalRunner()]]), 4);
    expect(r.results.get(checkKey({ host: 'd', destinationId: 'true' }))!.healthy).toBe(true);
    expect(r.results.get(checkKey({ host: 'd', destinationId: 'false' }))!.reason).toMatch(/^command sh -c .* for 127\.0\.0\.1:\d+: exit 3: db down; it's \//);
  });
  it('a director without a tool is a diagnostic naming the tool and its package, not a silent "unhealthy"', async () => {
    const runner = new LocalRunner();
    // The same script with PATH emptied: no coreutils and no curl, as on a host that lacks them.
    const bare = { run: (argv: string[], o?: object) => runner.run(['env', 'PATH=/nonexistent', '/bin/bash', ...argv.slice(1)], o), close: () => runner.close() };
    const r = await runChecks([check('x', port, { type: 'https', port: 443 })], HOSTS, new Map([['d', bare]]), 1);
    expect(r.results.size).toBe(0);
    expect(r.diagnostics.map((d) => d.detail)).toEqual([expect.stringMatching(/^Director "d" lacks timeout, date, head, base64, curl.*Install coreutils, curl there/)]);
  });
});
