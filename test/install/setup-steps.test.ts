import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** The helper test/lab/setup.sh and ensure-ready.sh run their package-manager steps through. */
const STEPS = resolve('test/lab/lib/steps.sh');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvsplan-steps-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function steps(script: string) {
  const log = join(dir, 'setup.log');
  const r = spawnSync('bash', ['-c', `set -euo pipefail; source "$1"; ${script}`, 'bash', STEPS], {
    encoding: 'utf8',
    env: { ...process.env, LVSPLAN_SETUP_LOG: log, LVSPLAN_SETUP_LOG_TOLD: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, log: readFileSync(log, 'utf8'), logPath: log };
}

describe('setup steps', () => {
  it('print one line each and send the commands\' output to the log, named once', () => {
    const r = steps('step "first" sh -c "echo apt noise; echo more noise >&2"; step "second" true');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^setup: package manager output goes to ${r.logPath}\\nsetup: first \\.\\.\\. done \\(\\d+s\\)\\nsetup: second \\.\\.\\. done \\(\\d+s\\)\\n$`));
    expect(r.stderr).toBe('');
    expect(r.log).toContain('apt noise\nmore noise\n');
  });

  it('on failure show the log\'s tail and stop with the command\'s exit status', () => {
    const r = steps('step "install" sh -c "echo E: Unable to locate package nope; exit 100"; step "never" true');
    expect(r.code).toBe(100);
    expect(r.stdout).toMatch(/setup: install \.\.\. FAILED \(exit 100\)\n$/);
    expect(r.stdout).not.toContain('never');
    expect(r.stderr).toContain(`the last lines of ${r.logPath}`);
    expect(r.stderr).toContain('| E: Unable to locate package nope');
  });
});
