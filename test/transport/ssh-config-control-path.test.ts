import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sshConfigMayNameControlPath } from '../../src/transport/ssh-config-control-path.js';

const dir = mkdtempSync(join(tmpdir(), 'ssh-config-cp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string, name = `config${++n}`): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('sshConfigMayNameControlPath', () => {
  it('is false for a config that names no ControlPath, and for -F none', () => {
    expect(sshConfigMayNameControlPath(file('Host *\n  BatchMode yes\n  StrictHostKeyChecking no\n'))).toBe(false);
    expect(sshConfigMayNameControlPath('none')).toBe(false);
    expect(sshConfigMayNameControlPath(join(dir, 'missing'))).toBe(false);
  });

  it('is true for a ControlPath in any spelling, or one given with -o', () => {
    expect(sshConfigMayNameControlPath(file('Host lb*\n  controlpath ~/.ssh/cm-%C\n'))).toBe(true);
    expect(sshConfigMayNameControlPath(file('Host *\n  ControlPath=/tmp/x\n'))).toBe(true);
    expect(sshConfigMayNameControlPath(file('Host *\n'), ['ControlPath=/tmp/cm-%C'])).toBe(true);
    expect(sshConfigMayNameControlPath(file('Host *\n'), ['Include=/etc/other'])).toBe(true);
  });

  it('follows Include, with a glob in the last part, absolute or relative', () => {
    const inc = join(dir, 'inc.d');
    mkdirSync(inc);
    writeFileSync(join(inc, 'a.conf'), 'Host a\n  Port 2222\n');
    expect(sshConfigMayNameControlPath(file(`Include ${inc}/*.conf\n`))).toBe(false);
    writeFileSync(join(inc, 'b.conf'), 'Host b\n  ControlPath /run/cm-%C\n');
    expect(sshConfigMayNameControlPath(file(`Include ${inc}/*.conf\n`))).toBe(true);
    expect(sshConfigMayNameControlPath(file(`include = ${inc}/b.con?\n`))).toBe(true);
    expect(sshConfigMayNameControlPath(file(`Include ${inc}/a.conf ${inc}/b.conf\n`))).toBe(true);
    expect(sshConfigMayNameControlPath(file(`Include ${join(dir, 'nothing-here')}/*.conf\n`))).toBe(false);
  });

  it('counts what it cannot read for sure as a mention', () => {
    expect(sshConfigMayNameControlPath(file(`Include ${dir}/*/b.conf\n`))).toBe(true);
    expect(sshConfigMayNameControlPath(file(`Include "${dir}/with space"\n`))).toBe(true);
    expect(sshConfigMayNameControlPath(file(`Include ${dir}/{a,b}.conf\n`))).toBe(true);
    const loop = join(dir, 'loop');
    writeFileSync(loop, `Include ${loop}\n`);
    expect(sshConfigMayNameControlPath(loop)).toBe(true);
  });

  it('counts a file it cannot read (here a directory) as a mention', () => {
    expect(sshConfigMayNameControlPath(dir)).toBe(true);
  });
});
