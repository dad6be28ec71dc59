import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/config/index.js';
import { decode, HOSTS } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A config whose service port is var.port, so the chosen value is visible in the service id. */
function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-vars-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'main.hcl'),
    `${HOSTS}
variable "port" {
  type    = number
  default = 1
}
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = var.port
  backend "r1" {}
}
`,
  );
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

const portOf = (r: ReturnType<typeof loadConfigDir>) => {
  if (!r.desired) throw new Error(r.diagnostics.map((d) => d.summary + ': ' + d.detail).join('\n'));
  return r.desired.resources.find((x) => x.type === 'ipvs_service')!.attrs.port;
};

describe('variable precedence (later wins)', () => {
  const files = { 'lvsplan.lvsvars': 'port = 3\n', 'b.auto.lvsvars': 'port = 5\n', 'a.auto.lvsvars': 'port = 4\n', 'x.lvsvars': 'port = 6\n' };

  it('default < env', () => {
    expect(portOf(loadConfigDir(configDir({}), { vars: [], varFiles: [], env: {} }))).toBe(1);
    expect(portOf(loadConfigDir(configDir({}), { vars: [], varFiles: [], env: { LVSPLAN_VAR_port: '2' } }))).toBe(2);
  });

  it('env < lvsplan.lvsvars < *.auto.lvsvars in lexical order', () => {
    const env = { LVSPLAN_VAR_port: '2' };
    expect(portOf(loadConfigDir(configDir({ 'lvsplan.lvsvars': 'port = 3\n' }), { vars: [], varFiles: [], env }))).toBe(3);
    expect(portOf(loadConfigDir(configDir(files), { vars: [], varFiles: [], env }))).toBe(5);
  });

  it('-var and -var-file apply in command-line order, above every file in the directory', () => {
    const dir = configDir(files);
    const vf = join(dir, 'x.lvsvars');
    expect(portOf(loadConfigDir(dir, { vars: [], varFiles: [vf], env: {} }))).toBe(6);
    expect(portOf(loadConfigDir(dir, { vars: ['port=7'], varFiles: [], env: {}, ordered: [{ kind: 'var', value: 'port=7' }, { kind: 'var-file', path: vf }] }))).toBe(6);
    expect(portOf(loadConfigDir(dir, { vars: ['port=7'], varFiles: [], env: {}, ordered: [{ kind: 'var-file', path: vf }, { kind: 'var', value: 'port=7' }] }))).toBe(7);
  });

  it('-var without "=" and an undeclared -var are errors; an undeclared file value is a warning', () => {
    const dir = configDir({ 'lvsplan.lvsvars': 'nope = 1\n' });
    const bad = loadConfigDir(dir, { vars: ['port'], varFiles: [], env: {} });
    expect(bad.diagnostics.map((d) => d.summary)).toContain('Invalid -var option');
    const undeclared = loadConfigDir(dir, { vars: ['other=1'], varFiles: [], env: {} });
    expect(undeclared.desired).toBeNull();
    expect(undeclared.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'Value for undeclared variable'],
      ['error', 'Value for undeclared variable'],
    ]);
    expect(undeclared.diagnostics[0]!.subject?.start.line).toBe(1);
  });
});

describe('variable blocks', () => {
  const svc = (expr: string) => `${HOSTS}
virtual_server "s" {
  director = "d"
  address  = ${expr}
  port     = 80
  backend "r1" {}
}
`;

  it('parses non-primitive -var values as HCL expressions and converts to the declared type', () => {
    const src = `variable "vips" { type = list(string) }\n` + svc('var.vips[1]');
    const r = decode(src, [{ name: 'vips', source: 'cli', text: '["10.0.0.100", "10.0.0.101"]' }]);
    expect(r.desired!.resources[0]!.id).toBe('tcp:10.0.0.101:80');
  });

  it('keeps a primitive -var value as literal text', () => {
    const src = `variable "vip" { type = string }\n` + svc('var.vip');
    const r = decode(src, [{ name: 'vip', source: 'env', text: '10.0.0.102' }]);
    expect(r.desired!.resources[0]!.attrs.address).toBe('10.0.0.102');
  });

  it('reports a value that does not convert to the type', () => {
    const src = `variable "port" { type = number }\n` + svc('"10.0.0.100"');
    const r = decode(src, [{ name: 'port', source: 'cli', text: 'eighty' }]);
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['Invalid value for input variable']);
    expect(r.diagnostics[0]!.detail).toMatch(/a number is required/);
  });

  it('runs validation rules with the error_message', () => {
    const src = `variable "vip" {
  type = string
  validation {
    condition     = split(".", var.vip)[0] == "10"
    error_message = "The VIP must be in 10.0.0.0/8."
  }
}
` + svc('var.vip');
    expect(decode(src, [{ name: 'vip', source: 'cli', text: '10.0.0.100' }]).desired).not.toBeNull();
    const bad = decode(src, [{ name: 'vip', source: 'cli', text: '192.0.2.1' }]);
    expect(bad.diagnostics.map((d) => d.summary)).toEqual(['Invalid value for variable']);
    expect(bad.diagnostics[0]!.detail).toMatch(/^The VIP must be in 10\.0\.0\.0\/8\./);
  });

  it('records sensitive variables and rejects a default of the wrong type', () => {
    const ok = decode(`variable "secret" {\n  default   = "x"\n  sensitive = true\n}\n` + svc('"10.0.0.100"'));
    expect(ok.desired!.sensitiveVariables).toEqual(['secret']);
    const bad = decode(`variable "n" {\n  type    = number\n  default = "abc"\n}\n` + svc('"10.0.0.100"'));
    expect(bad.diagnostics.map((d) => [d.summary, d.subject?.start.line])).toEqual([['Invalid default value for variable', 3]]);
  });

  it('evaluates locals in dependency order and reports cycles', () => {
    const src = `locals {
  vip = "\${local.net}.100"
}
locals {
  net = "10.0.0"
}
` + svc('local.vip');
    expect(decode(src).desired!.resources[0]!.attrs.address).toBe('10.0.0.100');
    const cyc = decode(`locals {\n  a = local.b\n  b = local.a\n}\n` + svc('"10.0.0.100"'));
    expect(cyc.diagnostics.map((d) => d.summary)).toContain('Cycle in local values');
  });
});

describe('a bad or missing variable value is one error naming where it came from', () => {
  const errorsOf = (r: ReturnType<typeof loadConfigDir>) => r.diagnostics.filter((d) => d.severity === 'error');

  it.each([
    ['-var', { vars: ['port=abc'], varFiles: [], env: {} }, {}, "given by -var 'port=...' on the command line"],
    ['LVSPLAN_VAR_', { vars: [], varFiles: [], env: { LVSPLAN_VAR_port: 'abc' } }, {}, 'given by the environment variable LVSPLAN_VAR_port'],
    ['a .lvsvars file', { vars: [], varFiles: [], env: {} }, { 'lvsplan.lvsvars': '\nport = "abc"\n' }, 'lvsplan.lvsvars line 2'],
  ])('%s', (_, opts, files, where) => {
    const r = loadConfigDir(configDir(files), opts);
    const errors = errorsOf(r);
    expect(errors.map((d) => d.summary)).toEqual(['Invalid value for input variable']);
    expect(errors[0]!.detail).toContain(where);
    expect(errors[0]!.detail).not.toContain('abc');
  });

  it('a required variable without a value: no "Reference to undeclared input variable" for it', () => {
    const r = decode(`${HOSTS}
variable "port" { type = number }
virtual_server "s" {
  director = "d"
  address  = "10.0.0.100"
  port     = var.port
  backend "r1" {}
}`);
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['No value for required variable']);
  });
});
