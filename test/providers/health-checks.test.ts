import { existsSync } from 'node:fs';
import { createServer as createTcpServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/apply/health-checks.js';
import { checkKey, type BackendCheck, type HealthCheckSpec } from '../../src/model/health.js';
import type { HostSpec } from '../../src/model/hosts.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { closedLoopbackPort, loopbackHttp } from '../support/loopback.js';
import { CHECKS_AT_ONCE, scriptField } from '../../providers/health/check-script.js';
import { parseCheckRun } from '../../providers/health/parse-results.js';

// The director's check script runs for real (bash, coreutils) against servers on loopback.
let server: { port: number; close: () => Promise<void> };
let port = 0;
let closedPort = 0;
let silent: NetServer;
let silentPort = 0;
const silentSockets: Socket[] = [];
beforeAll(async () => {
  server = await loopbackHttp((req, res) => {
    if (req.url === '/health') res.writeHead(200).end(`ok host=${req.headers.host}`);
    else if (req.url?.startsWith('/echo')) res.writeHead(200).end(`path=${req.url} host=${req.headers.host}`);
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 1500);
    else res.writeHead(503).end('down');
  });
  port = server.port;
  closedPort = await closedLoopbackPort();
  // Accepts and never answers.
  silent = createTcpServer((s) => silentSockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  await server.close();
});

const spec = (s: Partial<HealthCheckSpec>): HealthCheckSpec => ({
  type: 'http', port: null, intervalMs: 5000, timeoutMs: 1000, rise: 2, fall: 2, path: '/health', host: null,
  expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director', ...s,
});
const check = (name: string, p: number, s: Partial<HealthCheckSpec>): BackendCheck => ({
  host: 'd', serviceId: 'svc', destinationId: name, address: `virtual_server.web.backend["${name}"]`, target: '127.0.0.1', port: p, spec: spec(s),
});
const HOSTS: HostSpec[] = [{ name: 'd', role: 'director', connection: { type: 'local' }, exclusive: false }];
const local = new LocalRunner();
// The same script with PATH emptied: no coreutils, no curl, nothing but bash itself.
const BARE = { run: (argv: string[], o?: object) => local.run(['env', 'PATH=/nonexistent', '/bin/bash', ...argv.slice(1)], o), close: () => local.close() };

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
    if (from === 'local') return expect(r.rounds.size).toBe(0);
    // The round's timing by the director's clock: each check's subshell started after the round did and within it,
    // and the round lasted at least as long as the slow check's timeout; the answer here took at least as long.
    const round = r.rounds.get('d')!;
    expect(round.checks).toEqual(checks);
    const t = round.timing!;
    expect(t.startedAfterMs).toHaveLength(checks.length);
    for (const started of t.startedAfterMs) expect(started !== null && started >= 0 && started < t.scriptMs, String(started)).toBe(true);
    expect(t.scriptMs).toBeGreaterThanOrEqual(300);
    expect(round.answeredMs).toBeGreaterThanOrEqual(t.scriptMs);
  });
});

describe('results as they come', () => {
  it('each check is given as it ends, in the order they end: a refused connect long before a slow answer, and before the round ends', async () => {
    const checks = [check('slow', port, { path: '/slow', timeoutMs: 3000 }), check('refused', closedPort, {}), check('ok', port, {})];
    const started = performance.now();
    {
      const given: [string, boolean, number][] = [];
      const r = await runChecks(checks, HOSTS, new Map([['d', new LocalRunner()]]), 1, (c, res) => given.push([c.destinationId, res.healthy, performance.now() - started]));
      const ended = performance.now() - started;
      expect(given.map(([n, h]) => `${n}:${h}`).sort()).toEqual(['ok:true', 'refused:false', 'slow:true']);
      expect(given.at(-1)![0]).toBe('slow');
      const refusedAt = given.find(([n]) => n === 'refused')![2];
      // The slow check answers after 1.5 s: the refused one is given at least 1 s before it and before the round ends.
      expect(given.at(-1)![2] - refusedAt).toBeGreaterThan(1000);
      expect(ended - refusedAt).toBeGreaterThan(1000);
      expect(new Set(given.map(([n]) => n)).size).toBe(3);
      expect(r.results.size).toBe(3);
    }
  });
  it('a check from lvsplan\'s machine is given as it ends too', async () => {
    const given: string[] = [];
    const r = await runChecks([check('l', closedPort, { from: 'local' })], HOSTS, new Map(), 1, (c, res) => given.push(`${c.destinationId}:${res.healthy}`));
    expect(given).toEqual(['l:false']);
    expect(r.results.size).toBe(1);
  });
});

describe('the round timing line', () => {
  const two = [check('a', 1, {}), check('b', 2, {})];
  it('is read back per check index; a check that did not report its start has none; no line, no timing', () => {
    const out = '0 0 1200 - HTTP/1.0 200 OK\n1 7 300 - connect: Connection refused\n@@round 3 25400 4000 1:3100\n@@done\n';
    expect(parseCheckRun(two, out)).toMatchObject({ ok: true, timing: { seq: 3, scriptMs: 25.4, lateMs: 4, startedAfterMs: [null, 3.1] } });
    expect(parseCheckRun(two, '@@round 1 900 0 \n@@done\n')).toMatchObject({ ok: true, timing: { seq: 1, scriptMs: 0.9, lateMs: 0, startedAfterMs: [null, null] } });
    expect(parseCheckRun(two, '0 0 1200 - HTTP/1.0 200 OK\n@@done\n')).toMatchObject({ ok: true, timing: null });
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
    const r = await runChecks([check('x', port, { type: 'https', port: 443 }), check('y', port, { type: 'command', command: ['true'] })], HOSTS, new Map([['d', BARE]]), 1);
    expect(r.results.size).toBe(0);
    expect(r.diagnostics.map((d) => d.detail)).toEqual([expect.stringMatching(/^Director "d" lacks timeout, curl, head, needed .*Install coreutils, curl there/)]);
  });
});

describe('the director script', () => {
  it('runs tcp and http checks with bash alone: no program started, so none is needed', async () => {
    const checks = [
      check('ok', port, { expectBody: 'host=127.0.0.1:' }),
      check('refused', closedPort, {}),
      check('slow', port, { path: '/slow', timeoutMs: 300 }),
      check('tcp', port, { type: 'tcp' }),
    ];
    const r = await runChecks(checks, HOSTS, new Map([['d', BARE]]), 1);
    expect(r.diagnostics).toEqual([]);
    const v = (n: string) => r.results.get(checkKey({ host: 'd', destinationId: n }))!;
    expect([v('ok').healthy, v('refused').reason, v('slow').reason, v('tcp').healthy]).toEqual([
      true, `HTTP GET /health on 127.0.0.1:${closedPort}: connection refused`, `HTTP GET /slow on 127.0.0.1:${port}: timed out after 300ms`, true,
    ]);
  });

  it('passes every field through as data: paths, Host headers and argv words with shell syntax, quotes, newlines and UTF-8', async () => {
    const marker = `/tmp/lvsplan-health-injected-${process.pid}`;
    const nasty = [`$(touch ${marker})`, '`touch x`', "it's \"q\" \\ - -", 'two\nlines\ttab', 'héllo ✓', '-', '', '%s%b\\x41'];
    const checks = [
      check('argv', port, { type: 'command', command: ['printf', '%s|', ...nasty] }),
      check('host', port, { path: '/echo?a=$(id)&b=`id`', host: "x'$(touch " + marker + ")\"", expectBody: "path=/echo?a=$(id)&b=`id` host=x'$(touch " }),
    ];
    const r = await runChecks(checks, HOSTS, new Map([['d', new LocalRunner()]]), 1);
    expect(r.diagnostics).toEqual([]);
    const argv = r.results.get(checkKey({ host: 'd', destinationId: 'argv' }))!;
    expect(argv).toMatchObject({ healthy: true });
    expect(r.results.get(checkKey({ host: 'd', destinationId: 'host' }))).toMatchObject({ healthy: true, reason: expect.stringContaining('status 200') });
    expect(existsSync(marker)).toBe(false);
    // What the command printed comes back whole (first line of a failing command's output is its reason).
    const echo = await runChecks([check('echo', port, { type: 'command', command: ['sh', '-c', 'printf "%s|" "$@"; exit 1', 'sh', ...nasty] })], HOSTS, new Map([['d', new LocalRunner()]]), 1);
    expect(echo.results.get(checkKey({ host: 'd', destinationId: 'echo' }))!.reason).toMatch(new RegExp(`: exit 1: ${escapeRe(`${nasty.join('|').split('\n')[0]!}`)}$`));
  });

  it('a check that does not end by its timeout is cut there: a command ignoring SIGTERM, a server that never answers', async () => {
    const started = Date.now();
    const checks = [
      check('stuck', port, { type: 'command', command: ['sh', '-c', 'trap "" TERM; sleep 5'], timeoutMs: 300 }),
      check('silent', silentPort, { path: '/', timeoutMs: 300 }),
      check('ok', port, {}),
    ];
    const r = await runChecks(checks, HOSTS, new Map([['d', new LocalRunner()]]), 1);
    const v = (n: string) => r.results.get(checkKey({ host: 'd', destinationId: n }))!;
    expect(v('stuck').reason).toMatch(/timed out after 300ms$/);
    expect(v('silent').reason).toBe(`HTTP GET / on 127.0.0.1:${silentPort}: timed out after 300ms`);
    expect(v('ok').healthy).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('runs more checks than it holds at once, each answered', async () => {
    const n = CHECKS_AT_ONCE + 3;
    const checks = Array.from({ length: n }, (_, i) => check(`b${i}`, i % 2 ? port : closedPort, { type: 'tcp', timeoutMs: 5000 }));
    const r = await runChecks(checks, HOSTS, new Map([['d', new LocalRunner()]]), 1);
    expect(r.diagnostics).toEqual([]);
    expect(checks.map((c, i) => r.results.get(checkKey(c))?.healthy === (i % 2 === 1))).toEqual(checks.map(() => true));
  });
});

describe('scriptField', () => {
  it('leaves only [A-Za-z0-9._/] unescaped, so a field is one shell word that cannot be "-" or empty', () => {
    expect(scriptField('/a b-c')).toBe('/a\\x20b\\x2dc');
    expect(scriptField('-')).toBe('\\x2d');
    expect(scriptField('')).toBe('-');
    expect(scriptField(null)).toBe('-');
    expect(scriptField('é')).toBe('\\xc3\\xa9');
  });
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
