#!/usr/bin/env node
// npm run demo: boots the lab, builds the seed's cluster with `lvsplan apply` and prints four curls from the client.
// Outside the VM it re-launches itself inside the lab; inside it does the work.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

if (!process.env.LVSPLAN_LAB) {
  const r = spawnSync('node', [join(here, 'lab.mjs'), 'run', '--topology', 'default', '--', 'node', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const topology = JSON.parse(readFileSync(process.env.LVSPLAN_LAB_TOPOLOGY, 'utf8'));
const client = topology.hosts.find((h) => h.name === 'client');

const repo = join(here, '..', '..');
const build = () => {
  const r = spawnSync('node', [join(repo, 'dist/lvsplan.mjs'), 'apply', '-auto-approve', 'examples/lvs-dr'], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, HOME: '/root' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const started = Date.now();
build();
process.stdout.write(`cluster built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
for (let i = 0; i < 4; i++) {
  const r = spawnSync('nsenter', ['-t', String(client.pid), '-n', '--', 'curl', '-s', '-m', '5', `http://${topology.vip}/`], { encoding: 'utf8' });
  process.stdout.write(`curl http://${topology.vip}/ -> ${r.status === 0 ? r.stdout.trim() : `failed (${r.status})`}\n`);
}
spawnSync('nsenter', ['-t', String(topology.hosts.find((h) => h.name === 'director').pid), '-n', '--', 'ipvsadm', '-Ln'], { stdio: 'inherit' });
