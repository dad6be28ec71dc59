import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { vars: [], varFiles: [], env: {} };

it('reports a missing directory and a directory without .hcl files', () => {
  expect(loadConfigDir(join(dir, 'nope'), opts).diagnostics.map((d) => d.summary)).toEqual(['Failed to read configuration']);
  expect(loadConfigDir(dir, opts).diagnostics.map((d) => d.summary)).toEqual(['No configuration files']);
});

it('reads every .hcl file, keeps their sources, and finds duplicates across files', () => {
  writeFileSync(join(dir, 'a.hcl'), 'director "d" {\n  connection { type = "local" }\n  interface = "eth0"\n}\n');
  writeFileSync(join(dir, 'b.hcl'), 'director "d" {\n  connection { type = "local" }\n  interface = "eth1"\n}\n');
  writeFileSync(join(dir, 'notes.txt'), 'not config');
  const r = loadConfigDir(dir, opts);
  expect([...r.sources.keys()]).toEqual([join(dir, 'a.hcl'), join(dir, 'b.hcl')]);
  expect(r.diagnostics.map((d) => [d.summary, d.subject?.filename])).toEqual([['Duplicate host name', join(dir, 'b.hcl')]]);
});

it('stops at syntax errors, with the parser\'s diagnostics', () => {
  writeFileSync(join(dir, 'b.hcl'), 'director "x" {\n  interface = \n}\n');
  const r = loadConfigDir(dir, opts);
  expect(r.desired).toBeNull();
  expect(r.diagnostics.length).toBeGreaterThan(0);
  expect(r.diagnostics.every((d) => d.subject?.filename === join(dir, 'b.hcl'))).toBe(true);
});

it('a hostile value arriving through -var is refused like one written in the file', () => {
  writeFileSync(join(dir, 'b.hcl'), 'variable "ifname" { type = string }\n');
  writeFileSync(join(dir, 'a.hcl'), 'director "d" {\n  connection { type = "local" }\n  interface = var.ifname\n}\n');
  const r = loadConfigDir(dir, { ...opts, vars: ['ifname=eth0\n-all'] });
  expect(r.diagnostics.map((d) => [d.summary, d.subject?.start.line])).toEqual([['Invalid interface name', 3]]);
  expect(loadConfigDir(dir, { ...opts, vars: ['ifname=bond0.100'] }).desired?.hosts[0]!.name).toBe('d');
});
