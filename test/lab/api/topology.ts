import { existsSync, readFileSync } from 'node:fs';

export interface LabHost {
  name: string;
  address: string;
  http: boolean;
  pid: number;
  sysctlDefaults: Record<string, string>;
}

export interface LabTopology {
  name: string;
  operator: string;
  vip: string;
  bridge: { name: string; prefixLength: number };
  sshConfig: string;
  identity: string;
  readyAtUptime: number;
  hosts: LabHost[];
}

export const TOPOLOGY_PATH = process.env.LVSPLAN_LAB_TOPOLOGY ?? '/lab/topology.json';

// e2e tests only make sense inside the lab VM: outside it this fails loudly instead of skipping.
export function loadTopology(path = TOPOLOGY_PATH): LabTopology {
  if (!existsSync(path)) {
    throw new Error(
      `no lab topology at ${path}: the e2e suite runs inside the lab VM.\n` +
        `Run: npm run test:e2e   (node test/lab/lab.mjs run --topology default -- npx vitest run --project e2e)`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as LabTopology;
}
