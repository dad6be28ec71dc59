import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/apply/health-checks.js';
import { planWithHealth } from '../../src/plan/plan-with-health.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { LocalRunner } from '../../src/transport/local-runner.js';
import { decodeOk } from '../config/helpers.js';

// Health check arguments that come from a sensitive variable never show: the checks run for real (the
// director's script through bash, and from = "local" in-process) against a server on loopback.
const TOKEN = 'tok-5ecr3t';
const BODY = 'body-5ecr3t';
let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200).end('an answer without the word'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const config = (from: string) => `
variable "token" {
  default   = "${TOKEN}"
  sensitive = true
}
variable "body" {
  default   = "${BODY}"
  sensitive = true
}
director "d" {
  connection { type = "local" }
  interface = "lo"
}
virtual_server "web" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  forwarding = "nat"
  health_check {
    type        = "http"
    port        = ${port}
    path        = "/health?token=\${var.token}"
    host        = "\${var.token}.example"
    expect_body = var.body
    from        = "${from}"
  }
  backend "app" {
    address = "127.0.0.1"
    port    = 8080
  }
  backend "cmd" {
    address = "127.0.0.2"
    port    = 8080
    health_check {
      type    = "command"
      command = ["/bin/sh", "-c", "exit 3", "--token=\${var.token}"]
      from    = "director"
    }
  }
  backend "ok" {
    address = "127.0.0.1"
    port    = 8081
    health_check { type = "tcp" }
  }
}`;

describe.each(['director', 'local'])('sensitive health check arguments, checks from %s', (from) => {
  it('are hidden in the check reasons, the JSON plan and the human plan', async () => {
    const d = decodeOk(config(from));
    expect(d.health.checks.map((c) => c.spec.sensitive)).toEqual([['path', 'host', 'expectBody'], ['path', 'host', 'expectBody', 'command'], ['path', 'host', 'expectBody']]);
    const checked = await runChecks(d.health.checks, d.hosts, new Map([['d', new LocalRunner()]]), 2);
    expect(checked.diagnostics).toEqual([]);
    const reasons = [...checked.results.values()].map((r) => r.reason).sort();
    expect(reasons).toEqual([
      `HTTP GET (sensitive value) on 127.0.0.1:${port}: status 200 but the answer does not contain (sensitive value)`,
      `TCP connect to 127.0.0.1:${port}: connected`,
      `command (sensitive value) for 127.0.0.2:${port}: exit 3`,
    ]);

    const observed = [{ host: 'd', resources: d.resources.map((r) => ({ host: r.host, type: r.type, id: r.id, attrs: r.attrs })), stateRecord: null, fingerprint: 'fp' }];
    const p = planWithHealth({ desired: d.resources, hosts: d.hosts, observed, drainTimeouts: {}, mode: 'apply', createdAt: '2026-01-01T00:00:00Z' }, d.health, checked.results);
    const json = JSON.stringify(renderJsonPlan(p.plan));
    const text = renderHumanPlan(renderJsonPlan(p.plan), { color: false });
    expect(p.diagnostics).toEqual([]);
    expect(text).toContain(`~ weight = 1 -> 0  # unhealthy: HTTP GET (sensitive value) on 127.0.0.1:${port}: status 200 but the answer does not contain (sensitive value)`);
    expect(text).toContain(`~ weight = 1 -> 0  # unhealthy: command (sensitive value) for 127.0.0.2:${port}: exit 3`);
    for (const shown of [json, text, ...reasons]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(BODY);
    }
  });
});

it('an argument a backend writes is as sensitive as its own value, not the service block it overrides', () => {
  const d = decodeOk(config('director').replace('      command = ["/bin/sh", "-c", "exit 3", "--token=${var.token}"]', '      command = ["/bin/false"]'));
  expect(d.health.checks[1]!.spec.sensitive).toEqual(['path', 'host', 'expectBody']);
  expect(d.health.checks[1]!.spec.command).toEqual(['/bin/false']);
});
