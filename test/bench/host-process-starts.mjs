// How many processes the commands lvsplan runs on a host start there, counted with strace -f in a fresh network
// namespace on this machine (root): a real server's read (4 ARP sysctls, with and without a state record), a
// director's, and what an apply runs on a real server from empty (the lock holder with its read, the step that
// records the original sysctls, writes them and adds the VIP then re-reads, the state record write) and with nothing
// to change. Under emulation each process start costs 0.2-0.3 s of CPU. sshd's own processes per command are not
// counted. With --baseline OTHER (a checkout with a build, e.g. main's before a change) its counts are printed beside.
// Needs strace, unshare and a build: npm run build && node test/bench/host-process-starts.mjs [--baseline DIR]
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const at = process.argv.indexOf('--baseline');
const builds = at < 0 ? [['lvsplan', resolve('.')]] : [['baseline', resolve(process.argv[at + 1])], ['this build', resolve('.')]];
const dir = mkdtempSync(join(tmpdir(), 'host-process-starts-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const ARP = ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.lo.arp_announce'];
const DIRECTOR = ['net.ipv4.ip_forward', 'net.ipv4.vs.conn_reuse_mode', 'net.ipv4.vs.expire_nodest_conn'];
const RECORD = `${JSON.stringify({ version: 1, managed: [], originalSysctls: {} })}\n`;

/** Processes (the command's and every one forked under it) and the programs it executed. */
function count(argv, input = '') {
  const log = join(dir, 'trace');
  const stdout = execFileSync('unshare', ['-n', 'strace', '-f', '-qq', '-o', log, '-e', 'trace=execve,clone,clone3,fork,vfork', ...argv], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' },
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const programs = lines.flatMap((l) => (/execve\("([^"]+)"/.test(l) && !/ = -1 /.test(l) ? [/execve\("([^"]+)"/.exec(l)[1].split('/').pop()] : []));
  return { processes: new Set(lines.map((l) => l.split(' ')[0])).size, programs, stdout };
}

async function measure(root) {
  const load = (p) => import(join(root, 'dist', p));
  const { buildHostReadScript } = await load('providers/host-read-script.js');
  const { lockHolderArgv } = await load('src/apply/lock-script.js');
  const { stepsArgv } = await load('src/apply/steps-script.js');
  const { STATE_WRITE_SCRIPT } = await load('src/apply/state-write.js');
  const d = mkdtempSync(join(dir, 'host-'));
  const stateDir = join(d, 'state');
  mkdirSync(stateDir);
  chmodSync(stateDir, 0o700);
  const statePath = join(stateDir, 'state.json');
  const read = (role, names, path = statePath) => buildHostReadScript({ role, sysctlNames: names, stateRecordPath: path }).value;
  const stateWrite = ['sh', '-c', STATE_WRITE_SCRIPT, 'lvsplan-state', stateDir, statePath];
  const lock = () => lockHolderArgv('tok', 'holder', 5, join(d, 'lock'), 60, { read: read('realserver', ARP) });
  const steps = [stateWrite, ...ARP.map((n) => ['sysctl', '-q', '-w', `${n}=1`]), ['ip', 'addr', 'add', '192.0.2.50/32', 'dev', 'lo']];
  const rows = [];
  rows.push(['a real server\'s read, no state record', count(read('realserver', ARP))]);
  rows.push(['apply from empty: the lock holder with its read, released', count(lock())]);
  const step = count(stepsArgv(steps, read('realserver', ARP)), RECORD);
  // The step's own re-read (its stdout) must show what it did, or the count is of a step that failed.
  const missed = [...ARP.map((n) => `V\t${n}\t1 `), '192.0.2.50/32'].filter((s) => !step.stdout.includes(s));
  if (missed.length > 0) throw new Error(`the step did not take (${missed.join(', ')} not in its re-read):\n${step.stdout}`);
  rows.push(['  the step: originals recorded, 4 sysctls written, ip addr add, the re-read', step]);
  rows.push(['  the state record write', count(stateWrite, RECORD)]);
  rows.push(['a real server\'s read, with its state record', count(read('realserver', ARP))]);
  rows.push(['apply with nothing to change: the lock holder with its read', count(lock())]);
  rows.push(['a director\'s read (no IPVS in this kernel: ipvsadm fails), with its state record', count(read('director', DIRECTOR))]);
  return rows;
}

const results = [];
for (const [name, root] of builds) results.push([name, await measure(root)]);
console.log('host-process-starts: processes started on a host (strace -f; sshd\'s own not counted)');
for (let i = 0; i < results[0][1].length; i++) {
  const cells = results.map(([name, rows]) => `${name} ${rows[i][1].processes} (${rows[i][1].programs.join(' ')})`);
  console.log(`  ${results[0][1][i][0]}: ${cells.join('; ')}`);
}
const fromEmpty = (rows) => rows[1][1].processes + rows[2][1].processes + rows[3][1].processes;
console.log(`  apply from empty on a real server in all: ${results.map(([name, rows]) => `${name} ${fromEmpty(rows)}`).join(', ')}`);
