import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fail } from './fail.mjs';
import { which } from './proc.mjs';

const PASS_ENV = /^(CI|TERM|LANG|LC_\w+|NO_COLOR|FORCE_COLOR|NODE_OPTIONS|LVSPLAN_\w+|VITEST_\w+)$/;

export function shellQuote(word) {
  return `'${String(word).replaceAll("'", `'\\''`)}'`;
}

// The script the VM's init runs inside the chroot: stdout/stderr go to their own serial ports.
function innerScript({ argv, cwd, env, topology, labDir }) {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  const lines = [
    'stty -F /dev/ttyS1 raw -echo 2>/dev/null',
    'stty -F /dev/ttyS2 raw -echo 2>/dev/null',
    // The command sees pipes, not the serial ttys, as it would in CI.
    'mkfifo /run/lab-out /run/lab-err',
    'cat /run/lab-out >/dev/ttyS1 & out=$!',
    'cat /run/lab-err >/dev/ttyS2 & err=$!',
    'exec </dev/null >/run/lab-out 2>/run/lab-err',
    ...exports,
    `cd ${shellQuote(cwd)} || exit 96`,
  ];
  if (topology) {
    lines.push(`node ${shellQuote(join(labDir, 'topology-up.mjs'))} ${shellQuote(topology)} || { echo "lab: topology ${topology} failed" >&2; exec >&- 2>&-; wait $out $err; exit 97; }`);
  }
  lines.push(`${argv.map(shellQuote).join(' ')}`, 'rc=$?', 'exec >&- 2>&-', 'wait $out $err', 'exit $rc');
  return lines.join('\n') + '\n';
}

// Copies what a serial-port file gains to a stream, until stopped.
function follow(path, stream) {
  let offset = 0;
  const buffer = Buffer.alloc(1 << 16);
  const pump = () => {
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, offset);
        if (n <= 0) break;
        offset += n;
        stream.write(Buffer.from(buffer.subarray(0, n)));
      }
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(pump, 100);
  return () => {
    clearInterval(timer);
    pump();
  };
}

export async function bootAndRun({ kernel, initramfs, argv, cwd, topology, labDir, rw = [], memory = 4096, cpus = 2, timeoutSeconds, verbose }) {
  const qemu = which('qemu-system-x86_64');
  if (!qemu) fail('qemu-system-x86_64 not found: run test/lab/setup.sh');
  const runDir = mkdtempSync(join(tmpdir(), 'lvsplan-lab-'));
  const env = { HOME: '/root', PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', LVSPLAN_LAB: '1' };
  for (const [k, v] of Object.entries(process.env)) if (PASS_ENV.test(k) && v !== undefined) env[k] = v;
  if (topology) env.LVSPLAN_LAB_TOPOLOGY = '/lab/topology.json';
  writeFileSync(join(runDir, 'inner.sh'), innerScript({ argv, cwd, env, topology, labDir }));
  const shares = rw.map((p, i) => ({ tag: `rw${i}`, path: resolve(p) }));
  writeFileSync(join(runDir, 'mounts'), shares.map((s) => `${s.tag} ${s.path}\n`).join(''));

  const virtfs = (path, tag, ro) =>
    ['-virtfs', `local,path=${path},mount_tag=${tag},security_model=none,multidevs=remap${ro ? ',readonly=on' : ''}`];
  const args = [
    '-accel', 'tcg', '-cpu', process.env.LVSPLAN_LAB_CPU ?? 'max', '-smp', String(cpus), '-m', String(memory),
    '-display', 'none', '-monitor', 'none', '-nic', 'none', '-no-reboot',
    '-kernel', kernel.vmlinuz, '-initrd', initramfs,
    '-append', 'console=ttyS0 quiet panic=-1 8250.nr_uarts=4',
    ...virtfs('/', 'host', true),
    ...virtfs(runDir, 'labrun', false),
    ...shares.flatMap((s) => virtfs(s.path, s.tag, false)),
    '-serial', `file:${join(runDir, 'console.log')}`,
    '-serial', `file:${join(runDir, 'stdout.log')}`,
    '-serial', `file:${join(runDir, 'stderr.log')}`,
  ];
  const started = Date.now();
  const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let qemuOutput = '';
  child.stdout.on('data', (d) => (qemuOutput += d));
  child.stderr.on('data', (d) => (qemuOutput += d));
  const stops = [follow(join(runDir, 'stdout.log'), process.stdout), follow(join(runDir, 'stderr.log'), process.stderr)];
  if (verbose) stops.push(follow(join(runDir, 'console.log'), process.stderr));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutSeconds * 1000);
  const exit = await new Promise((res) => child.on('close', (code, signal) => res({ code, signal })));
  clearTimeout(timer);
  for (const stop of stops) stop();
  const seconds = (Date.now() - started) / 1000;
  const statusFile = join(runDir, 'status');
  const console = existsSync(join(runDir, 'console.log')) ? readFileSync(join(runDir, 'console.log'), 'utf8') : '';
  try {
    if (timedOut) fail(`lab VM timed out after ${timeoutSeconds}s; console tail:\n${tail(console)}`);
    if (!existsSync(statusFile)) {
      fail(`lab VM ended (qemu exit ${exit.code ?? exit.signal}) without running the command.\nqemu: ${qemuOutput}\nconsole tail:\n${tail(console)}`);
    }
    const code = Number(readFileSync(statusFile, 'utf8').trim());
    return { code, seconds, bootSeconds: readySeconds(console) };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

function readySeconds(console) {
  const m = console.match(/lab-init: ready (\d+(\.\d+)?)/);
  return m ? Number(m[1]) : null;
}

function tail(text, lines = 40) {
  return text.replaceAll('\r', '').split('\n').slice(-lines).join('\n');
}
