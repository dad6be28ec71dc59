import { describe, expect, it } from 'vitest';
import { cli } from './support/run-cli.js';
import { configDir, execCluster } from './support/config-dir.js';

describe('plan -json on error', () => {
  it('still writes one valid JSON document, with the diagnostics in it', async () => {
    const dir = configDir('virtual_server "web" {\n  port = \n}\n');
    const r = await cli(['plan', '-json', dir]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ errored: true });
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    expect(doc.diagnostics[0]).toMatchObject({ severity: 'error', range: { filename: expect.stringContaining('main.hcl') } });
    expect(r.stderr).toBe('');
  });

  it('names a host that cannot be read, inside the JSON', async () => {
    const dir = configDir(execCluster(['false'], '"10.9.9.9"'));
    const r = await cli(['plan', '-json', dir]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.errored).toBe(true);
    expect(JSON.stringify(doc.diagnostics)).toContain('lvs-dr');
  });
});

describe('required variables and -input', () => {
  const dir = configDir(execCluster(['false']));

  it('are asked for on a terminal, as Terraform does', async () => {
    const r = await cli(['plan', dir], { stdinIsTTY: true, stdin: ['10.1.2.3'] });
    expect(r.stdout).toContain('var.vip\n  Enter a value: ');
    expect(r.stderr).not.toContain('No value for required variable');
    // Planning went on to read the host (which this test's exec connection cannot).
    expect(r.stderr).toContain('lvs-dr');
    expect(r.code).toBe(1);
  });

  it('are an error with -input=false, and when stdin is not a terminal', async () => {
    for (const [args, tty] of [[['plan', '-input=false', dir], true], [['plan', dir], false]] as const) {
      const r = await cli([...args], { stdinIsTTY: tty, stdin: ['10.1.2.3'] });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('Enter a value');
      expect(r.stderr).toContain('No value for required variable');
    }
  });
});

describe('-compact-warnings', () => {
  it('lists warnings in short form', async () => {
    const dir = configDir(`${execCluster(['false'], '"10.9.9.9"')}\n`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/lvsplan.lvsvars`, 'nosuch = 1\nvip = "10.9.9.9"\n');
    const full = await cli(['plan', dir]);
    expect(full.stderr).toMatch(/│ Warning: /);
    const compact = await cli(['plan', '-compact-warnings', dir]);
    expect(compact.stderr).toMatch(/^Warnings:\n\n- .*\n {2}on .*lvsplan\.lvsvars line 1\n/);
    expect(compact.stderr).toContain('To see the full warning notes, run lvsplan without -compact-warnings.');
  });
});

describe('host errors', () => {
  it("name the exec connection's configured command and its place, not lvsplan's read script", async () => {
    const dir = configDir(execCluster(['sh', '-c', 'exit 3'], '"10.9.9.9"'));
    const r = await cli(['plan', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: Command failed on host "lvs-dr"');
    // The place is the connection's command = line (line 4), not the director block's first line.
    expect(r.stderr).toMatch(/on .*main\.hcl line 4, in director "lvs-dr":\n│ {4}4: {5}command = \["sh","-c","exit 3"\]/);
    expect(r.stderr).toContain("The exec connection's command sh -c 'exit 3', or what it ran, exited with status 3.");
    expect(r.stderr).toContain('lvsplan-read, lvsplan');
    expect(r.stderr).toContain('Set LVSPLAN_LOG=debug');
    expect(r.stderr).not.toContain('lvsplan_section');
    expect(r.stderr.split('\n').length).toBeLessThan(20);
  });

  it('LVSPLAN_LOG=debug logs every remote command in full with its exit and timing', async () => {
    const dir = configDir(execCluster(['sh', '-c', 'exit 3'], '"10.9.9.9"'));
    const r = await cli(['plan', dir], { env: { LVSPLAN_LOG: 'debug' } });
    expect(r.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[DEBUG\] lvs-dr: run:\n {4}sh -c /);
    expect(r.stderr).toContain('lvsplan_section ipvs-save ipvsadm -Sn');
    expect(r.stderr).toMatch(/\[DEBUG\] lvs-dr: exit 3 after \d+ ms, stdout 0 bytes/);
  });
});

describe('an exec connection whose command cannot start', () => {
  it('names the configured program and points at its command = line', async () => {
    const dir = configDir(execCluster(['/nonexistent/lvsplan-test-prefix'], '"10.9.9.9"'));
    const r = await cli(['plan', '-no-color', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"/nonexistent/lvsplan-test-prefix" is installed and on PATH');
    expect(r.stderr).toMatch(/on \S*main\.hcl line 4, in director "lvs-dr":/);
  });
});
