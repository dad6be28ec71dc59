import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lvsplanExpect, output } from './support/apply-support.js';
import { useResetLab } from './support/use-reset-lab.js';

// The backend's label names no host; only `realserver = "lvs01"` ties it to lvs01.
const CONFIG = `director "lvs-dr" {
  connection {
    host    = "192.168.122.5"
    timeout = "60s"
  }
  interface = "eth0"
}
realserver "lvs01" {
  address = "192.168.122.10"
  connection {
    host    = "192.168.122.10"
    timeout = "60s"
  }
}
virtual_server "web" {
  director  = "lvs-dr"
  address   = "192.168.122.50"
  port      = 80
  scheduler = "rr"
  backend "app1" { realserver = "lvs01" }
}
`;

describe('-target over ssh', () => {
  const l = useResetLab();

  it('-target=virtual_server.web prepares lvs01 (VIP on lo, ARP sysctls) before its destination goes live', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-target-'));
    writeFileSync(join(dir, 'main.hcl'), CONFIG);

    const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', '-target=virtual_server.web', dir], 0);
    const text = output(r);
    expect(text).toContain('Warning: Resource targeting is in effect');
    const prepared = text.indexOf('lvs01: realserver.lvs01.address["lo/192.168.122.50"]: Creation complete');
    const arp = text.indexOf('lvs01: realserver.lvs01.sysctl["net.ipv4.conf.all.arp_ignore"]: Modifications complete');
    const live = text.indexOf('lvs-dr: virtual_server.web.backend["app1"]: Creating...');
    expect(prepared, text).toBeGreaterThan(0);
    expect(arp, text).toBeGreaterThan(0);
    expect(live, text).toBeGreaterThan(Math.max(prepared, arp));
    expect(await l.sysctl('lvs01', 'net.ipv4.conf.all.arp_ignore')).toBe('1');
    expect(await l.sysctl('lvs01', 'net.ipv4.conf.all.arp_announce')).toBe('2');
    expect(await l.mustExec('lvs01', ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).toContain(`${l.vip}/32`);
    expect(await l.ipvsSave()).toContain(`-a -t ${l.vip}:80 -r ${l.address('lvs01')}:80 -g -w 1`);
    // The director's VIP was not targeted.
    expect(await l.mustExec('director', ['ip', '-o', 'addr', 'show', 'dev', 'eth0'])).not.toContain(l.vip);
  });

  it('a -target that matches nothing is an error naming the nearest address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplan-target-'));
    writeFileSync(join(dir, 'main.hcl'), CONFIG);
    const r = await lvsplanExpect(l, ['plan', '-no-color', '-target=virtual_server.wbe', dir], 1);
    expect(r.stderr).toContain('Target matches nothing');
    expect(r.stderr).toContain('Did you mean "virtual_server.web"?');
    expect(r.stdout).not.toContain('No changes');
  });
});
