// How many processes the commands lvsplan runs on a host start there, counted with strace -f in a fresh network
// namespace on this machine (root): a real server's read (4 ARP sysctls, with and without a state record), a
// director's, and what an apply runs on a real server from empty (the lock holder with its read, the step that
// records the original sysctls, writes them and adds the VIP then re-reads, the state record write) and with nothing
// to change. A build whose lock holder writes the state record (when asked on its stdin, as the apply does after the
// step) counts that write in the holder's row, and has no state record write of its own (0, no remote command); one
// whose holder also runs the step (asked the same way) counts the step there too, and has no step of its own.
// Under emulation each process start costs 0.2-0.3 s of CPU. sshd's own processes per command are not counted. With --baseline OTHER (a checkout with a build, e.g. main's before a change) its counts are printed beside.
// With --time N each command also runs N times without strace and its mean wall time is printed (in the lab's
// emulated guest: node test/lab/lab.mjs run --topology default -- node test/bench/host-process-starts.mjs ... --time 12).
// Needs strace, unshare and a build: npm run build && node test/bench/host-process-starts.mjs [--baseline DIR] [--time N]
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

/**
 * Processes (the command's and every one forked under it), the programs it executed, and the read(2) calls on
 * its stdin by the process that became bash (a lock holder reading its requests; 0 where none did).
 */
function count(argv, input = '') {
  const log = join(dir, 'trace');
  const stdout = execFileSync('unshare', ['-n', 'strace', '-f', '-qq', '-o', log, '-e', 'trace=execve,clone,clone3,fork,vfork,read', ...argv], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' },
  });
  const all = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const lines = all.filter((l) => !/^\d+ +read\(/.test(l));
  const programs = lines.flatMap((l) => (/execve\("([^"]+)"/.test(l) && !/ = -1 /.test(l) ? [/execve\("([^"]+)"/.exec(l)[1].split('/').pop()] : []));
  const bash = lines.find((l) => /execve\("[^"]*\/bash"/.test(l) && !/ = -1 /.test(l))?.split(' ')[0];
  const reads = bash === undefined ? 0 : all.filter((l) => l.startsWith(`${bash} `) && /^\d+ +read\(0,/.test(l)).length;
  return { processes: new Set(lines.map((l) => l.split(' ')[0])).size, programs, reads, stdout };
}

/** The commands of each row, for one build. */
async function commands(root) {
  const load = (p) => import(join(root, 'dist', p));
  const { buildHostReadScript } = await load('providers/host-read-script.js');
  const { lockHolderArgv, stateRequest, stepsRequest } = await load('src/apply/lock-script.js');
  const { stepsArgv, stepsParameters } = await load('src/apply/steps-script.js');
  const { STATE_WRITE_SCRIPT } = await load('src/apply/state-write.js');
  const d = mkdtempSync(join(dir, 'host-'));
  const stateDir = join(d, 'state');
  mkdirSync(stateDir);
  chmodSync(stateDir, 0o700);
  const statePath = join(stateDir, 'state.json');
  const read = (role, names, path = statePath) => buildHostReadScript({ role, sysctlNames: names, stateRecordPath: path }).value;
  // The re-read that ends a step, as host-phase asks for it (a build without the option reads the state record too).
  const reread = buildHostReadScript({ role: 'realserver', sysctlNames: ARP, stateRecordPath: statePath, withStateRecord: false }).value;
  const stateWrite = ['sh', '-c', STATE_WRITE_SCRIPT, 'lvsplan-state', stateDir, statePath];
  const lock = () => lockHolderArgv('tok', 'holder', 5, join(d, 'lock'), 60, { read: read('realserver', ARP), stateDir, statePath });
  // The holder asked to write the record after the step, as the apply does: the step's write of the originals
  // under the same lock found the directory private, so the holder's write does not read its mode again.
  const holderWrites = stateRequest !== undefined;
  // A build whose holder runs the step too: the requests carry an id (its answer's frame names it).
  const holderSteps = stepsRequest !== undefined;
  const steps = [stateWrite, ...ARP.map((n) => ['sysctl', '-q', '-w', `${n}=1`]), ['ip', 'addr', 'add', '192.0.2.50/32', 'dev', 'lo']];
  // Ids of 16 hex digits: what every build's holder accepts.
  const asked = holderSteps ? stepsRequest('00000000000000a1', stepsParameters(steps, reread), RECORD) + stateRequest('00000000000000b2', RECORD, true) : holderWrites ? stateRequest(RECORD, true) : '';
  // The step's own re-read (its stdout) must show what it did, or the count is of a step that failed.
  const tookAll = (stdout) => {
    const missed = [...ARP.map((n) => `V\t${n}\t1 `), '192.0.2.50/32'].filter((x) => !stdout.includes(x));
    if (missed.length > 0) throw new Error(`the step did not take (${missed.join(', ')} not in its re-read):\n${stdout}`);
  };
  // In this order: the reads with a state record come after the state record write has made one.
  return [
    { label: 'a real server\'s read, no state record', argv: read('realserver', ARP) },
    { label: 'apply from empty: the lock holder with its read (and the step and the state record write, where it makes them), released', argv: lock(), input: asked, ...(holderSteps ? { check: tookAll } : {}) },
    { label: '  the step as a remote command of its own: originals recorded, 4 sysctls written, ip addr add, the re-read', ...(holderSteps ? { none: true } : { argv: stepsArgv(steps, reread), input: RECORD, check: tookAll }) },
    { label: '  the state record write as a remote command of its own', ...(holderWrites ? { none: true } : { argv: stateWrite, input: RECORD }) },
    { label: 'a real server\'s read, with its state record', argv: read('realserver', ARP) },
    { label: 'apply with nothing to change: the lock holder with its read', argv: lock() },
    { label: 'a director\'s read (no IPVS in this kernel: ipvsadm fails), with its state record', argv: read('director', DIRECTOR) },
  ];
}

const perBuild = [];
for (const [name, root] of builds) perBuild.push([name, await commands(root)]);
const results = perBuild.map(([name, cmds]) => [name, cmds.map((c) => {
  if (c.none) return [c.label, { processes: 0, programs: ['none'], reads: 0, stdout: '' }];
  const counted = count(c.argv, c.input);
  c.check?.(counted.stdout);
  return [c.label, counted];
})]);
console.log('host-process-starts: processes started on a host (strace -f; sshd\'s own not counted)');
for (let i = 0; i < results[0][1].length; i++) {
  const cells = results.map(([name, rows]) => `${name} ${rows[i][1].processes} (${rows[i][1].programs.join(' ')})`);
  console.log(`  ${results[0][1][i][0]}: ${cells.join('; ')}`);
}
const fromEmpty = (rows) => rows[1][1].processes + rows[2][1].processes + rows[3][1].processes;
// A row that is no remote command printed "none"; each other is one (an ssh session and a login shell's command on a real host).
const remote = (rows) => [1, 2, 3].filter((i) => rows[i][1].programs[0] !== 'none').length;
console.log(`  apply from empty on a real server in all: ${results.map(([name, rows]) => `${name} ${fromEmpty(rows)} in ${remote(rows)} remote command${remote(rows) === 1 ? '' : 's'}`).join(', ')}`);
const request = new TextEncoder().encode(perBuild.at(-1)[1][1].input).length;
console.log(`  read(2) calls of the lock holder's bash on its stdin, apply from empty (the step and the record asked, ${request} bytes in this build): ${results.map(([name, rows]) => `${name} ${rows[1][1].reads}`).join('; ')}`);

// --time N: each row's command run N times in a fresh network namespace without strace, the builds taking turns
// (so a change in the machine's load falls on both), the mean wall time of `unshare -n true` taken off.
const timeAt = process.argv.indexOf('--time');
if (timeAt >= 0) {
  const reps = Number(process.argv[timeAt + 1]);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--time needs a number of runs');
  const once = (argv, input = '') => {
    const t = process.hrtime.bigint();
    execFileSync('unshare', ['-n', ...argv], { input, stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const entry = [];
  const ms = perBuild.map(([, cmds]) => cmds.map(() => []));
  for (let r = 0; r < reps; r++) {
    entry.push(once(['true']));
    for (let i = 0; i < perBuild[0][1].length; i++) perBuild.forEach(([, cmds], b) => {
      if (!cmds[i].none) ms[b][i].push(once(cmds[i].argv, cmds[i].input));
    });
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const off = mean(entry);
  // A row a build does not run (no remote command) takes no time.
  const wall = (b, i) => (ms[b][i].length === 0 ? 0 : mean(ms[b][i]) - off);
  const ratio = (x, y) => (perBuild.length === 2 && x > 0 && y > 0 ? ` (${(x / y).toFixed(2)}x)` : '');
  console.log(`host-process-starts --time ${reps}: mean wall ms a run, \`unshare -n true\` (${off.toFixed(0)} ms) taken off${perBuild.length === 2 ? '; (baseline / this build)' : ''}`);
  for (let i = 0; i < perBuild[0][1].length; i++) {
    const cells = perBuild.map(([name], b) => `${name} ${wall(b, i).toFixed(0)}`);
    console.log(`  ${perBuild[0][1][i].label}: ${cells.join('; ')}${ratio(wall(0, i), wall(perBuild.length - 1, i))}`);
  }
  const all = (b) => [1, 2, 3].reduce((a, i) => a + wall(b, i), 0);
  console.log(`  apply from empty on a real server in all: ${perBuild.map(([name], b) => `${name} ${all(b).toFixed(0)}`).join(', ')}${ratio(all(0), all(perBuild.length - 1))}`);
}
