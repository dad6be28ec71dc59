import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import { planProblems } from '../../src/apply/check-plan.js';
import { runApply } from '../../src/cli/commands/apply.js';
import { runShow } from '../../src/cli/commands/show.js';
import { loadPlanKey, planKeyPath } from '../../src/cli/plan-key.js';
import { readSavedPlan } from '../../src/cli/saved-plan.js';
import { encodePlanFile } from '../../src/plan/plan-file.js';
import { planMac } from '../../src/plan/plan-mac.js';
import type { Plan } from '../../src/plan/types.js';
import type { ProbeSpec } from '../../src/model/health.js';
import { Cluster, desired } from '../apply/support/cluster.js';
import { captureIO } from './support/cli-io.js';
import { printDiagnostics } from '../../src/cli/print-diagnostics.js';
import type { Diagnostic } from '../../src/hcl/diagnostic.js';

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-planfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: join(dir, 'config'), PATH: process.env.PATH };
const key = () => {
  const k = loadPlanKey(env, true);
  if (!k.ok) throw new Error(k.error);
  return k.key;
};

let n = 0;
function save(text: string): string {
  const file = join(dir, `plan-${(n += 1)}`);
  writeFileSync(file, text);
  return file;
}
const signed = (plan: Plan) => encodePlanFile(plan, planMac(key(), plan));

/** Diagnostics go where the CLI prints them: into the captured stderr. */
const report = (io: ReturnType<typeof captureIO>) => (diags: readonly Diagnostic[]) => printDiagnostics(io, diags, new Map(), false);

/** A shell script that logs its argv and fails: any command a plan file makes lvsplan run shows up in the log. */
function loggingTool(): { argv: string[]; log: string } {
  const log = join(dir, `argv-${(n += 1)}.log`);
  const tool = join(dir, `tool-${n}`);
  writeFileSync(tool, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexit 1\n`, { mode: 0o755 });
  return { argv: [tool], log };
}
const logged = (log: string) => {
  try {
    return readFileSync(log, 'utf8');
  } catch {
    return '';
  }
};

/** A fresh copy each time (the cluster's host specs are shared module state). */
async function seedPlan(): Promise<Plan> {
  return structuredClone(await new Cluster().plan(desired()));
}

describe('the plan key', () => {
  it('is created 0600 on first use and read back the same', () => {
    const first = key();
    expect(statSync(planKeyPath(env)).mode & 0o777).toBe(0o600);
    expect(key().equals(first)).toBe(true);
  });
});

describe('apply FILE runs only a plan signed with the operator key', () => {
  it('refuses an exec connection edited into a signed file before running anything', async () => {
    const plan = await seedPlan();
    const text = signed(plan);
    const tool = loggingTool();
    const env2 = JSON.parse(text);
    env2.plan.hosts[0].connection = { type: 'exec', command: tool.argv };
    const io = captureIO(env);
    const code = await runApply({ mode: 'apply', dirOrPlan: save(JSON.stringify(env2)), autoApprove: false, lock: true, lockTimeout: 0, input: false, variables: [], target: [], replace: [], json: false, version: '0.0.0', parallelism: 10, color: false }, io);
    expect(code).toBe(1);
    expect(io.err.join('')).toContain('Plan file not signed with your plan key');
    expect(io.err.join('')).toContain('does not match its content');
    expect(logged(tool.log)).toBe('');
  });

  it('refuses a file without a code, or one signed with another key', async () => {
    const plan = await seedPlan();
    const io = captureIO(env);
    expect(readSavedPlan(save(encodePlanFile(plan)), report(io), env, 'apply')).toBeNull();
    expect(io.err.join('')).toContain('carries no authentication code');
    const other = encodePlanFile(plan, planMac(Buffer.from('x'.repeat(64)), plan));
    expect(readSavedPlan(save(other), report(captureIO(env)), env, 'apply')).toBeNull();
    expect(readSavedPlan(save(signed(plan)), report(captureIO(env)), env, 'apply')).toEqual(plan);
  });

  it('show prints the connections, and warns about an unsigned file instead of refusing it', async () => {
    const plan = await seedPlan();
    const io = captureIO(env);
    expect(await runShow({ file: save(encodePlanFile(plan)), json: false, color: false }, io)).toBe(0);
    expect(io.out.join('')).toContain('lvs-dr (director): 192.168.122.5:22');
    expect(io.err.join('')).toContain('Warning: Plan file not signed');
  });
});

describe('a loaded plan is held to the configuration rules', () => {
  const problemsOf = async (edit: (p: Plan) => void) => {
    const plan = await seedPlan();
    edit(plan);
    return planProblems(plan).join('\n');
  };

  it('refuses a sysctl value no configuration may hold', async () => {
    expect(await problemsOf((p) => {
      const c = p.changes.find((x) => x.type === 'sysctl')!;
      c.id = 'kernel.core_pattern';
      c.after = { name: 'kernel.core_pattern', value: '|/bin/sh -c id' };
    })).toMatch(/sysctl value "\|\/bin\/sh -c id" contains "\|"; it may hold only/);
  });

  it('refuses changes for hosts that are not declared or not fingerprinted', async () => {
    expect(await problemsOf((p) => (p.changes[0]!.host = 'ghost'))).toContain('host "ghost" is not declared in the plan');
    expect(await problemsOf((p) => (p.fingerprints = []))).toContain('has no fingerprint');
  });

  it('refuses unknown actions and types, and hostile connections', async () => {
    expect(await problemsOf((p) => ((p.changes[0] as { action: string }).action = 'obliterate'))).toContain('action "obliterate" is unknown');
    expect(await problemsOf((p) => ((p.changes[0] as { type: string }).type = 'shell'))).toContain('resource type "shell" is unknown');
    expect(await problemsOf((p) => (p.hosts[0]!.connection = { type: 'ssh', host: '-oProxyCommand=id', timeout: 10 }))).toContain('not a valid host name');
    expect(await problemsOf((p) => (p.hosts[0]!.connection = { type: 'ssh', host: 'lb', bastion: 'j1,-oProxyCommand=id', timeout: 10 }))).toContain('bastion hop');
    expect(await problemsOf((p) => (p.hosts[0]!.name = '../x'))).toContain('is not a valid host name');
  });

  it('holds the probes a plan carries (run after apply) to what decode-probe accepts', async () => {
    const probe: ProbeSpec = {
      name: 'vip', connection: { type: 'ssh', host: 'client', timeout: 10 }, kind: 'http', url: 'http://192.168.122.50/', address: '192.168.122.50', port: 80,
      path: '/', requests: 4, timeoutMs: 2000, expectStatus: [[200, 299]], expectBody: 'host!', minDistinct: 2, arpCheck: { vip: '192.168.122.50', interface: 'eth0' },
    };
    const withProbe = (edit: (x: Record<string, unknown>) => void) => problemsOf((p) => {
      const x = structuredClone(probe) as unknown as Record<string, unknown>;
      edit(x);
      p.probes = [x as unknown as ProbeSpec];
    });
    expect(await withProbe(() => undefined)).toBe('');
    expect(await withProbe((x) => (x.connection = { type: 'ssh', host: '-oProxyCommand=id', timeout: 10 }))).toMatch(/^probes\[0\]: connection: .*not a valid host name/);
    expect(await withProbe((x) => (x.path = '/ x'))).toContain('probes[0]: "path" is not a request path');
    expect(await withProbe((x) => (x.address = 'client; id'))).toContain('"address" is not an IP address');
    expect(await withProbe((x) => (x.arpCheck = { vip: '192.168.122.50', interface: '-x' }))).toContain('"arpCheck" needs');
    expect(await withProbe((x) => (x.requests = 1e9))).toContain('"requests" is not between 1 and 1000');
    expect(await problemsOf((p) => ((p as { probes: unknown }).probes = 'x'))).toBe('"probes" is not a list');
  });

  it('builds a destination whose service is not in the plan against the service its id names', async () => {
    const onlyDestination = (edit: (d: Plan['changes'][number]) => void) => (p: Plan) => {
      p.changes = p.changes.filter((c) => c.type !== 'ipvs_service');
      const d = p.changes.find((c) => c.type === 'ipvs_destination' && c.after?.forwarding === 'dr')!;
      edit(d);
    };
    expect(await problemsOf(onlyDestination(() => {}))).toBe('');
    expect(await problemsOf(onlyDestination((d) => {
      d.after = { ...d.after!, port: 8080 };
      d.id = `${String(d.after.service)}->${String(d.after.address)}:8080`;
    }))).toContain('with dr forwarding the destination port must equal the service port 80');
    expect(await problemsOf(onlyDestination((d) => {
      d.after = { ...d.after!, service: 'shell:$(id)' };
      d.id = `shell:$(id)->${String(d.after.address)}:${String(d.after.port)}`;
    }))).toContain('its service "shell:$(id)" is not a service id');
  });

  it('refuses a plan file nested deeper than lvsplan ever writes, without a stack overflow', async () => {
    const deep = `{"format":"lvsplan-plan","version":"1.1","plan":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const io = captureIO(env);
    expect(readSavedPlan(save(deep), report(io), env, 'show')).toBeNull();
    expect(io.err.join('')).toContain('nests deeper');
  });
});

/** Every leaf of the file, and every object key, with the values an attacker would try there. */
function* mutations(value: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[]; value: unknown }> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* mutations(v, [...path, Array.isArray(value) ? Number(k) : k]);
    if (path.length > 0) yield { path, value: undefined };
    return;
  }
  const hostile = ['|/bin/sh -c id', '-oProxyCommand=id', '$(id)', 'x\n-A -t 1.2.3.4:1', 'constructor', ''];
  const numbers = [-1, 0.5, 70_000, 1e300];
  if (typeof value === 'string') for (const h of hostile) yield { path, value: h };
  if (typeof value === 'number') for (const x of numbers) yield { path, value: x };
  if (typeof value === 'boolean') yield { path, value: !value };
  yield { path, value: typeof value === 'string' ? 7 : 'x' };
  yield { path, value: null };
}

function setPath(root: unknown, path: (string | number)[], value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
}

describe('tampered-plan corpus', () => {
  it('refuses every mutation of every field of a signed file before any command runs', async () => {
    const plan = await seedPlan();
    const original = JSON.parse(signed(plan));
    let tried = 0;
    for (const m of mutations(original)) {
      const copy = structuredClone(original);
      setPath(copy, m.path, m.value);
      const io = captureIO(env);
      const loaded = readSavedPlan(save(JSON.stringify(copy)), report(io), env, 'apply');
      const same = JSON.stringify(copy.plan) === JSON.stringify(original.plan) && copy.mac === original.mac;
      if (!same) expect(loaded, `mutation at ${m.path.join('.')}`).toBeNull();
      expect(io.err.join('')).not.toMatch(/internal error|at .*\.js:\d+/);
      tried += 1;
    }
    expect(tried).toBeGreaterThan(1000);
  });

  it('with the key, a re-signed mutation is refused by the rules or runs only commands the builders make', async () => {
    const plan = await seedPlan();
    let refused = 0;
    let ran = 0;
    for (const m of mutations(plan)) {
      const copy = structuredClone(plan);
      setPath(copy, m.path, m.value);
      const loaded = readSavedPlan(save(signed(copy)), report(captureIO(env)), env, 'apply');
      if (loaded === null) {
        refused += 1;
        continue;
      }
      ran += 1;
      const cluster = new Cluster();
      const result = await executePlan(loaded, cluster.deps({ savedPlan: true }));
      const diagnostics = result.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('\n');
      expect(diagnostics, `mutation at ${m.path.join('.')}`).not.toContain('internal error');
      for (const host of cluster.hosts.values()) {
        // Commands and ipvsadm -R batches; the state record written on stdin is data, not a command.
        const sent = host.log.map((e) => `${e.argv.join(' ')}\n${e.argv[0] === 'ipvsadm' ? (e.stdin ?? '') : ''}`).join('\n');
        expect(sent, `mutation at ${m.path.join('.')}`).not.toMatch(/\/bin\/sh -c id|ProxyCommand|\$\(id\)|1\.2\.3\.4/);
      }
    }
    expect(refused).toBeGreaterThan(ran);
  });
});

describe('locks are released on every path', () => {
  it('a change for a host without a connection fails that host, and every lock taken is released', async () => {
    const cluster = new Cluster();
    const plan = await cluster.plan(desired());
    plan.changes.push({ ...plan.changes.find((c) => c.host === 'lvs01')!, host: 'ghost' });
    const result = await executePlan(plan, cluster.deps());
    expect(result.exitCode).toBe(1);
    expect(result.failed.some((o) => o.change.host === 'ghost' && /no connection/.test(o.message ?? ''))).toBe(true);
    for (const host of cluster.hosts.values()) expect(host.lockOwner, host.name).toBeNull();
  });
});
