import { describe, expect, it } from 'vitest';
import { configDir } from './support/config-dir.js';
import { cli } from './support/run-cli.js';

const dir = configDir(`variable "vip" {
  type    = string
  default = "10.0.0.1"
}
variable "backends" {
  type    = map(number)
  default = { lvs01 = 1, lvs02 = 2 }
}
locals {
  names = keys(var.backends)
  note  = "a\\nb"
}
`);

describe('console', () => {
  it('from a pipe evaluates every line and prints only the last result, as Terraform does', async () => {
    const r = await cli(['console', dir], { stdin: ['1 + 1', 'upper(var.vip)', 'local.names'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tolist([\n  "lvs01",\n  "lvs02",\n])\n');
  });

  it('renders objects, numbers and multi-line strings like terraform console', async () => {
    expect((await cli(['console', dir], { stdin: ['var.backends'] })).stdout).toBe('tomap({\n  "lvs01" = 1\n  "lvs02" = 2\n})\n');
    expect((await cli(['console', dir], { stdin: ['local.note'] })).stdout).toBe('<<-EOT\na\nb\nEOT\n');
    expect((await cli(['console', dir], { stdin: ['{', '  a = [1,', '  2]', '}'] })).stdout).toBe('{\n  "a" = [\n    1,\n    2,\n  ]\n}\n');
  });

  it('prints lists, sets and maps as tolist/toset/tomap, tuples and objects bare, as terraform console 1.11 does', async () => {
    const show = async (line: string): Promise<string> => (await cli(['console', dir], { stdin: [line] })).stdout;
    expect(await show('tolist([tolist(["a"]), tolist([])])')).toBe('tolist([\n  tolist([\n    "a",\n  ]),\n  tolist([]),\n])\n');
    expect(await show('toset([])')).toBe('toset([])\n');
    expect(await show('tomap({})')).toBe('tomap({})\n');
    expect(await show('split(",", "a,b")')).toBe('tolist([\n  "a",\n  "b",\n])\n');
    expect(await show('[for x in ["a"]: x]')).toBe('[\n  "a",\n]\n');
  });

  it('unifies the elements of tolist/tomap as cty does, so nested [] and {} print as terraform console 1.11 prints them', async () => {
    const show = async (line: string): Promise<string> => (await cli(['console', dir], { stdin: [line] })).stdout.replace(/\n\s*/g, ' ');
    // Each expected text is what /usr/local/bin/terraform console (1.11.4) printed for the line, blanks folded.
    const cases: [string, string][] = [
      ['tolist([[], ["a"]])', 'tolist([ tolist([]), tolist([ "a", ]), ]) '],
      ['tomap({a=[], b=["x"]})', 'tomap({ "a" = tolist([]) "b" = tolist([ "x", ]) }) '],
      ['tolist([["a"], [1]])', 'tolist([ [ "a", ], [ "1", ], ]) '],
      ['tolist([["a"], ["b", 1]])', 'tolist([ tolist([ "a", ]), tolist([ "b", "1", ]), ]) '],
      ['tolist([{a=1}, {b=2}])', 'tolist([ tomap({ "a" = 1 }), tomap({ "b" = 2 }), ]) '],
      ['tolist([{a=1}, {a="x"}])', 'tolist([ { "a" = "1" }, { "a" = "x" }, ]) '],
      ['tolist([{a=[]}, {a=["x"]}])', 'tolist([ { "a" = tolist([]) }, { "a" = tolist([ "x", ]) }, ]) '],
      ['tolist([tolist([]), []])', 'tolist([ tolist([]), tolist([]), ]) '],
      ['tolist([["a"], toset(["b"])])', 'tolist([ toset([ "a", ]), toset([ "b", ]), ]) '],
      ['tolist([[]])', 'tolist([ [], ]) '],
      ['keys({a=1})', '[ "a", ] '],
      ['keys(tomap({a=1}))', 'tolist([ "a", ]) '],
    ];
    for (const [line, printed] of cases) expect(await show(line), line).toBe(printed);
    const mixed = await cli(['console', dir], { stdin: ['tolist([[], [1], [true]])'] });
    expect([mixed.code, mixed.stderr]).toEqual([1, expect.stringContaining('cannot convert tuple to list of any single type')]);
  });

  it('stops at the first error from a pipe, with a suggestion, exit 1', async () => {
    const r = await cli(['console', dir], { stdin: ['var.vpi', '1'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Error: Reference to undeclared input variable');
    expect(r.stderr).toContain('on <console-input> line 1');
    expect(r.stderr).toContain('Did you mean "vip"?');
  });

  it('on a terminal prompts, prints each result, goes on after an error, and quits on exit', async () => {
    const r = await cli(['console', dir], { stdinIsTTY: true, stdin: ['var.vip', 'nosuch(1)', '2 * 21', 'exit', 'var.vip'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('> "10.0.0.1"\n> > 42\n> \n');
    expect(r.stderr).toContain('Error: Call to unknown function');
  });

  it('refuses an invalid configuration', async () => {
    const r = await cli(['console', configDir('locals {\n  a = \n}\n')], { stdin: ['1'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: /);
  });
});
