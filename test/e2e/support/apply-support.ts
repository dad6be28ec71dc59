import { resolve } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT, type Lab, type RunResult } from '../../lab/api/lab.js';
import type { RunOptions } from '../../lab/api/run.js';

export const LVS_DR = resolve(REPO_ROOT, 'examples/lvs-dr');

export function fixture(name: string): string {
  return resolve(REPO_ROOT, 'test/e2e/fixtures', name);
}

export function output(r: RunResult): string {
  return r.stdout + r.stderr;
}

/** Runs lvsplan and fails with its whole output when the exit code is not the expected one. */
export async function lvsplanExpect(l: Lab, args: readonly string[], code: number, options: RunOptions = {}): Promise<RunResult> {
  const r = await l.lvsplan(args, options);
  expect(r.code, `lvsplan ${args.join(' ')}\n${output(r)}`).toBe(code);
  return r;
}

export interface Destination {
  address: string;
  forwarding: string;
  weight: number;
}

/** The destinations of the VIP's port-80 service, from ipvsadm -Sn. */
export async function destinations(l: Lab): Promise<Map<string, Destination>> {
  const out = new Map<string, Destination>();
  for (const line of (await l.ipvsSave()).split('\n')) {
    const m = /^-a -t (\S+):80 -r (\S+):80 (-[gmi]) -w (\d+)/.exec(line);
    if (m && m[1] === l.vip) out.set(m[2]!, { address: m[2]!, forwarding: m[3]!, weight: Number(m[4]) });
  }
  return out;
}

export async function scheduler(l: Lab): Promise<string | null> {
  const m = new RegExp(`^-A -t ${l.vip.replaceAll('.', '\\.')}:80 -s (\\S+)`, 'm').exec(await l.ipvsSave());
  return m ? m[1]! : null;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
