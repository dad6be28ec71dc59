import { expect } from 'vitest';
import type { Lab } from '../../lab/api/lab.js';
// @ts-expect-error plain ESM helper shared with the demo, no type declarations
import { seedCommands } from '../../lab/seed/build-by-hand.mjs';

interface Step {
  host: string;
  command: string;
}

// The seed cluster built with the seed's own scripts over SSH, real servers first; `skipArpOn` real servers
// keep their ARP sysctls at 0 (the classic DR mistake).
export async function buildSeedCluster(l: Lab, skipArpOn: readonly string[] = []): Promise<void> {
  const steps: Step[] = seedCommands({
    vip: l.vip,
    director: l.address('director'),
    realServers: [l.address('lvs01'), l.address('lvs02')],
    skipArpOn: skipArpOn.map((h) => l.address(h)),
  });
  const directorStep = steps.at(-1)!;
  const results = await Promise.all(steps.slice(0, -1).map((s) => l.ssh(s.host, s.command)));
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const director = await l.ssh(directorStep.host, directorStep.command);
  expect(director.code, director.stderr).toBe(0);
}

// Four sequential curls through the VIP alternate between lvs01 and lvs02 (round robin).
export async function expectRoundRobin(l: Lab): Promise<void> {
  const answers = await l.curl('client', `http://${l.vip}/`, 4);
  expect(answers).toHaveLength(4);
  expect(new Set(answers)).toEqual(new Set(['lvs01 host!', 'lvs02 host!']));
  expect(answers[1]).not.toBe(answers[0]);
  expect(answers[2]).toBe(answers[0]);
  expect(answers[3]).toBe(answers[1]);
}
