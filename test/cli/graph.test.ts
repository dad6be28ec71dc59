import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { fakeStateHost } from './support/fake-state-host.js';
import { cli } from './support/run-cli.js';

describe('graph', () => {
  it('draws the cluster: client -> VIP -> director -> real servers, from the configuration alone', async () => {
    const r = await cli(['graph', 'examples/lvs-dr']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph lvsplan \{\n[\s\S]*\}\n$/);
    expect(r.stdout).toContain('"client" -> "virtual_server.web";');
    expect(r.stdout).toContain('"virtual_server.web" [label = "virtual_server.web\\ntcp 192.168.122.50:80 (rr)"];');
    expect(r.stdout).toContain('"virtual_server.web" -> "director.lvs-dr";');
    expect(r.stdout).toContain('"director.lvs-dr" -> "192.168.122.10:80" [label = "virtual_server.web: dr, weight 1"];');
    expect(r.stdout).toContain('"director.lvs-dr" -> "192.168.122.20:80"');
    // Balanced braces and one statement per line: what dot needs.
    expect((r.stdout.match(/\{/g) ?? []).length).toBe((r.stdout.match(/\}/g) ?? []).length);
  });

  it('-type=plan draws the changes apply would make, one cluster per phase in order', async () => {
    const dir = configDir('');
    writeFileSync(
      `${dir}/main.hcl`,
      `director "lvs-dr" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(fakeStateHost(dir, 'lvs-dr', null))}
  }
  interface = "eth0"
  bind_vips = false
}
virtual_server "web" {
  director = "lvs-dr"
  address  = "10.9.9.9"
  port     = 80
  backend "app" { address = "10.0.0.10" }
}
`,
    );
    const r = await cli(['graph', '-type=plan', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('subgraph "cluster_phase_2" {');
    expect(r.stdout).toContain('"lvs-dr virtual_server.web" [label = "virtual_server.web\\ncreate on lvs-dr"];');
    expect(r.stdout).toContain('"lvs-dr virtual_server.web.backend[\\"app\\"]"');
    expect(r.stdout).toContain('"phase 2" -> "phase 3"');
  });

  it('refuses an unknown graph type', async () => {
    const r = await cli(['graph', '-type=pie', 'examples/lvs-dr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"pie" is not a graph type');
  });
});

describe('plan -replace', () => {
  it('of an address that matches no existing service or destination is an error with a suggestion', async () => {
    const dir = configDir('');
    writeFileSync(
      `${dir}/main.hcl`,
      `director "lvs-dr" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(fakeStateHost(dir, 'lvs-dr', null))}
  }
  interface = "eth0"
  bind_vips = false
}
virtual_server "web" {
  director = "lvs-dr"
  address  = "10.9.9.9"
  port     = 80
  backend "app" { address = "10.0.0.10" }
}
`,
    );
    const r = await cli(['plan', '-replace=virtual_server.wbe', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: Invalid -replace address');
    expect(r.stderr).toContain('Did you mean "virtual_server.web"?');
    const d = await cli(['plan', '-destroy', '-replace=virtual_server.web', dir]);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('Error: Invalid -replace with destroy');
  });
});
