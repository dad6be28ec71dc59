import { describe, expect, it } from 'vitest';
import { decode, decodeOk, HOSTS } from './helpers.js';

const svcOf = (d: ReturnType<typeof decodeOk>, id: string) => d.resources.find((r) => r.type === 'ipvs_service' && r.id === id)!;

describe('repetition', () => {
  it('for_each on backends binds each.key and each.value; the key names the backend', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  backend "pool" {
    for_each = { r1 = 3, r2 = 5 }
    weight   = each.value
  }
}`);
    const dests = d.resources.filter((r) => r.type === 'ipvs_destination');
    expect(dests.map((r) => [r.address, r.attrs.address, r.attrs.weight])).toEqual([
      ['virtual_server.s.backend["r1"]', '10.0.0.11', 3],
      ['virtual_server.s.backend["r2"]', '10.0.0.12', 5],
    ]);
  });

  it('dynamic backend blocks use the iterator name and labels', () => {
    const d = decodeOk(`${HOSTS}
locals {
  extra = ["10.0.9.1", "10.0.9.2"]
}
virtual_server "s" {
  director   = "d"
  address    = "10.0.0.100"
  port       = 80
  forwarding = "nat"
  dynamic "backend" {
    for_each = local.extra
    iterator = ip
    labels   = ["ext-\${ip.value}"]
    content {
      address = ip.value
      port    = 8000 + ip.key
    }
  }
}`);
    expect(d.resources.filter((r) => r.type === 'ipvs_destination').map((r) => [r.address, r.id])).toEqual([
      ['virtual_server.s.backend["ext-10.0.9.1"]', 'tcp:10.0.0.100:80->10.0.9.1:8000'],
      ['virtual_server.s.backend["ext-10.0.9.2"]', 'tcp:10.0.0.100:80->10.0.9.2:8001'],
    ]);
  });

  it('for_each on virtual_server gives keyed addresses and nested backends', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "site" {
  for_each = { a = 81, b = 82 }
  director = "d"
  address  = "10.0.0.100"
  port     = each.value
  backend "r1" {}
}`);
    expect(d.resources.filter((r) => r.host === 'd' && r.type !== 'address').map((r) => r.address)).toEqual([
      'virtual_server.site["a"]',
      'virtual_server.site["a"].backend["r1"]',
      'virtual_server.site["b"]',
      'virtual_server.site["b"].backend["r1"]',
    ]);
    expect(d.resources.filter((r) => r.type === 'address' && r.host === 'd')).toHaveLength(1);
  });

  it('binds each instance its own each and iterator values, also a dynamic block inside a for_each block', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "site" {
  for_each   = { a = { port = 81, ips = ["10.0.9.1", "10.0.9.2"] }, b = { port = 82, ips = ["10.0.9.3"] } }
  director   = "d"
  address    = "10.0.0.100"
  port       = each.value.port
  forwarding = "nat"
  dynamic "backend" {
    for_each = each.value.ips
    iterator = ip
    labels   = ["\${each.key}-\${ip.key}"]
    content {
      address = ip.value
      port    = each.value.port + 1000
      weight  = ip.key + 1
    }
  }
}`);
    expect(d.resources.filter((r) => r.type === 'ipvs_destination').map((r) => [r.address, r.id, r.attrs.weight])).toEqual([
      ['virtual_server.site["a"].backend["a-0"]', 'tcp:10.0.0.100:81->10.0.9.1:1081', 1],
      ['virtual_server.site["a"].backend["a-1"]', 'tcp:10.0.0.100:81->10.0.9.2:1081', 2],
      ['virtual_server.site["b"].backend["b-0"]', 'tcp:10.0.0.100:82->10.0.9.3:1082', 1],
    ]);
  });

  it('refuses a for_each that is not a map or a collection of strings', () => {
    const r = decode(`${HOSTS}
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  backend "b" {
    for_each = 3
  }
}`);
    expect(r.diagnostics.map((x) => [x.summary, x.subject?.start.line])).toEqual([['Invalid for_each argument', 20]]);
  });
});

describe('services', () => {
  it('defaults: tcp, wlc, dr, weight 1, thresholds 0', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  backend "r1" {}
}`);
    expect(d.resources[0]!.attrs).toMatchObject({ protocol: 'tcp', scheduler: 'wlc', persistent: false });
    expect(d.resources[1]!.attrs).toMatchObject({ forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0 });
  });

  it('persistence defaults to 360 s and writes netmasks as ipvsadm -S prints them', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "a" {
  director = "d"
  address  = "10.0.0.100"
  port     = 0
  persistence {}
  backend "r1" {}
}
virtual_server "b" {
  director = "d"
  protocol = "udp"
  address  = "10.0.0.100"
  port     = 53
  persistence {
    netmask = 24
    engine  = "sip"
  }
}
virtual_server "c" {
  director = "d"
  protocol = "sctp"
  address  = "10.0.0.100"
  port     = 3868
  persistence { netmask = "255.255.255.255" }
}`);
    expect(svcOf(d, 'tcp:10.0.0.100:0').attrs).toMatchObject({ persistent: true, persistence_timeout: 360, persistence_netmask: null });
    expect(svcOf(d, 'udp:10.0.0.100:53').attrs).toMatchObject({ persistence_netmask: '255.255.255.0', persistence_engine: 'sip' });
    expect(svcOf(d, 'sctp:10.0.0.100:3868').attrs.persistence_netmask).toBeNull();
  });

  it('accepts every kernel scheduler and orders flags as ipvsadm -S prints them', () => {
    for (const s of ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos']) {
      const d = decodeOk(`${HOSTS}\nvirtual_server "s" {\n  director = "d"\n  address = "10.0.0.100"\n  port = 80\n  scheduler = "${s}"\n}`);
      expect(d.resources[0]!.attrs.scheduler).toBe(s);
    }
    const d = decodeOk(`${HOSTS}\nvirtual_server "s" {\n  director = "d"\n  address = "10.0.0.100"\n  port = 80\n  scheduler = "wlc"\n  scheduler_flags = ["flag-3", "flag-1"]\n}`);
    expect(d.resources[0]!.attrs.scheduler_flags).toEqual(['flag-1', 'flag-3']);
  });

  it('runs a service on several directors with the same address and VIPs on each', () => {
    const d = decodeOk(`${HOSTS}
director "d2" {
  connection { host = "10.0.0.2" }
  interface = "eth1"
}
virtual_server "s" {
  directors = ["d", "d2"]
  address   = "10.0.0.100"
  port      = 80
  backend "r1" {}
}`);
    expect(d.resources.filter((r) => r.address === 'virtual_server.s').map((r) => r.host)).toEqual(['d', 'd2']);
    expect(d.resources.filter((r) => r.type === 'address' && r.attrs.interface !== 'lo').map((r) => `${r.host} ${r.id}`)).toEqual(['d eth0/10.0.0.100', 'd2 eth1/10.0.0.100']);
  });

  it('an unmanaged backend is only a destination; a DR backend port equal to the service port is fine', () => {
    const d = decodeOk(`${HOSTS}
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  backend "outside" {
    address = "10.0.5.5"
    port    = 80
  }
}`);
    expect(d.resources.map((r) => `${r.host} ${r.type}`)).toEqual(['d ipvs_service', 'd ipvs_destination', 'd address']);
  });
});

describe('hosts and derived sysctls', () => {
  it('connection types and ssh options', () => {
    const d = decodeOk(`
director "a" {
  connection {
    host          = "lb.example"
    user          = "ops"
    port          = 2222
    identity_file = "~/.ssh/lb"
    bastion       = "jump.example"
    timeout       = "1m"
  }
  interface = "eth0"
}
director "b" {
  connection { type = "local" }
  bind_vips = false
}
director "c" {
  connection {
    type    = "exec"
    command = ["docker", "exec", "-i", "lb1"]
  }
  interface = "eth0"
}`);
    expect(d.hosts.map((h) => h.connection)).toEqual([
      { type: 'ssh', host: 'lb.example', user: 'ops', port: 2222, identityFile: '~/.ssh/lb', bastion: 'jump.example', timeout: 60 },
      { type: 'local' },
      { type: 'exec', command: ['docker', 'exec', '-i', 'lb1'] },
    ]);
  });

  it('NAT needs ip_forward on the director; user sysctls override derived ones; arp_sysctls = false and manage = false', () => {
    const d = decodeOk(`
director "d" {
  connection { host = "10.0.0.1" }
  interface = "eth0"
  sysctls   = { "net.ipv4.vs.conn_reuse_mode" = "  2 ", "net.ipv4.ip_forward" = 1 }
}
realserver "r1" {
  address     = "10.0.0.11"
  connection { host = "10.0.0.11" }
  arp_sysctls = false
  sysctls     = { "net.ipv4.conf.eth0.arp_ignore" = 1 }
}
realserver "r2" {
  address = "10.0.0.12"
  manage  = false
}
realserver "r3" {
  address = "10.0.0.13"
  connection { host = "10.0.0.13" }
  sysctls = { "net.ipv4.conf.all.arp_announce" = 1 }
}
virtual_server "n" {
  director   = "d"
  address    = "10.0.0.100"
  port       = 80
  forwarding = "nat"
  backend "r2" {}
}
virtual_server "g" {
  director = "d"
  address  = "10.0.0.101"
  port     = 80
  backend "r1" {}
  backend "r2" {}
  backend "r3" {}
}`);
    const sys = (host: string) => Object.fromEntries(d.resources.filter((r) => r.host === host && r.type === 'sysctl').map((r) => [r.id, r.attrs.value]));
    expect(sys('d')).toEqual({ 'net.ipv4.ip_forward': '1', 'net.ipv4.vs.conn_reuse_mode': '2' });
    expect(sys('r1')).toEqual({ 'net.ipv4.conf.eth0.arp_ignore': '1' });
    expect(sys('r2')).toEqual({});
    expect(sys('r3')['net.ipv4.conf.all.arp_announce']).toBe('1');
    expect(sys('r3')['net.ipv4.conf.lo.arp_announce']).toBe('2');
    expect(d.hosts.map((h) => h.name)).toEqual(['d', 'r1', 'r3']);
    expect(d.resources.filter((r) => r.host === 'r1' && r.type === 'address').map((r) => r.id)).toEqual(['lo/10.0.0.101']);
  });

  it('reports unknown arguments with a suggestion, and duplicate host names', () => {
    const r = decode(`
director "d" {
  connection { host = "10.0.0.1" }
  interfce = "eth0"
}
realserver "d" {
  address = "10.0.0.11"
  manage  = false
}`);
    expect(r.diagnostics.map((x) => [x.summary, x.subject?.start.line])).toEqual([
      ['Unsupported argument', 4],
      ['Missing required argument', 2],
      ['Duplicate host name', 6],
    ]);
    expect(r.diagnostics[0]!.detail).toMatch(/Did you mean "interface"\?/);
  });
});

describe('bastion values that would reach ssh as options or shell text', () => {
  for (const bastion of ['j1,-oProxyCommand=touch /tmp/x', '$(id)@j1', 'j1 -oProxyCommand=x', 'a@b@c', '`id`']) {
    it(`refuses ${JSON.stringify(bastion)} at the attribute`, () => {
      const r = decode(`
director "d" {
  connection {
    host    = "10.0.0.1"
    bastion = ${JSON.stringify(bastion)}
  }
  interface = "eth0"
}`);
      const d = r.diagnostics.find((x) => x.summary === 'Invalid bastion');
      expect(d?.severity).toBe('error');
      expect(d?.subject?.start.line).toBe(5);
      expect(r.desired === null || r.desired.hosts[0]!.connection).not.toMatchObject({ bastion });
    });
  }
});
