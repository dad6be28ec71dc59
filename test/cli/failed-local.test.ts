import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { cli } from './support/run-cli.js';

/** `port` fails; it is used as a required argument, inside a template, and in another local (a for_each). */
const config = (port: string) => `locals {
  port     = ${port}
  backends = { for i in [1, 2] : "b\${i}" => "10.0.0.\${10 + i}" if local.port > 0 }
}
director "lvs-dr" {
  connection { host = "10.0.0.5" }
  interface = "eth0"
}
virtual_server "web" {
  director = "lvs-dr"
  address  = "10.0.0.\${local.port % 200}"
  port     = local.port
  dynamic "backend" {
    for_each = local.backends
    content {
      address = backend.value
    }
  }
}
`;

const errorSummaries = (stderr: string): string[] => [...stderr.matchAll(/^│ Error: (.*)$/gm)].map((m) => m[1]!);

describe('a local whose expression fails', () => {
  it('reports its own error once, not once per use', async () => {
    const r = await cli(['validate', configDir(config('1 + "a"'))]);
    expect(r.code).toBe(1);
    expect(errorSummaries(r.stderr)).toEqual(['Invalid operand']);
    expect(r.stderr).not.toContain('undeclared');
  });

  it('reports a function over its limit once', async () => {
    const r = await cli(['validate', configDir(config('length(range(100000000))'))]);
    expect(r.code).toBe(1);
    expect(errorSummaries(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toContain('undeclared');
  });

  it('still evaluates when it does not fail (the configuration above is valid)', async () => {
    const r = await cli(['validate', configDir(config('80'))]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a local that is not declared at all is still reported, with the nearest name', async () => {
    const r = await cli(['validate', configDir(config('80').replace('port     = local.port', 'port     = local.prot'))]);
    expect(r.code).toBe(1);
    expect(errorSummaries(r.stderr)).toEqual(['Reference to undeclared local value']);
    expect(r.stderr).toContain('Did you mean "port"?');
  });
});
