import { describe, expect, it } from 'vitest';
import { decode, decodeOk, HOSTS } from './helpers.js';

const svc = (inner: string, backends = 'backend "r1" {}\n  backend "r2" { weight = 2 }') => `${HOSTS}
virtual_server "web" {
  director = "d"
  address  = "10.0.0.100"
  port     = 80
  ${inner}
  ${backends}
}`;

const errors = (src: string) => decode(src).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail} @${d.subject?.start.line}`);

describe('health_check', () => {
  it('a service check is inherited by its backends with defaults; a backend overrides only what it writes', () => {
    const d = decodeOk(svc(
      'health_check {\n    type = "http"\n    path = "/health"\n    interval = "1s"\n    timeout = "500ms"\n    fall = 2\n  }',
      'backend "r1" {}\n  backend "r2" {\n    health_check {\n      port = 8080\n      expect_status = ["200-204", 301]\n    }\n  }',
    ));
    const [c1, c2] = d.health.checks;
    expect(c1).toMatchObject({ host: 'd', address: 'virtual_server.web.backend["r1"]', target: '10.0.0.11', port: 80, destinationId: 'tcp:10.0.0.100:80->10.0.0.11:80' });
    expect(c1!.spec).toEqual({
      type: 'http', port: null, intervalMs: 1000, timeoutMs: 500, rise: 2, fall: 2, path: '/health', host: null,
      expectStatus: [[200, 299]], expectBody: null, command: [], from: 'director',
    });
    expect(c2).toMatchObject({ port: 8080, spec: { type: 'http', path: '/health', intervalMs: 1000, expectStatus: [[200, 204], [301, 301]] } });
  });

  it('refuses what cannot work, pointing at the block', () => {
    expect(errors(svc('health_check {\n    type = "tcp"\n    interval = 2\n    timeout = 2\n  }'))).toEqual([
      expect.stringMatching(/^Health check timeout too long: timeout \(2000ms\) must be shorter than interval \(2000ms\).*@19$/),
    ]);
    expect(errors(svc('health_check { type = "https" }'))[0]).toMatch(/^Missing health check port: An https check needs port = N/);
    expect(errors(svc('health_check { type = "command" }'))[0]).toMatch(/^Missing health check command/);
    expect(errors(svc('health_check {\n    type = "tcp"\n    path = "/x"\n  }'))[0]).toMatch(/^Argument only for HTTP checks: "path"/);
    expect(errors(svc('health_check { type = "ping" }'))[0]).toMatch(/^Invalid health check type: "ping" is not a valid health check type. Use one of: "tcp", "http", "https", "command"/);
    expect(errors(svc('health_check {\n    type = "http"\n    path = "no-slash"\n  }'))[0]).toMatch(/^Invalid health check path/);
    expect(errors(svc('health_check {\n    type = "http"\n    expect_status = 99\n  }'))[0]).toMatch(/^Invalid expect_status/);
    expect(errors(svc('health_check {\n    type = "tcp"\n    rise = 0\n  }'))[0]).toMatch(/^Invalid rise: The rise must be between 1 and 100/);
    expect(errors(svc('health_check {\n    type = "tcp"\n    interval = "soon"\n  }'))[0]).toMatch(/^Invalid duration/);
    expect(errors(svc('health_check { port = 80 }'))[0]).toMatch(/^Missing required argument: A health_check needs type/);
    expect(errors(svc('health_check {\n    type = "command"\n    command = ["/bin/true"]\n    from = "local"\n  }'))[0]).toMatch(/^Command check cannot run locally/);
  });

  it('a fwmark service check needs a port', () => {
    const e = errors(`${HOSTS}
virtual_server "m" {
  director = "d"
  fwmark   = 7
  health_check { type = "tcp" }
  backend "r1" {}
}`);
    expect(e[0]).toMatch(/^Missing health check port/);
  });
});

describe('sorry_server', () => {
  it('derives a weight-1 destination on each director, like a backend', () => {
    const d = decodeOk(svc('health_check { type = "tcp" }\n  sorry_server { address = "10.0.0.99" }'));
    expect(d.health.sorryServers).toHaveLength(1);
    expect(d.health.sorryServers[0]!.resource).toMatchObject({
      host: 'd', type: 'ipvs_destination', address: 'virtual_server.web.sorry_server', id: 'tcp:10.0.0.100:80->10.0.0.99:80',
      attrs: { weight: 1, forwarding: 'dr', port: 80 },
    });
    expect(d.resources.some((r) => r.attrs.address === '10.0.0.99')).toBe(false);
  });
  it('needs an address', () => {
    expect(errors(svc('sorry_server { port = 80 }'))[0]).toMatch(/^Missing required argument: A sorry_server needs address/);
  });
  it('in DR or TUN mode cannot listen on another port than the service (the packet arrives unchanged); NAT can', () => {
    const dr = errors(svc('sorry_server {\n    address = "10.0.0.99"\n    port = 8080\n  }'));
    expect(dr).toEqual([expect.stringMatching(/^Sorry server port differs from the service port: With forwarding = "dr" .* service port 80;.*forwarding = "nat".*@21$/)]);
    expect(errors(svc('sorry_server {\n    address = "10.0.0.99"\n    port = 8080\n    forwarding = "tunnel"\n  }'))[0]).toMatch(/^Sorry server port differs/);
    const nat = decodeOk(svc('sorry_server {\n    address = "10.0.0.99"\n    port = 8080\n    forwarding = "nat"\n  }'));
    expect(nat.health.sorryServers[0]!.resource.attrs).toMatchObject({ port: 8080, forwarding: 'nat' });
    expect(errors(svc('sorry_server {\n    address = "10.0.0.99"\n    port = 80\n  }'))).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('ignore_changes takes bare names or strings, checked against the resource attributes; a service rule reaches its backends', () => {
    const d = decodeOk(svc('lifecycle { ignore_changes = [weight] }', 'backend "r1" {\n    lifecycle {\n      ignore_changes = ["upper_threshold"]\n      prevent_destroy = true\n    }\n  }'));
    expect(d.health.lifecycle['virtual_server.web']).toEqual({ ignoreChanges: ['weight'], preventDestroy: false });
    expect(d.health.lifecycle['virtual_server.web.backend["r1"]']).toEqual({ ignoreChanges: ['weight', 'upper_threshold'], preventDestroy: true });
  });
  it('refuses an attribute the resource does not have', () => {
    expect(errors(svc('', 'backend "r1" {\n    lifecycle { ignore_changes = [wieght] }\n  }'))[0]).toMatch(/^Unsupported attribute in ignore_changes: "wieght" is not an attribute of this resource. It has: .*weight/);
  });
  it('ignore_changes = all ignores every attribute', () => {
    const d = decodeOk(svc('', 'backend "r1" {\n    lifecycle { ignore_changes = all }\n  }'));
    expect(d.health.lifecycle['virtual_server.web.backend["r1"]']!.ignoreChanges).toContain('weight');
  });
});

describe('probe', () => {
  it('decodes a URL probe with an ARP check', () => {
    const d = decodeOk(`${svc('')}
probe "vip" {
  connection {
    type    = "exec"
    command = ["ip", "netns", "exec", "client"]
  }
  url          = "http://10.0.0.100/index.html"
  requests     = 4
  expect_body  = "host!"
  min_distinct = 2
  arp_check { interface = "eth0" }
}`);
    expect(d.health.probes).toEqual([{
      name: 'vip', connection: { type: 'exec', command: ['ip', 'netns', 'exec', 'client'] }, kind: 'http', url: 'http://10.0.0.100/index.html',
      address: '10.0.0.100', port: 80, path: '/index.html', requests: 4, timeoutMs: 5000, expectStatus: [[200, 299]], expectBody: 'host!',
      minDistinct: 2, arpCheck: { vip: '10.0.0.100', interface: 'eth0' },
    }]);
  });
  it('refuses a host name URL, a missing connection and min_distinct above requests', () => {
    const e = errors(`${svc('')}
probe "p" {
  connection { type = "local" }
  url = "http://example.com/"
}
probe "q" {
  tcp = "10.0.0.100:80"
}
probe "r" {
  connection { type = "local" }
  url = "http://10.0.0.100/"
  requests = 2
  min_distinct = 3
}`);
    expect(e).toEqual([
      expect.stringMatching(/^Invalid probe url/),
      expect.stringMatching(/^Missing connection block/),
      expect.stringMatching(/^Invalid min_distinct/),
    ]);
  });
});
