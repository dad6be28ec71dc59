import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { cli } from './support/run-cli.js';

const base = `variable "vip" {
  default = "10.0.0.1"
}
locals {
  port = 80
}
director "lvs-dr" {
  connection { host = "10.0.0.5" }
  interface = "eth0"
}
realserver "lvs01" {
  address = "10.0.0.10"
  connection { host = "10.0.0.10" }
}
`;
const service = (body: string) => `virtual_server "web" {\n  director = "lvs-dr"\n  address  = var.vip\n  port     = local.port\n${body}\n}\n`;

/** [what is misspelt, configuration, the suggestion expected] */
const CASES: Array<[string, string, string]> = [
  ['a variable', base + service('  backend "lvs01" {}').replace('var.vip', 'var.vpi'), 'Did you mean "vip"?'],
  ['a local', base + service('  backend "lvs01" {}').replace('local.port', 'local.prot'), 'Did you mean "port"?'],
  ['a function', base + service('  backend "lvs01" {}').replace('var.vip', 'lowr(var.vip)'), 'Did you mean "lower"?'],
  ['a top-level block type', base.replace('realserver "lvs01"', 'realsrever "lvs01"') + service('  backend "app" { address = "10.0.0.11" }'), 'Did you mean "realserver"?'],
  ['a director', base + service('  backend "lvs01" {}').replace('director = "lvs-dr"', 'director = "lvs-rd"'), 'Did you mean "lvs-dr"?'],
  ['a realserver', base + service('  backend "app" { realserver = "lvs10" }'), 'Did you mean "lvs01"?'],
];

describe('"Did you mean" for misspelt names', () => {
  it.each(CASES)('%s', async (_what, hcl, suggestion) => {
    const r = await cli(['validate', configDir(hcl)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(suggestion);
  });
});
