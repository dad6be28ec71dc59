// The lab's topology for a benchmark run inside the lab VM (test/lab/api/topology.ts is the e2e suite's, in TypeScript).
import { readFileSync } from 'node:fs';

/** The topology the lab wrote, or exit 1 saying how to run `bench` (its file name) inside the lab on `topology`. */
export function labTopology(bench, topology = 'default') {
  const path = process.env.LVSPLAN_LAB_TOPOLOGY ?? '/lab/topology.json';
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`no lab topology at ${path}: run inside the lab (node test/lab/lab.mjs run --topology ${topology} -- node test/bench/${bench})`);
    process.exit(1);
  }
}
