import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseIpAddrShow } from '../../providers/address/parse-ip-addr.js';
import { buildHostReadScript, parseHostRead } from '../../providers/host-read.js';
import { parseStateRecord } from '../../providers/host-state-record.js';
import { parseIpvsSave } from '../../providers/ipvs/parse-save.js';
import { parseIpvsThresholds } from '../../providers/ipvs/parse-thresholds.js';
import { parseRestoreErrors } from '../../providers/ipvs/restore-errors.js';
import { parseSysctlRead } from '../../providers/sysctl/read.js';
import { Random } from '../hcl/support/random.js';
import { fixture } from '../providers/fixture.js';
import { mutateOutput } from './support/mutate-output.js';

/**
 * Every parser of host output, fed 100,000 mutations of real outputs (seeded, so a failure is
 * reproducible): each returns a value with problems as strings, never throws, and no input takes
 * long. The host's output is untrusted; a parser's only way to object is a diagnostic.
 */
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 100_000);
/**
 * Far above the fraction of a millisecond an input takes. An input over it is timed again alone, three
 * times: a machine stall (GC, a loaded CI host) does not repeat, a hang or a super-linear path does.
 */
const SLOWEST_MS = 250;

const dir = mkdtempSync(join(tmpdir(), 'lvsplan-parser-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SERVICE = { family: 'inet', protocol: 'tcp', address: '192.168.122.50', port: 80, fwmark: null, scheduler: 'rr', persistent: false, persistence_timeout: null, persistence_netmask: null, persistence_engine: null, one_packet: false, scheduler_flags: [] };
const DESTINATION = { service: 'tcp:192.168.122.50:80', address: '192.168.122.10', port: 80, forwarding: 'dr', weight: 1, upper_threshold: 0, lower_threshold: 0, tunnel_type: null, tunnel_port: null, tunnel_checksum: null };
const STATE_RECORD = JSON.stringify({
  version: 1,
  managed: [
    { type: 'ipvs_service', id: 'tcp:192.168.122.50:80', attrs: SERVICE },
    { type: 'ipvs_destination', id: 'tcp:192.168.122.50:80->192.168.122.10:80', attrs: DESTINATION },
    { type: 'address', id: 'lo/192.168.122.50', attrs: { interface: 'lo', address: '192.168.122.50', prefix_length: 32, family: 'inet' } },
    { type: 'sysctl', id: 'net.ipv4.conf.all.arp_ignore', attrs: { name: 'net.ipv4.conf.all.arp_ignore', value: '1' } },
  ],
  originalSysctls: { 'net.ipv4.conf.all.arp_ignore': '0' },
});
const SYSCTLS = 'V\tnet.ipv4.ip_forward\t1\nV\tnet.ipv4.conf.all.arp_ignore\t1\nM\tnet.ipv4.vs.nosuch\nV\tnet.ipv4.conf.eth0/100.rp_filter\t2 1\n';
const RESTORE_LINES = ['-A -t 192.168.122.50:80 -s rr', '-a -t 192.168.122.50:80 -r 192.168.122.10:80 -g -w 1', '-A -t 192.168.122.51:80 -s nosuch', '-D -t 192.168.122.52:80'];

/** The real read script's output on a director: fake ipvsadm serving captured outputs, a state record. */
function hostReadOutput(): string {
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  const rich = new URL('../fixtures/captured/rich/', import.meta.url).pathname;
  writeFileSync(join(bin, 'ipvsadm'), `#!/bin/sh\ncase "$*" in\n  -Sn) cat "${rich}ipvsadm-Sn.txt";;\n  "-Ln --thresholds") cat "${rich}ipvsadm-Ln-thresholds.txt";;\n  *) exit 9;;\nesac\n`);
  chmodSync(join(bin, 'ipvsadm'), 0o755);
  const state = join(dir, 'state.json');
  writeFileSync(state, STATE_RECORD);
  const built = buildHostReadScript({ role: 'director', sysctlNames: ['net.ipv4.ip_forward', 'net.ipv4.conf.all.arp_ignore'], stateRecordPath: state });
  if (!built.ok) throw new Error(built.error);
  const [cmd, ...args] = built.value;
  return execFileSync(cmd!, args, { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } });
}

const allStrings = (xs: unknown) => Array.isArray(xs) && xs.every((x) => typeof x === 'string');

/** A parser under test: its seed output, and a check of its result (a reason when malformed). */
interface Target {
  name: string;
  seed: () => string;
  parse: (text: string) => string | null;
  /** line-oriented output: each input mutates a random run of up to 8 of the seed's lines */
  lines?: true;
  /** an eighth as many inputs as the others (the whole host read costs as much as all of its parsers) */
  rare?: true;
}

const TARGETS: Target[] = [
  { name: 'ipvsadm -Sn', seed: () => fixture('captured/rich/ipvsadm-Sn.txt'), parse: (t) => (allStrings(parseIpvsSave(t).problems) ? null : 'problems'), lines: true },
  { name: 'ipvsadm -Ln --thresholds', seed: () => fixture('captured/rich/ipvsadm-Ln-thresholds.txt'), parse: (t) => (allStrings(parseIpvsThresholds(t).problems) ? null : 'problems'), lines: true },
  { name: 'ip -o addr show', seed: () => fixture('captured/hosts/director-ip-o-addr-show.txt'), parse: (t) => (allStrings(parseIpAddrShow(t).problems) ? null : 'problems'), lines: true },
  { name: 'sysctl read', seed: () => SYSCTLS, parse: (t) => (allStrings(parseSysctlRead(t).problems) ? null : 'problems'), lines: true },
  {
    name: 'state record',
    seed: () => STATE_RECORD,
    parse: (t) => {
      const r = parseStateRecord(t);
      return typeof r === 'string' || (typeof r === 'object' && r !== null && Array.isArray(r.managed)) ? null : 'neither a record nor a reason';
    },
  },
  {
    name: 'ipvsadm -R stderr',
    seed: () => "Service already exists\nMemory allocation problem\nScheduler not found: ip_vs_nosuch.ko\nNo such service\nline 3 failed\n",
    parse: (t) => {
      const r = parseRestoreErrors(t, RESTORE_LINES, 1);
      return Array.isArray(r.failures) && r.blame instanceof Map ? null : 'no report';
    },
  },
  {
    name: 'host read (all sections)',
    seed: hostReadOutput,
    rare: true,
    parse: (t) => {
      const r = parseHostRead('lb1', 'director', t);
      return Array.isArray(r.observed.resources) && r.diagnostics.every((d) => typeof d.summary === 'string' && d.summary !== '') ? null : 'malformed diagnostics';
    },
  },
];

/** A random run of 1..8 consecutive lines of `text`. */
function someLines(rnd: Random, text: string): string {
  const lines = text.split('\n');
  const from = rnd.int(lines.length);
  return lines.slice(from, from + 1 + rnd.int(8)).join('\n') + '\n';
}

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

let seeds: string[] = [];
beforeAll(() => {
  seeds = TARGETS.map((t) => t.seed());
});

it(`${INPUTS} mutated host outputs: every parser answers with a value or a diagnostic, never an exception, each input fast`, { timeout: 600_000 }, () => {
  const rnd = new Random(20261130);
  const failures: string[] = [];
  const slowest = new Map<string, number>();
  const total = new Map<string, number>();
  const slow: { target: Target; input: string }[] = [];
  const rounds = TARGETS.map((t, k) => Array.from({ length: t.rare ? 1 : 8 }, () => k)).flat();
  for (let i = 0; i < INPUTS && failures.length < 5; i++) {
    const k = rounds[i % rounds.length]!;
    const target = TARGETS[k]!;
    const input = mutateOutput(rnd, target.lines ? someLines(rnd, seeds[k]!) : seeds[k]!);
    const t0 = performance.now();
    try {
      const problem = target.parse(input);
      if (problem) failures.push(`${target.name}: ${problem} for ${JSON.stringify(input)}`);
    } catch (e) {
      failures.push(`${target.name} threw ${String(e)} for ${JSON.stringify(input)}`);
    }
    const ms = performance.now() - t0;
    if (ms > SLOWEST_MS) slow.push({ target, input });
    if (ms > (slowest.get(target.name) ?? 0)) slowest.set(target.name, ms);
    total.set(target.name, (total.get(target.name) ?? 0) + ms);
  }
  console.log([...total].map(([n, ms]) => `${n}: ${ms.toFixed(0)} ms total, slowest ${slowest.get(n)!.toFixed(1)} ms`).join('\n'));
  expect(failures).toEqual([]);
  for (const { target, input } of slow) {
    const alone = Math.min(...[0, 1, 2].map(() => timed(() => target.parse(input))));
    expect(alone, `${target.name}: ${JSON.stringify(input).slice(0, 200)}`).toBeLessThan(SLOWEST_MS);
  }
});

it('the mutations reach the error paths: most mutated -Sn outputs draw a problem', () => {
  const rnd = new Random(7);
  const seed = fixture('captured/rich/ipvsadm-Sn.txt');
  let withProblems = 0;
  for (let i = 0; i < 1000; i++) if (parseIpvsSave(mutateOutput(rnd, seed)).problems.length > 0) withProblems++;
  expect(withProblems).toBeGreaterThan(500);
});
