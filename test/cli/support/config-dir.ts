import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary configuration directory holding main.hcl with this text. */
export function configDir(hcl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-cli-'));
  writeFileSync(join(dir, 'main.hcl'), hcl);
  return dir;
}

/** A one-director cluster whose director is reached through `command` (an exec connection). */
export function execCluster(command: string[], vip = 'var.vip'): string {
  return `${vip === 'var.vip' ? 'variable "vip" {\n  type = string\n}\n' : ''}director "lvs-dr" {
  connection {
    type    = "exec"
    command = ${JSON.stringify(command)}
  }
  interface = "eth0"
}
virtual_server "web" {
  director = "lvs-dr"
  address  = ${vip}
  port     = 80
  backend "app" { address = "10.0.0.10" }
}
`;
}
