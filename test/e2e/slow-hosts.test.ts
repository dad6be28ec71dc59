import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArgv } from '../lab/api/run.js';
import { LVS_DR, lvsplanExpect, output, seconds } from './support/apply-support.js';
import { useResetLab } from './support/use-reset-lab.js';

// Every host takes 30 s to start each remote command, as on a host under heavy load: root's login shell
// becomes one that sleeps first. sshd reads the shell when a connection logs in, so open masters are closed.
const DELAY_SECONDS = 30;
const SLOW_SHELL = '/lab/slow-login-shell';
const PASSWD = '/etc/passwd';
const COMMAND_LIMIT_MS = 900_000;

describe(`hosts whose every command takes ${DELAY_SECONDS} s to start`, () => {
  const l = useResetLab();
  let passwd = '';

  const closeMasters = () => Promise.all(l.topology.hosts.map((h) => runArgv(['ssh', '-O', 'exit', h.address], { env: l.operatorEnv() })));

  beforeAll(async () => {
    passwd = readFileSync(PASSWD, 'utf8');
    const shell = /^root:(?:[^:\n]*:){5}([^:\n]*)$/m.exec(passwd)?.[1] ?? '/bin/sh';
    writeFileSync(SLOW_SHELL, `#!/bin/sh\nsleep ${DELAY_SECONDS}\nexec ${shell} "$@"\n`, { mode: 0o755 });
    writeFileSync(PASSWD, passwd.replace(/^(root:(?:[^:\n]*:){5})[^:\n]*$/m, `$1${SLOW_SHELL}`));
    await closeMasters();
  });

  afterAll(async () => {
    writeFileSync(PASSWD, passwd);
    await closeMasters();
    rmSync(SLOW_SHELL, { force: true });
  });

  it('apply of the seed example succeeds, and a plan after it says No changes', async () => {
    const started = Date.now();
    const [probe, apply] = await Promise.all([
      (async () => {
        const t = Date.now();
        await l.ssh('lvs01', 'true');
        return Date.now() - t;
      })(),
      lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', LVS_DR], 0, { timeoutMs: COMMAND_LIMIT_MS }),
    ]);
    const applied = Date.now() - started;
    expect(probe, 'a remote command on a slowed host').toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
    const text = output(apply);
    expect(text).toContain('Apply complete!');
    expect(text).not.toMatch(/lock lost|stale|another lvsplan apply/i);
    expect(await l.ipvsSave()).toContain(`-a -t ${l.vip}:80 -r ${l.address('lvs02')}:80 -g -w 1`);

    const plan = await lvsplanExpect(l, ['plan', '-detailed-exitcode', '-no-color', LVS_DR], 0, { timeoutMs: COMMAND_LIMIT_MS });
    expect(plan.stdout).toContain('No changes.');
    console.log(`slow hosts: one command ${seconds(probe)}, apply ${seconds(applied)}, plan ${seconds(Date.now() - started - applied)}`);
  }, 1_200_000);
});
