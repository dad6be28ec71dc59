// Builds the seed's cluster the way its scripts do, over SSH from the operator (root namespace).
// Shared by the e2e test's helper and the demo. Returns nothing; throws on a failed step.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DIR = dirname(fileURLToPath(import.meta.url));

export function seedCommands({ vip, director, realServers, skipArpOn = [] }) {
  const steps = [];
  for (const rs of realServers) {
    steps.push(
      skipArpOn.includes(rs)
        ? { host: rs, command: `ip addr replace ${vip}/32 dev lo` }
        : { host: rs, command: `VIP=${vip} sh ${join(SEED_DIR, 'lvs-realserver.sh')} start` },
    );
  }
  steps.push({ host: director, command: `VIP=${vip} RIPS='${realServers.join(' ')}' sh ${join(SEED_DIR, 'lvs-director.sh')} start` });
  return steps;
}

export function buildByHand(options) {
  for (const step of seedCommands(options)) {
    const r = spawnSync('ssh', [step.host, step.command], { encoding: 'utf8', env: { ...process.env, HOME: '/root' } });
    if (r.status !== 0) throw new Error(`ssh ${step.host} ${step.command} -> ${r.status}: ${r.stderr}`);
  }
}
