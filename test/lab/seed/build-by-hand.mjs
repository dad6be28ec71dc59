// Builds the seed's cluster the way its scripts do, over SSH from the operator (root namespace).
// Shared by the e2e test's helper and the demo. Returns nothing; throws on a failed step.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The script's text travels inside the command: each host's sshd has a private /tmp, so a checkout there
 * (where CI may clone) is not visible to the hosts by path.
 */
function runScript(name, args) {
  const text = readFileSync(join(SEED_DIR, name), 'utf8');
  return `sh -c '${text.replaceAll("'", "'\\''")}' ${name} ${args}`;
}

export function seedCommands({ vip, director, realServers, skipArpOn = [] }) {
  const steps = [];
  for (const rs of realServers) {
    steps.push(
      skipArpOn.includes(rs)
        ? { host: rs, command: `ip addr replace ${vip}/32 dev lo` }
        : { host: rs, command: `VIP=${vip} ${runScript('lvs-realserver.sh', 'start')}` },
    );
  }
  steps.push({ host: director, command: `VIP=${vip} RIPS='${realServers.join(' ')}' ${runScript('lvs-director.sh', 'start')}` });
  return steps;
}

export function buildByHand(options) {
  for (const step of seedCommands(options)) {
    const r = spawnSync('ssh', [step.host, step.command], { encoding: 'utf8', env: { ...process.env, HOME: '/root' } });
    if (r.status !== 0) throw new Error(`ssh ${step.host} ${step.command} -> ${r.status}: ${r.stderr}`);
  }
}
