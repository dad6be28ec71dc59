import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/support/run-cli.js';

const WEB_DR = resolve('test/fixtures/import/keepalived/web-dr/keepalived.conf');
const LD_WEB = resolve('test/fixtures/import/ldirectord/web/ldirectord.cf');

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-import-cli-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

const HOSTS = `director "edge" {
  connection { type = "local" }
  interface = "eth0"
}
director "backup" {
  connection { type = "local" }
  bind_vips = false
}
realserver "web1" {
  address = "192.168.122.10"
  manage  = false
}
`;

describe('lvsplan import -from', () => {
  it('attaches to the declared director -director names, names declared real servers, and sets bind_vips = false on its block', async () => {
    const dir = dirWith({ 'hosts.hcl': HOSTS });
    const r = await cli([`-chdir=${dir}`, 'import', '-from=keepalived', '-director=edge', '-out=imported.hcl', WEB_DR]);
    expect(r.code, r.stderr).toBe(0);
    const hcl = readFileSync(join(dir, 'imported.hcl'), 'utf8');
    expect(hcl).not.toContain('director "lvs"');
    expect(hcl).toContain('director   = "edge"');
    expect(hcl).toMatch(/backend "web1" \{\n {4}weight = 3\n {2}\}/);
    expect(readFileSync(join(dir, 'hosts.hcl'), 'utf8')).toBe(
      HOSTS.replace(
        'director "edge" {\n',
        'director "edge" {\n  # keepalived\'s VRRP owns the VIPs (192.168.122.50 in vrrp_instance VI_WEB), so lvsplan must not bind them.\n  bind_vips = false\n\n',
      ),
    );
    expect(r.stderr).toContain('Warning: Director block edited');
    expect(r.stderr).toContain('on hosts.hcl line 3, in director "edge":');
    expect((await cli([`-chdir=${dir}`, 'validate'])).code).toBe(0);
    expect((await cli([`-chdir=${dir}`, 'fmt', '-check'])).code).toBe(0);
  });

  it('to standard output it edits no file and says what to add', async () => {
    const dir = dirWith({ 'hosts.hcl': HOSTS });
    const r = await cli([`-chdir=${dir}`, 'import', '-from=ldirectord', '-director=edge', LD_WEB]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'hosts.hcl'), 'utf8')).toBe(HOSTS);
    expect(r.stderr).toContain('Warning: Director binds the VIPs');
    expect(r.stderr).toContain('Add bind_vips = false to director "edge"');
    expect(r.stderr).toContain('With -out=FILE, import adds it');
  });

  it('needs -director when several are declared, and never overwrites a file', async () => {
    const dir = dirWith({ 'hosts.hcl': HOSTS, 'taken.hcl': '# mine\n' });
    const several = await cli([`-chdir=${dir}`, 'import', '-from=ldirectord', LD_WEB]);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('say which one runs these services with -director=NAME');
    const taken = await cli([`-chdir=${dir}`, 'import', '-from=ldirectord', '-director=backup', '-out=taken.hcl', LD_WEB]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('Output file already exists');
    expect(readFileSync(join(dir, 'taken.hcl'), 'utf8')).toBe('# mine\n');
  });

  it('writes to standard output where no configuration is, with a director block to fill in', async () => {
    const r = await cli([`-chdir=${dirWith({})}`, 'import', '-from=ldirectord', LD_WEB]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync('test/fixtures/import/ldirectord/web/expected.hcl', 'utf8').replace('test/fixtures/import/ldirectord/web/ldirectord.cf', LD_WEB).replace(/From test\/fixtures\/import\/ldirectord\/web\/ldirectord.cf/g, `From ${LD_WEB}`));
    expect(r.stderr).toContain('Warning: ldirectord "autoreload" not converted');
  });

  it('-config-id picks keepalived @ID lines; it is refused for ldirectord', async () => {
    const dir = dirWith({ 'k.conf': 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  @lb2 lb_algo sh\n  @^lb2 lb_algo rr\n  real_server 10.0.0.2 80 {\n  }\n}\n' });
    const r = await cli([`-chdir=${dir}`, 'import', '-from=keepalived', '-config-id=lb2', 'k.conf']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('scheduler  = "sh"');
    const ld = await cli([`-chdir=${dir}`, 'import', '-from=ldirectord', '-config-id=lb2', LD_WEB]);
    expect(ld.code).toBe(1);
    expect(ld.stderr).toContain('Option only for keepalived');
  });

  it('an unknown format, a missing file and a bad input line are diagnostics with exit 1', async () => {
    expect((await cli(['import', '-from=haproxy', 'x.cfg'])).stderr).toContain('-from takes keepalived or ldirectord');
    expect((await cli(['import', '-from=keepalived'])).stderr).toContain('Missing file to convert');
    const bad = dirWith({ 'k.conf': 'virtual_server 10.0.0.1 80 {\n  lvs_method ROUTE\n' });
    const r = await cli([`-chdir=${bad}`, 'import', '-from=keepalived', 'k.conf']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Error: Unknown forwarding method');
    expect(r.stderr).toContain('on k.conf line 2');
  });
});
