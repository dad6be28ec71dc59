import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { fakeStateHost } from './support/fake-state-host.js';
import { cli } from './support/run-cli.js';
import { serviceAttrs } from './support/service-attrs.js';
import { parseStateRecord } from '../../providers/host-state-record.js';

function recordIn(path: string) {
  const r = parseStateRecord(readFileSync(path, 'utf8'));
  if (typeof r === 'string') throw new Error(`the state record written is not valid: ${r}`);
  return r;
}

const SVC = 'tcp:10.9.9.9:80';

/** A host whose record says lvsplan made virtual_server.web, while its IPVS table is empty: drift. */
function drifted(): string {
  const dir = configDir('');
  const record = {
    version: 1 as const,
    managed: [{ type: 'ipvs_service', id: SVC, attrs: serviceAttrs('10.9.9.9', 80, 'wlc') }],
    originalSysctls: {},
  };
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
  return dir;
}

describe('-refresh-only', () => {
  it('plan shows the drift, changes nothing, and -detailed-exitcode gives 2', async () => {
    const dir = drifted();
    const r = await cli(['plan', '-refresh-only', '-detailed-exitcode', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Objects have changed outside lvsplan');
    expect(r.stdout).toContain('virtual_server.web');
    expect(r.stdout).toContain('This is a refresh-only plan, so lvsplan will not take any actions to undo these.');
    expect(r.stdout).not.toContain('Plan:');
  });

  it('apply records the drift as accepted in the state record; then there is no drift', async () => {
    const dir = drifted();
    const r = await cli(['apply', '-refresh-only', '-auto-approve', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete! Resources: 0 added, 0 changed, 0 destroyed.');
    const record = recordIn(`${dir}/lvs-dr.state.json`);
    expect(record.managed).toEqual([]);
    const again = await cli(['plan', '-refresh-only', '-detailed-exitcode', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. Your infrastructure still matches the configuration.');
  });

  it('apply asks first, and only yes records', async () => {
    const dir = drifted();
    const r = await cli(['apply', '-refresh-only', dir], { stdin: ['no'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Would you like to update the lvsplan state records to reflect these detected changes?');
    expect(r.stdout).toContain('Apply cancelled.');
    expect(recordIn(`${dir}/lvs-dr.state.json`).managed).toHaveLength(1);
  });

  it('a host that left the configuration is read and its drift shown and recorded, as Terraform refreshes what its state holds', async () => {
    const dir = configDir('');
    const gone = { version: 1 as const, managed: [{ type: 'ipvs_service' as const, id: 'tcp:10.9.9.8:80', attrs: serviceAttrs('10.9.9.8', 80, 'wlc') }], originalSysctls: {} };
    const old = fakeStateHost(dir, 'old-dr', gone);
    const current = fakeStateHost(dir, 'lvs-dr', { version: 1, managed: [], originalSysctls: {} });
    writeFileSync(`${dir}/main.hcl`, `director "lvs-dr" {\n  connection {\n    type    = "exec"\n    command = ${JSON.stringify(current)}\n  }\n  interface = "eth0"\n  bind_vips = false\n}\n`);
    const known = [
      { name: 'lvs-dr', role: 'director', connection: { type: 'exec', command: current } },
      { name: 'old-dr', role: 'director', connection: { type: 'exec', command: old } },
    ];
    writeFileSync(`${dir}/lvsplan.hosts.json`, JSON.stringify({ version: 1, hosts: known }));
    // The service was deleted by hand on old-dr, whose block is gone: nothing to plan, but the record is stale.
    const r = await cli(['plan', '-refresh-only', '-detailed-exitcode', dir]);
    expect([r.code, r.stderr]).toEqual([2, '']);
    expect(r.stdout).toContain('director.old-dr.ipvs_service["tcp:10.9.9.8:80"] has been deleted');
    const a = await cli(['apply', '-refresh-only', '-auto-approve', dir]);
    expect([a.code, a.stderr]).toEqual([0, '']);
    expect(recordIn(`${dir}/old-dr.state.json`).managed).toEqual([]);
    expect((await cli(['plan', '-refresh-only', '-detailed-exitcode', dir])).code).toBe(0);
  });
});
