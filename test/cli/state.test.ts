import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { fakeStateHost } from './support/fake-state-host.js';
import { cli } from './support/run-cli.js';
import { serviceAttrs } from './support/service-attrs.js';

const SVC = 'tcp:10.9.9.9:80';
const dir = configDir('');
// Complete records, as lvsplan writes them: a host's state record is validated like untrusted input.
const record = {
  version: 1 as const,
  managed: [
    { type: 'ipvs_service', id: SVC, attrs: serviceAttrs('10.9.9.9', 80) },
    {
      type: 'ipvs_destination', id: `${SVC}->10.0.0.10:80`,
      attrs: { service: SVC, address: '10.0.0.10', port: 80, forwarding: 'dr', weight: 3, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null },
    },
    { type: 'ipvs_service', id: 'tcp:10.8.8.8:443', attrs: serviceAttrs('10.8.8.8', 443) },
  ],
  originalSysctls: {},
};
const { writeFileSync } = await import('node:fs');
writeFileSync(
  `${dir}/main.hcl`,
  `director "lvs-dr" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(fakeStateHost(dir, 'lvs-dr', record))}
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

describe('state list, state show and show read the hosts\' state records', () => {
  it('state list prints every managed address, configured or not, one per line', async () => {
    const r = await cli(['state', 'list', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('director.lvs-dr.ipvs_service["tcp:10.8.8.8:443"]\nvirtual_server.web\nvirtual_server.web.backend["app"]\n');
  });

  it('state show prints the recorded attributes as a resource block', async () => {
    const r = await cli(['-chdir=' + dir, 'state', 'show', 'virtual_server.web.backend["app"]']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '# virtual_server.web.backend["app"] (on lvs-dr):',
        'resource "ipvs_destination" "virtual_server.web.backend[\\"app\\"]" {',
        '    address         = "10.0.0.10"',
        '    forwarding      = "dr"',
        '    lower_threshold = 0',
        '    port            = 80',
        '    service         = "tcp:10.9.9.9:80"',
        '    tunnel_checksum = null',
        '    tunnel_port     = null',
        '    tunnel_type     = null',
        '    upper_threshold = 0',
        '    weight          = 3',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('state show of an unknown address is an error with a suggestion', async () => {
    const r = await cli(['-chdir=' + dir, 'state', 'show', 'virtual_server.wbe']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: No instance found for the given address');
    expect(r.stderr).toContain('Did you mean "virtual_server.web"?');
  });

  it('show without a file prints the whole managed state; -json in Terraform\'s state shape', async () => {
    const r = await cli(['-chdir=' + dir, 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^# /gm)).toHaveLength(3);
    const j = JSON.parse((await cli(['-chdir=' + dir, 'show', '-json'])).stdout);
    expect(j.values.root_module.resources.map((x: { address: string }) => x.address)).toEqual([
      'director.lvs-dr.ipvs_service["tcp:10.8.8.8:443"]',
      'virtual_server.web',
      'virtual_server.web.backend["app"]',
    ]);
  });

  it('without any state record is an error, as Terraform\'s "No state file was found!"', async () => {
    const empty = configDir('');
    writeFileSync(`${empty}/main.hcl`, (await import('node:fs')).readFileSync(`${dir}/main.hcl`, 'utf8').replace(/"[^"]*lvs-dr-host"/, JSON.stringify(fakeStateHost(empty, 'lvs-dr', null)[0])));
    const r = await cli(['state', 'list', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: No state records found');
  });
});
