import { describe, expect, it } from 'vitest';
import { argvFor, runSteps } from '../../src/apply/host-commands.js';
import { providerBuilders } from '../../src/apply/provider-ports.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import type { CommandRunner } from '../../src/transport/command-runner.js';
import { clusterDot } from '../../src/render/graph-dot.js';
import { renderHumanPlan } from '../../src/render/human-plan.js';
import { renderJsonPlan } from '../../src/render/json-plan.js';
import { configDir } from '../cli/support/config-dir.js';
import { cli } from '../cli/support/run-cli.js';
import { decodeOk } from './helpers.js';

/** A configuration whose scheduler comes from a sensitive variable (through a local), a weight from another through an expression. */
const CONFIG = `
variable "secret_scheduler" {
  default   = "sed"
  sensitive = true
}
variable "secret_weight" {
  default   = 7
  sensitive = true
}
variable "plain_weight" {
  default = 3
}
locals {
  scheduler = var.secret_scheduler
}
director "d" {
  connection { type = "local" }
  interface = "eth0"
  sysctls   = { "net.ipv4.vs.expire_nodest_conn" = var.secret_weight > 5 ? 1 : 0 }
}
virtual_server "web" {
  director   = "d"
  address    = "192.0.2.10"
  port       = 8443
  scheduler  = local.scheduler
  forwarding = "nat"
  backend "a" {
    address = "192.0.2.20"
    port    = 80
    weight  = var.secret_weight * 2
  }
  backend "b" {
    address = "192.0.2.21"
    port    = 80
    weight  = var.plain_weight
  }
}
`;

function plan() {
  const desired = decodeOk(CONFIG);
  return computePlan({
    desired: desired.resources,
    hosts: desired.hosts,
    observed: desired.hosts.map((h) => ({ host: h.name, resources: [], stateRecord: null, fingerprint: 'fp' })),
    drainTimeouts: {},
    mode: 'apply',
    createdAt: '2025-01-01T00:00:00.000Z',
  });
}

describe('variable { sensitive = true }', () => {
  it('marks the attributes derived from it, through locals and expressions, and only those', () => {
    const changes = plan().changes;
    const sensitive = Object.fromEntries(changes.map((c) => [c.address, c.sensitive ?? []]));
    expect(sensitive['virtual_server.web']).toEqual(['scheduler']);
    expect(sensitive['virtual_server.web.backend["a"]']).toEqual(['weight']);
    expect(sensitive['virtual_server.web.backend["b"]']).toEqual([]);
    expect(sensitive['director.d.sysctl["net.ipv4.vs.expire_nodest_conn"]']).toEqual(['value']);
  });

  it('JSON plan: after_sensitive names them; the values stay in after, as terraform show -json does', () => {
    const json = renderJsonPlan(plan());
    const web = json.resource_changes.find((r) => r.address === 'virtual_server.web')!;
    expect(web.change.after_sensitive).toEqual({ scheduler: true });
    expect(web.change.before_sensitive).toBe(false);
    expect(web.change.after?.scheduler).toBe('sed');
    expect(json.resource_changes.find((r) => r.address === 'virtual_server.web.backend["b"]')!.change.after_sensitive).toBe(false);
    expect(json.resource_changes.find((r) => r.address === 'director.d.address["192.0.2.10/32"]')!.change.after_sensitive).toBe(false);
  });

  it('plan text: (sensitive value) in place of each, the rest as usual', () => {
    const text = renderHumanPlan(renderJsonPlan(plan()), { color: false });
    expect(text).toMatch(/\+ scheduler\s+= \(sensitive value\)/);
    expect(text).toMatch(/\+ weight\s+= \(sensitive value\)/);
    expect(text).toMatch(/\+ weight\s+= 3/);
    expect(text).toMatch(/\+ value\s+= \(sensitive value\)/);
    expect(text).not.toContain('"sed"');
    expect(text).not.toMatch(/weight\s+= 14/);
  });
});

describe('lvsplan graph', () => {
  it('labels a sensitive scheduler and weight (sensitive value)', () => {
    const dot = clusterDot(decodeOk(CONFIG).resources);
    expect(dot).toContain('tcp 192.0.2.10:8443 ((sensitive value))');
    expect(dot).toContain('weight (sensitive value)');
    expect(dot).toContain('weight 3');
    expect(dot).not.toMatch(/\(sed\)|weight 14/);
  });
});

describe('lvsplan console, as terraform console', () => {
  it('prints (sensitive value) for a sensitive variable and anything derived from it', async () => {
    const dir = configDir(`variable "s" {\n  default   = "hunter2"\n  sensitive = true\n}\nvariable "p" {\n  default = "plain"\n}\nlocals {\n  both = "\${var.p}-\${var.s}"\n}\n`);
    for (const line of ['var.s', 'upper(var.s)', 'local.both', '"x${var.s}"']) {
      const r = await cli(['console', dir], { stdin: [line] });
      expect([r.code, r.stdout], line).toEqual([0, '(sensitive value)\n']);
    }
    expect((await cli(['console', dir], { stdin: ['upper(var.p)'] })).stdout).toBe('"PLAIN"\n');
    // terraform console 1.11: sensitive(1) + 1 is (sensitive value), nonsensitive(var.s) shows it.
    expect((await cli(['console', dir], { stdin: ['sensitive(1) + 1'] })).stdout).toBe('(sensitive value)\n');
    expect((await cli(['console', dir], { stdin: ['nonsensitive(var.s)'] })).stdout).toBe('"hunter2"\n');
    expect((await cli(['console', dir], { stdin: ['nonsensitive(sensitive(2))'] })).stdout).toBe('2\n');
  });
});

describe('apply progress', () => {
  it('a failing sysctl write names the command with the sensitive value hidden', async () => {
    const change = plan().changes.find((c) => c.address === 'director.d.sysctl["net.ipv4.vs.expire_nodest_conn"]')!;
    const failing: CommandRunner = {
      run: async (argv) => ({ argv, exitCode: 255, signal: null, stdout: '', stderr: 'sysctl: permission denied on key "net.ipv4.vs.expire_nodest_conn"', durationMs: 1 }),
      close: async () => undefined,
    };
    const argvs = argvFor(change, providerBuilders);
    if (!argvs.ok) throw new Error(argvs.error);
    expect(argvs.value[0]!.join(' ')).toBe('sysctl -q -w net.ipv4.vs.expire_nodest_conn=1');
    const failed = await runSteps(failing, argvs.value.map((argv) => ({ change, argv })));
    expect(failed.failed?.error).toBe('sysctl -q -w net.ipv4.vs.expire_nodest_conn=(sensitive value): exit 255: sysctl: permission denied on key "net.ipv4.vs.expire_nodest_conn"');
  });
});
