import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHostReadScript } from '../../providers/host-read-script.js';
import { firstSysctlNames, refreshHosts } from '../../src/apply/refresh.js';
import type { CommandResult } from '../../src/transport/command-runner.js';
import type { HostSpec } from '../../src/model/hosts.js';
import { ExecRunner } from '../../src/transport/exec-runner.js';

/**
 * An exec prefix that runs the real read script but, for its first `cuts` calls, passes on only the
 * output before the sysctls section and exits 0: what the cluster lab saw from ssh on a few hosts.
 */
function cuttingPrefix(cuts: number): { prefix: string[]; calls(): number } {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-cut-read-'));
  const count = join(dir, 'count');
  writeFileSync(count, '0');
  const script = join(dir, 'cut');
  writeFileSync(
    script,
    `#!/bin/sh\nn=$(cat ${count}); echo $((n + 1)) > ${count}\nout=$("$@"); rc=$?\nif [ "$n" -lt ${cuts} ]; then printf '%s\\n' "\${out%%@@lvsplan:begin sysctls*}"; exit 0; fi\nprintf '%s\\n' "$out"; exit $rc\n`,
  );
  chmodSync(script, 0o755);
  return { prefix: [script], calls: () => Number(readFileSync(count, 'utf8')) };
}

const desired = [{ host: 'rs033', type: 'sysctl' as const, id: 'net.ipv4.ip_forward', address: 'realserver.rs033', attrs: { name: 'net.ipv4.ip_forward', value: '0' } }];

async function refresh(cuts: number, reads?: ReadonlyMap<string, CommandResult>) {
  const wrap = cuttingPrefix(cuts);
  const host: HostSpec = { name: 'rs033', role: 'realserver', connection: { type: 'exec', command: wrap.prefix }, exclusive: false };
  const result = await refreshHosts({ hosts: [host], desired, runners: new Map([['rs033', new ExecRunner(wrap.prefix)]]), parallelism: 1, ...(reads ? { reads } : {}) });
  return { ...result, calls: wrap.calls() };
}

/** The read of rs033 as its lock holder would have made it (the same script, run here). */
async function madeRead(): Promise<CommandResult> {
  const argv = buildHostReadScript({ role: 'realserver', sysctlNames: firstSysctlNames('rs033', desired) });
  if (!argv.ok) throw new Error(argv.error);
  return new ExecRunner([]).run(argv.value, { timeoutMs: 30_000 });
}

describe('a read made already (by the lock holder, apply -auto-approve)', () => {
  it('is the plan\'s read: no command of its own', async () => {
    const given = await madeRead();
    const r = await refresh(0, new Map([['rs033', given]]));
    expect(r.diagnostics).toEqual([]);
    expect(r.calls).toBe(0);
    expect(r.hosts[0]!.observed.resources.filter((x) => x.type === 'sysctl').map((x) => x.id)).toEqual(['net.ipv4.ip_forward']);
  });

  it('cut short, is read again with a command of its own', async () => {
    const given = await madeRead();
    const cut = { ...given, stdout: given.stdout.slice(0, given.stdout.indexOf('@@lvsplan:begin sysctls')) };
    const r = await refresh(0, new Map([['rs033', cut]]));
    expect(r.diagnostics).toEqual([]);
    expect(r.calls).toBe(1);
    expect(r.hosts[0]!.observed.resources.filter((x) => x.type === 'sysctl').map((x) => x.id)).toEqual(['net.ipv4.ip_forward']);
  });
});

describe('a host read whose output is cut short', () => {
  it('is read once more, and the second, whole answer is used', async () => {
    const r = await refresh(1);
    expect(r.diagnostics).toEqual([]);
    expect(r.calls).toBe(2);
    expect(r.hosts[0]!.observed.resources.filter((x) => x.type === 'sysctl').map((x) => x.id)).toEqual(['net.ipv4.ip_forward']);
  });

  it('cut twice, is an error that says what was cut and that it was read twice', async () => {
    const r = await refresh(2);
    expect(r.calls).toBe(2);
    expect(r.hosts).toEqual([]);
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['Reading host "rs033" returned incomplete output']);
    expect(r.diagnostics[0]!.detail).toMatch(/^The read command exited 0, but its output \(\d+ bytes\) stops after the section addresses\.\n/);
    expect(r.diagnostics[0]!.detail).toContain('Missing: sysctls (never began), state (never began), the closing marker.');
    expect(r.diagnostics[0]!.detail).toContain('It was read 2 times and cut every time.');
  });

  it('a whole read runs once', async () => {
    const r = await refresh(0);
    expect(r.diagnostics).toEqual([]);
    expect(r.calls).toBe(1);
  });
});
