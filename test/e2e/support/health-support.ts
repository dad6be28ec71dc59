import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Lab } from '../../lab/api/lab.js';
import { LVSPLAN_BIN, REPO_ROOT } from '../../lab/api/lab.js';

export const DEFAULT_CHECK = 'type = "http"\n    interval = "3s"\n    timeout = "2500ms"\n    fall = 2\n    rise = 2';

export interface HealthConfigOptions {
  /** Added to the service block: sorry_server, lifecycle, ... */
  extra?: string;
  /** The body of the service's health_check. */
  check?: string;
  /** The real servers that are backends of the service. */
  backends?: readonly string[];
  /** For `lvsplan watch` running on the director: its connection local, the real servers not managed (no connection). */
  onDirector?: boolean;
}

/**
 * The seed cluster with a health check, written to a fresh directory (one the director sees at the same
 * path when onDirector). The default check's timeout is generous: under emulation on a busy machine
 * starting a process on a lab host can take over a second, and most cases test verdicts, not speed.
 */
export function healthConfig(l: Lab, name: string, { extra = '', check = DEFAULT_CHECK, backends = ['lvs01', 'lvs02'], onDirector = false }: HealthConfigOptions = {}): string {
  const dir = onDirector ? `/lab/hosts/director/watch/${name}` : `/tmp/lvsplan-health/${name}`;
  mkdirSync(dir, { recursive: true });
  const connection = (host: string) => (onDirector ? (host === 'director' ? 'connection { type = "local" }' : 'manage = false') : `connection { host = "${l.address(host)}" }`);
  const realserver = (h: string) => `realserver "${h}" {\n  address = "${l.address(h)}"\n  ${connection(h)}\n}\n`;
  writeFileSync(
    `${dir}/main.hcl`,
    `director "lvs-dr" {
  ${connection('director')}
  interface = "eth0"
  # A new connection whose client port matches an entry the director still holds (SYN_RECV of a refused connect, FIN_WAIT
  # of a closed one) goes to that entry's real server whatever its weight; with expire_nodest_conn 1 an entry whose real
  # server has weight 0 is expired and the connection scheduled anew, so a quiesced server gets none.
  sysctls = { "net.ipv4.vs.expire_nodest_conn" = 1 }
}
${realserver('lvs01')}${realserver('lvs02')}virtual_server "web" {
  director   = "lvs-dr"
  address    = "${l.vip}"
  port       = 80
  scheduler  = "rr"
  forwarding = "dr"
  health_check {
    ${check}
  }
  ${extra}
${backends.map((b) => `  backend "${b}" {}\n`).join('')}}
`,
  );
  return dir;
}

const wwwOf = (host: string) => `/lab/hosts/${host}/www`;

/** The pid of the busybox httpd listening on port 80 in a host's network namespace, or null. */
async function httpdPid(l: Lab, host: string): Promise<number | null> {
  const out = await l.mustExec(host, ['ss', '-Hltnp', 'sport = :80']);
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

/**
 * Stops the real server's HTTP server (its own pid, nothing else). Returns when it was killed (epoch ms, taken by
 * the shell that killed it: the lab VM's clock, which the test shares), not when the test asked.
 */
export async function stopHttp(l: Lab, host: string): Promise<number> {
  const pid = await httpdPid(l, host);
  let killedAt = Date.now();
  if (pid !== null) killedAt = Math.round(Number((await l.mustExec(host, ['bash', '-c', 'kill "$1" && echo "$EPOCHREALTIME"', 'stop-http', String(pid)])).trim()) * 1000);
  for (let i = 0; i < 50 && (await httpdPid(l, host)) !== null; i++) await new Promise((r) => setTimeout(r, 100));
  return killedAt;
}

export async function startHttp(l: Lab, host: string): Promise<void> {
  if ((await httpdPid(l, host)) !== null) return;
  await l.mustExec(host, ['busybox', 'httpd', '-p', '0.0.0.0:80', '-h', wwwOf(host)]);
}

// A real server's busybox httpd in the foreground (-vvv: a line per connection), stamping ($EPOCHREALTIME, on the host)
// each connection from the checker's address CHECKER, the one thing a checker's cycle shows from outside. Prints
// "pid N T" once it runs, then "check T" per checker connection. On a stdin line "kill MS" it kills httpd MS ms after the
// checker's next connection (a bash sleep, so the test's own lag does not move the kill), prints "killed T" (when it
// sent the signal) and ends once httpd has.
const OBSERVED_HTTPD = String.raw`
www=$1 checker=$2
exec {z}<> <(:)
coproc CHECKS { grep --line-buffered -F "$checker:" | grep --line-buffered -F ': connected'; }
exec {w}>&"\${CHECKS[1]}" {r}<&"\${CHECKS[0]}"
busybox httpd -f -vvv -p 0.0.0.0:80 -h "$www" 2>&"$w" &
pid=$!
echo "pid $pid $EPOCHREALTIME"
# httpd the only writer left: its end (killed by anyone) ends the loop below.
exec {w}>&- {CHECKS[1]}>&-
kill_ms=
while IFS= read -r -u "$r" _; do
  t=$EPOCHREALTIME
  echo "check $t"
  if [ -z "$kill_ms" ] && read -t 0 && IFS= read -r cmd; then kill_ms=\${cmd#kill }; fi
  [ -n "$kill_ms" ] || continue
  until=$(( \${t/./} + kill_ms * 1000 ))
  while (( \${EPOCHREALTIME/./} < until )); do read -t 0.002 -u "$z" _; done
  now=$EPOCHREALTIME
  kill "$pid"
  echo "killed $now"
  wait "$pid"
  exit 0
done
`.replaceAll('\\${', '${');

/** A real server's HTTP server whose checker connections are seen (see OBSERVED_HTTPD); one per life of the server. */
export interface ObservedHttp {
  /** When httpd was started (epoch ms, the host's stamp). */
  startedAt: number;
  /** When each connection from the checker reached the server (epoch ms, the host's stamps). */
  checksAt: number[];
  /** Kills the server `ms` after the checker's next connection; resolves with that connection's time and the kill's. */
  killAfterNextCheck(ms: number): Promise<{ checkAt: number; killedAt: number }>;
}

/**
 * Stops whatever HTTP server the host runs and starts an observed one (see ObservedHttp); resolves once it listens.
 * `checker` is the address the health checks come from (the director's); the clients' requests are not stamped.
 */
export async function startObservedHttp(l: Lab, host: string, checker: string): Promise<ObservedHttp> {
  await stopHttp(l, host);
  const argv = [...l.enter(host), 'bash', '-c', OBSERVED_HTTPD, 'observed-httpd', wwwOf(host), checker];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  const { lines, exited } = collectLines(child);
  const stamp = (prefix: string) => lines.flatMap((x) => (x.startsWith(prefix) ? [Math.round(Number(x.slice(prefix.length)) * 1000)] : []));
  const ended = exited.then((code) => {
    throw new Error(`the observed HTTP server on ${host} ended (exit ${code}): ${lines.join('\n')}`);
  });
  ended.catch(() => undefined);
  await Promise.race([waitFor(`the observed HTTP server on ${host} to listen`, async () => lines.some((x) => x.startsWith('pid ')) && (await httpdPid(l, host)) !== null), ended]);
  const [, , started] = lines.find((x) => x.startsWith('pid '))!.split(' ');
  return {
    startedAt: Math.round(Number(started) * 1000),
    get checksAt() {
      return stamp('check ');
    },
    async killAfterNextCheck(ms) {
      child.stdin!.end(`kill ${Math.round(ms)}\n`);
      const code = await exited;
      const [killedAt] = stamp('killed ');
      if (code !== 0 || killedAt === undefined) throw new Error(`the observed HTTP server on ${host} was not killed (exit ${code}): ${lines.join('\n')}`);
      return { checkAt: stamp('check ').filter((t) => t <= killedAt).at(-1)!, killedAt };
    },
  };
}

/** Weight of each destination of the VIP's service on the director (address -> weight). */
export async function weights(l: Lab): Promise<Map<string, number>> {
  const out = await l.ipvsSave();
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const r = /^-a -t \S+ -r (\S+):80 -\w -w (\d+)/.exec(line.trim());
    if (r) m.set(r[1]!, Number(r[2]));
  }
  return m;
}

// Reads the director's table every 20 ms with bash builtins (no program per look) until the destination HEX's weight
// is no longer FROM (or it is gone), and prints when it first looked and when it saw that ($EPOCHREALTIME); it creates
// the file MARK after its first look; exit 1 after LIMIT looks. Then, in the background, it keeps looking until AFTER
// microseconds have passed and writes to MARK.back when it saw the weight FROM again, or "-".
const WEIGHT_LEAVES = String.raw`
hex=$1 from=$2 limit=$3 mark=$4 after=$5 first=$EPOCHREALTIME
exec {z}<> <(:)
weight() {
  w=
  while read -r a b c d rest; do
    if [ "$a" = "->" ] && [ "$b" = "$hex" ]; then w=$d; break; fi
  done < /proc/net/ip_vs
}
for (( i = 0; i < limit; i++ )); do
  weight
  if [ "$w" != "$from" ]; then
    echo "$first $EPOCHREALTIME"
    exec >/dev/null 2>&1
    {
      until=$(( \${EPOCHREALTIME/./} + after ))
      while (( \${EPOCHREALTIME/./} < until )); do read -t 0.02 -u "$z" _; weight; [ "$w" != "$from" ] || break; done
      if [ "$w" = "$from" ]; then echo "$EPOCHREALTIME" > "$mark.back"; else echo - > "$mark.back"; fi
    } &
    exit 0
  fi
  [ "$i" -gt 0 ] || : > "$mark"
  read -t 0.02 -u "$z" _
done
exit 1
`.replaceAll('\\${', '${');

/**
 * Watches the director's kernel table until it no longer has the destination ADDRESS:PORT at weight `from`.
 * `watching` resolves after its first look; `changed` with when it saw the change (epoch ms, within ~20 ms: no
 * ipvsadm start per look, which under emulation lagged the change by 0.25-0.6 s) and when it first looked.
 * `back()`: when the weight was `from` again within `afterMs` of the change, or null (it waits until then).
 */
export function weightLeaves(l: Lab, address: string, port: number, from: number, timeoutMs = 120_000, afterMs = 3000): { watching: Promise<number>; changed: Promise<{ firstLookAt: number; changedAt: number }>; back: () => Promise<number | null> } {
  const hex = `${address.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('')}:${port.toString(16).padStart(4, '0')}`.toUpperCase();
  // /lab is the same directory in the director's mount namespace and the test's.
  const mark = `/lab/hosts/director/weight-watch-${process.pid}-${Date.now()}`;
  const changed = l.mustExec('director', ['bash', '-c', WEIGHT_LEAVES, 'weight-leaves', hex, String(from), String(Math.ceil(timeoutMs / 20)), mark, String(afterMs * 1000)], { timeoutMs: timeoutMs + 30_000 }).then((out) => {
    const [firstLookAt, changedAt] = out.trim().split(' ').map((t) => Math.round(Number(t) * 1000)) as [number, number];
    return { firstLookAt, changedAt };
  });
  changed.catch(() => undefined);
  const back = async (): Promise<number | null> => {
    await waitFor('the director table watched after the change', async () => existsSync(`${mark}.back`), afterMs + 30_000);
    const t = readFileSync(`${mark}.back`, 'utf8').trim();
    return t === '-' ? null : Math.round(Number(t) * 1000);
  };
  return { changed, back, watching: waitFor('the director table watched', async () => existsSync(mark), 60_000) };
}

/** Polls until `pred` holds (every 100 ms); returns when it did, or throws after timeoutMs. */
export async function waitFor(what: string, pred: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await pred()) return Date.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
}

/** A child's stdout and stderr lines as they come, each with the time it arrived, and its exit. */
function collectLines(child: ChildProcess): { lines: string[]; arrivedAt: number[]; exited: Promise<number | null> } {
  const lines: string[] = [];
  const arrivedAt: number[] = [];
  const onStream = (): ((d: string) => void) => {
    let partial = '';
    return (d) => {
      const parts = (partial + d).split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
      arrivedAt.push(...parts.map(() => Date.now()));
    };
  };
  child.stdout!.setEncoding('utf8').on('data', onStream());
  child.stderr!.setEncoding('utf8').on('data', onStream());
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { lines, arrivedAt, exited };
}

/** `lvsplan watch` as a child process; its log lines as they come, each with the time it arrived. */
export interface Watcher {
  child: ChildProcess;
  lines: string[];
  arrivedAt: number[];
  exited: Promise<number | null>;
  signal(sig: NodeJS.Signals): void;
}

/**
 * Starts `lvsplan watch` as the operator (from the VM's root namespace, over ssh), or with `on` inside a
 * lab host, as a service on that host would run (its configuration then says connection { type = "local" }).
 */
export function startWatch(l: Lab, args: readonly string[], { on, env = {} }: { on?: string; env?: NodeJS.ProcessEnv } = {}): Watcher {
  // The bundle, as the lab API runs lvsplan: under emulation loading dist/src's modules one by one takes far longer.
  const argv = [...(on ? l.enter(on) : []), LVSPLAN_BIN, 'watch', ...args];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, env: { ...l.operatorEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const { lines, arrivedAt, exited } = collectLines(child);
  return { child, lines, arrivedAt, exited, signal: (sig) => child.kill(sig) };
}

/** keepalived on the director, in the foreground as a child of the test, logging to it (each line with when it arrived); stopped by its pid. */
export function startKeepalived(l: Lab, conf: string): { child: ChildProcess; lines: string[]; arrivedAt: number[]; exited: Promise<number | null>; stop(): Promise<void> } {
  // The director has its own /tmp (and /run); /lab is shared with the VM's root namespace.
  const dir = '/lab/hosts/director/keepalived';
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/keepalived.conf`, conf);
  const argv = [...l.enter('director'), 'keepalived', '-n', '-l', '-D', '-C', '-f', `${dir}/keepalived.conf`, '-p', `${dir}/k.pid`, '-c', `${dir}/c.pid`, '-r', `${dir}/r.pid`];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const { lines, arrivedAt, exited } = collectLines(child);
  return {
    child,
    lines,
    arrivedAt,
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The watch's JSON log events, each with its own timestamp (epoch ms); other lines are left out. */
function events(lines: readonly string[]): { at: number; type?: string; message?: string }[] {
  return lines.flatMap((line) => {
    try {
      const e = JSON.parse(line) as { '@timestamp'?: string; type?: string; '@message'?: string };
      return [{ at: Date.parse(e['@timestamp'] ?? ''), type: e.type, message: e['@message'] }];
    } catch {
      return [];
    }
  });
}

/** The watch's log events between `from` and `to` (epoch ms) by their own timestamps, each at its offset from `zero`. */
export function eventTimeline(lines: readonly string[], from: number, to: number, zero = from): string[] {
  return events(lines).flatMap((e) => (e.at >= from && e.at <= to ? [`${offset(e.at - zero)} event ${e.type}: ${e.message}`] : []));
}

/** When the watch logged each event of `type` (epoch ms, its own timestamps). */
export function eventTimes(lines: readonly string[], type: string): number[] {
  return events(lines).flatMap((e) => (e.type === type ? [e.at] : []));
}

/** One kill of a real server's HTTP server under load, as the side-by-side case measures it for one checker. */
export interface KillFigures {
  /** From the kill to weight 0 in the director's table (both by the VM's clock, ~20 ms). */
  detectMs: number;
  /** Where the kill fell in the checker's cycle: from the connection of its last check before the kill. */
  phaseMs: number;
  /** From that last check (which passed) to weight 0: the checker's cycle and reaction, whatever the kill's place. */
  fromLastCheckMs: number;
  /** From the checker's verdict (watch's backend_down event, keepalived's "failed after" line) to weight 0. */
  verdictToZeroMs: number | null;
  /** Requests that failed, and all requests, from the kill until 3 s after weight 0. */
  failed: number;
  requests: number;
  /** Failed requests that started after weight 0 was seen in the table: must be none. */
  afterQuiesce: number;
  /** When the weight was seen back at 1 within 3 s of weight 0 (from the kill), or null: it stayed 0. */
  weightBackMs: number | null;
  /** From the HTTP server's restart to weight 1 in the table. */
  restoreMs: number;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));

/** A checker's kills as `health figures:` prints them: the mean and each of detection, failed share, verdict to weight 0 and restore. */
export function summarizeKills(kills: readonly KillFigures[]): Record<string, unknown> {
  const share = (k: KillFigures) => (k.requests > 0 ? Math.round((1000 * k.failed) / k.requests) / 10 : 0);
  const verdicts = kills.flatMap((k) => (k.verdictToZeroMs === null ? [] : [k.verdictToZeroMs]));
  return {
    kills: kills.length,
    detectMs: { mean: mean(kills.map((k) => k.detectMs)), each: kills.map((k) => k.detectMs) },
    phaseMs: { mean: mean(kills.map((k) => k.phaseMs)), each: kills.map((k) => k.phaseMs) },
    fromLastCheckMs: { mean: mean(kills.map((k) => k.fromLastCheckMs)), each: kills.map((k) => k.fromLastCheckMs) },
    failedPercent: { mean: Math.round((10 * kills.reduce((a, k) => a + share(k), 0)) / Math.max(1, kills.length)) / 10, each: kills.map(share), failed: kills.map((k) => `${k.failed}/${k.requests}`) },
    verdictToZeroMs: { mean: mean(verdicts), each: kills.map((k) => k.verdictToZeroMs) },
    restoreMs: { mean: mean(kills.map((k) => k.restoreMs)), each: kills.map((k) => k.restoreMs) },
    afterQuiesce: kills.map((k) => k.afterQuiesce),
    weightBackMs: kills.map((k) => k.weightBackMs),
  };
}

/** A mean and its standard error (null below two values), rounded to 0.1. */
function meanAndError(xs: readonly number[]): { mean: number | null; standardError: number | null } {
  if (xs.length === 0) return { mean: null, standardError: null };
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length < 2 ? null : xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { mean: round(m), standardError: variance === null ? null : round(Math.sqrt(variance / xs.length)) };
}

/**
 * A checker against another, kill for kill (the i-th kill of each fell at the same place in its own cycle): the mean
 * difference and its standard error of the time from the last passing check to weight 0 and of the failed requests.
 * Negative: the first checker took less, failed fewer.
 */
export function compareKills(ours: readonly KillFigures[], theirs: readonly KillFigures[]): Record<string, unknown> {
  const n = Math.min(ours.length, theirs.length);
  const diff = (f: (k: KillFigures) => number) => Array.from({ length: n }, (_, i) => f(ours[i]!) - f(theirs[i]!));
  const total = (ks: readonly KillFigures[]) => ks.slice(0, n).reduce((a, k) => a + k.failed, 0);
  return {
    kills: n,
    fromLastCheckMs: meanAndError(diff((k) => k.fromLastCheckMs)),
    failedPerKill: meanAndError(diff((k) => k.failed)),
    failed: `${total(ours)} vs ${total(theirs)}`,
  };
}

const offset = (ms: number) => `${ms < 0 ? '' : '+'}${ms} ms`;

/** Log lines between `from` and `to` by when they arrived (epoch ms), each at its offset from `zero`. */
export function arrivalTimeline(name: string, lines: readonly string[], arrivedAt: readonly number[], from: number, to: number, zero = from): string[] {
  return lines.flatMap((line, i) => (arrivedAt[i]! >= from && arrivedAt[i]! <= to ? [`${offset(arrivedAt[i]! - zero)} ${name}: ${line}`] : []));
}

/** Timelines merged in order of their "+N ms" offsets. */
export function mergeTimelines(...timelines: string[][]): string[] {
  const at = (l: string) => Number(/^\+?(-?\d+) ms/.exec(l)?.[1] ?? 0);
  return timelines.flat().sort((a, b) => at(a) - at(b));
}

const COMMAND_NAME = /lvsplan-(lock|steps|state|read|health|edit)/;

/**
 * The remote commands a watch ran between `from` and `to` (epoch ms), from its LVSPLAN_LOG file: one line per
 * start (named by its script) and per end (status and duration), and its other debug lines (check rounds, quick
 * edits), each at its offset from `zero`.
 */
export function commandTimeline(logPath: string, from: number, to: number, zero = from): string[] {
  const lines = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n') : [];
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\S+) \[DEBUG\] (\S+): (.*)$/.exec(line);
    const at = m ? Date.parse(m[1]!) : NaN;
    if (!m || !(at >= from && at <= to)) return;
    if (!m[3]!.startsWith('run')) {
      out.push(`${offset(at - zero)} ${m[2]}: ${m[3]}`);
      return;
    }
    let block = '';
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('    '); j++) block += `${lines[j]}\n`;
    out.push(`${offset(at - zero)} ${m[2]}: start ${COMMAND_NAME.exec(block)?.[0] ?? block.trim().split(/\s+/).slice(0, 3).join(' ')}`);
  });
  return out;
}
