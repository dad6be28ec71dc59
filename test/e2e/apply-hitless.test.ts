import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab/api/lab.js';
import { useResetLab } from './support/use-reset-lab.js';
// @ts-expect-error plain ESM helper shared with the demo, no type declarations
import { seedCommands } from '../lab/seed/build-by-hand.mjs';
import { destinations, fixture, LVS_DR, lvsplanExpect, output, scheduler, seconds } from './support/apply-support.js';
import { startFastLoad, type LoadTally } from './support/fast-load.js';

// Requests made before the change starts and after it ends; the load runs throughout.
const BEFORE = 100;
const AFTER = 300;

type Measured = LoadTally & { changeMs: number; startedAt: number; duringChange: number };

// Runs `change` while requests flow through the VIP (a new connection each). The window is counted in
// requests, not seconds: under emulation the rate swings with the machine's load.
async function underLoad(l: Lab, what: string, change: () => Promise<void>): Promise<Measured> {
  const load = startFastLoad(l.enter('client'), `http://${l.vip}/`);
  await load.reach(BEFORE);
  const before = load.tally();
  const startedAt = Date.now();
  await change();
  const changeMs = Date.now() - startedAt;
  const after = load.tally();
  const made = (t: LoadTally) => t.succeeded + t.failed;
  await load.reach(made(after) + AFTER);
  const result = { ...(await load.stop()), changeMs, startedAt, duringChange: made(after) - made(before) };
  console.log(`hitless: ${what}: ${describeLoad(result)}`);
  return result;
}

const CURL_EXITS: Record<number, string> = { 7: 'connection refused', 28: 'timed out', 52: 'empty reply', 56: 'connection reset' };

// "N failed of M requests (change took Ts; 87 x curl exit 7 (connection refused) at +4.7s..+4.9s)", times relative to the change's start.
function describeLoad(t: Measured): string {
  const groups = new Map<number, number[]>();
  for (const f of t.failures) groups.set(f.curlExit, [...(groups.get(f.curlExit) ?? []), f.atMs - t.startedAt]);
  const at = (ms: number) => `${ms >= 0 ? '+' : ''}${seconds(ms)}`;
  const parts = [...groups].map(([exit, times]) => `${times.length} x curl exit ${exit} (${CURL_EXITS[exit] ?? 'see curl(1)'}) at ${at(Math.min(...times))}..${at(Math.max(...times))}`);
  return `${t.failed} failed of ${t.succeeded + t.failed} requests, ${t.duringChange} of them during the change, ${t.slow} answered after 1 s or more (change took ${seconds(t.changeMs)}${parts.length ? `; ${parts.join(', ')}` : ''})`;
}

// The seed's way of making the same change: real server script on lvs03, then flush and re-add on the director.
async function seedChangeByHand(l: Lab): Promise<void> {
  const [lvs03] = seedCommands({ vip: l.vip, director: l.address('director'), realServers: [l.address('lvs03')] });
  const rs = await l.ssh('lvs03', lvs03.command);
  expect(rs.code, rs.stderr).toBe(0);
  const svc = `${l.vip}:80`;
  const director = [
    'ipvsadm -C',
    `ipvsadm -A -t ${svc} -s wrr`,
    `ipvsadm -a -t ${svc} -r ${l.address('lvs01')}:80 -g -w 3`,
    `ipvsadm -a -t ${svc} -r ${l.address('lvs02')}:80 -g -w 1`,
    `ipvsadm -a -t ${svc} -r ${l.address('lvs03')}:80 -g -w 1`,
  ].join(' && ');
  const d = await l.ssh('director', director);
  expect(d.code, d.stderr).toBe(0);
}

async function expectChanged(l: Lab): Promise<void> {
  expect(await scheduler(l)).toBe('wrr');
  const dests = await destinations(l);
  expect([...dests.keys()].sort()).toEqual([l.address('lvs01'), l.address('lvs02'), l.address('lvs03')]);
  expect(dests.get(l.address('lvs01'))?.weight).toBe(3);
  expect(await l.sysctl('lvs03', 'net.ipv4.conf.all.arp_ignore')).toBe('1');
}

describe('a hitless change: scheduler, weight and a new real server under load', () => {
  const l = useResetLab();


  it('lvsplan apply drops no request; the seed flush-and-re-add is measured beside it', async () => {
    await lvsplanExpect(l, ['apply', '-auto-approve', LVS_DR], 0);
    const baseline = await underLoad(l, 'no change (baseline)', () => new Promise((r) => setTimeout(r, 20_000)));
    let applyOut = '';
    const ours = await underLoad(l, 'lvsplan apply', async () => {
      const r = await lvsplanExpect(l, ['apply', '-auto-approve', '-no-color', fixture('lvs-dr-changed')], 0);
      applyOut = output(r);
    });
    expect(applyOut).toMatch(/Apply complete! Resources: \d+ added, \d+ changed, 0 destroyed\./);
    await expectChanged(l);
    await lvsplanExpect(l, ['plan', '-detailed-exitcode', fixture('lvs-dr-changed')], 0);

    await l.reset();
    const [rs1, rs2, director] = seedCommands({ vip: l.vip, director: l.address('director'), realServers: [l.address('lvs01'), l.address('lvs02')] });
    for (const step of [rs1, rs2, director]) expect((await l.ssh(step.host, step.command)).code).toBe(0);
    const seed = await underLoad(l, 'seed flush-and-re-add', () => seedChangeByHand(l));
    await expectChanged(l);

    console.log(`hitless: lvsplan apply output:\n${applyOut}`);
    expect(baseline.failed, 'the lab itself drops requests: nothing can be measured').toBe(0);
    expect(ours.duringChange, 'too few requests during the apply to measure it').toBeGreaterThanOrEqual(20);
    expect(ours.failed).toBe(0);
  });
});
