// SSH transport costs against a real local sshd (needs root and /usr/sbin/sshd).
// Build first: npx tsc -p tsconfig.json; then node test/bench/transport-ssh.mjs [--quick]
// Side by side in one run: N commands over one shared master connection vs N commands each on a fresh
// connection; and H hosts x C commands fanned out with parallelism 1 vs parallelism H.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshRunner } from '../../dist/src/transport/ssh-runner.js';
import { runOnHosts } from '../../dist/src/transport/fan-out.js';

const quick = process.argv.includes('--quick');
const COMMANDS = quick ? 8 : 30;
const HOSTS = 6;
const PER_HOST = quick ? 3 : 6;

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function startSshd() {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplan-bench-sshd-'));
  for (const k of ['host_key', 'client_key']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, k)]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, `PidFile ${join(dir, 'pid')}`, 'PermitRootLogin prohibit-password',
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'UseDNS no', 'StrictModes no',
    'MaxStartups 100:30:200', 'MaxSessions 100', '',
  ].join('\n'));
  const [type, key] = readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${type} ${key}\n`);
  writeFileSync(join(dir, 'ssh_config'), [
    'Host *', '  User root', '  IdentitiesOnly yes', '  IdentityAgent none', '  StrictHostKeyChecking yes',
    `  UserKnownHostsFile ${join(dir, 'known_hosts')}`, '  GlobalKnownHostsFile /dev/null', '',
  ].join('\n'));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { dir, port, stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

const sshd = await startSshd();
const spec = { type: 'ssh', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: join(sshd.dir, 'client_key'), timeout: 10 };
const options = { sshConfigFile: join(sshd.dir, 'ssh_config') };
const argv = ['cat', '/proc/sys/net/ipv4/ip_forward'];
const check = (r) => {
  if (r.exitCode === null || r.spawnError) throw new Error(`command failed: ${JSON.stringify(r)}`);
};
const elapsed = async (fn) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

try {
  const shared = await elapsed(async () => {
    const runner = new SshRunner(spec, options);
    for (let i = 0; i < COMMANDS; i++) check(await runner.run(argv));
    await runner.close();
  });
  const fresh = await elapsed(async () => {
    for (let i = 0; i < COMMANDS; i++) {
      const runner = new SshRunner(spec, options);
      check(await runner.run(argv));
      await runner.close();
    }
  });
  console.log(`${COMMANDS} sequential commands: shared master ${shared.toFixed(0)} ms (${(shared / COMMANDS).toFixed(1)} ms each), ` +
    `fresh connection each ${fresh.toFixed(0)} ms (${(fresh / COMMANDS).toFixed(1)} ms each); fresh/shared = ${(fresh / shared).toFixed(2)}x`);

  const fanOut = async (parallelism) => elapsed(async () => {
    const runners = Array.from({ length: HOSTS }, () => new SshRunner(spec, options));
    await runOnHosts(runners, parallelism, async (r) => {
      for (let i = 0; i < PER_HOST; i++) check(await r.run(argv));
    });
    await Promise.all(runners.map((r) => r.close()));
  });
  const serial = await fanOut(1);
  const parallel = await fanOut(HOSTS);
  console.log(`${HOSTS} hosts x ${PER_HOST} commands: parallelism 1 ${serial.toFixed(0)} ms, parallelism ${HOSTS} ${parallel.toFixed(0)} ms; ` +
    `serial/parallel = ${(serial / parallel).toFixed(2)}x (machine has the sshd and the clients on the same cores)`);
} finally {
  sshd.stop();
}
