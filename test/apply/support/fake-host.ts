import { createHash } from 'node:crypto';
import { ACTIVE_CONNS_ARGV } from '../../../src/apply/active-conns.js';
import { ANSWERS_REQUESTS, FRAME_BEGIN, FRAME_END, FRAME_STDERR, HOLD_RELEASED, LOCK_EXIT_BUSY, LOCK_SCRIPT, LOCKED_LINE, REQUEST_HEADER_BYTES, STATE_REQUEST, STEPS_REQUEST } from '../../../src/apply/lock-script.js';
import { STATE_WRITE_ARGV } from '../../../src/apply/state-write.js';
import { decodeSteps, stepsArgv } from '../../../src/apply/steps-script.js';
import type { HostRole } from '../../../src/model/hosts.js';
import { addressId } from '../../../src/model/identity.js';
import { parseIpAddress } from '../../../src/model/ip-address.js';
import type { ResourceInstance } from '../../../src/model/resource.js';
import { LOCK_PATH, STATE_RECORD_PATH, type StateRecord } from '../../../src/model/state-record.js';
import type { CommandResult, CommandRunner, RunOptions } from '../../../src/transport/command-runner.js';
import { parseIpvsSave } from '../../../providers/ipvs/parse-save.js';
import { parseSvcTokens } from '../../../providers/ipvs/svc-token.js';
import { destinationId } from '../../../src/model/identity.js';
import type { FakeClock } from './fake-clock.js';
import { parseStateRecord } from '../../../providers/host-state-record.js';

interface Svc {
  svc: string[];
  opts: string[];
  id: string;
  dests: Map<string, string[]>;
}

/**
 * An in-memory host for unit tests of the apply engine: an IPVS table driven by `ipvsadm -R`
 * lines, addresses, sysctls, files and a flock. Runs only the argv shapes the engine emits.
 */
export class FakeHost {
  readonly services = new Map<string, Svc>();
  readonly addresses = new Map<string, ResourceInstance['attrs']>();
  readonly sysctls = new Map<string, string>();
  readonly files = new Map<string, string>();
  /** Every command run, in order, with its stdin. */
  readonly log: { argv: string[]; stdin?: string }[] = [];
  /** Every remote command the engine started (a steps script once, not its commands). */
  readonly remote: string[][] = [];
  lockOwner: string | null = null;
  /** The lock holder answers requests, state record writes and steps (a host with bash); false: a host without bash. */
  holderAnswers = true;
  /**
   * Each request the lock holder answered: a state record write by how it was asked, "state checked" (no mode
   * read) or "state unchecked", and steps as remoteCommands() names them.
   */
  readonly holderRequests: string[] = [];
  unreachable = false;
  /** A kernel error message for a batch line, or null to apply it. */
  kernelError: (line: string) => string | null = () => null;
  /** Make an argv fail: return its stderr, or null to run it. */
  failArgv: (argv: string[]) => string | null = () => null;
  /** ActiveConn of a destination at the n-th drain poll (0-based). */
  activeConns: (destId: string, poll: number) => number = () => 0;
  inactiveConns: (destId: string, poll: number) => number = () => 0;
  /** Applied after every ipvsadm -R batch (e.g. a keepalived fighting back). */
  afterBatch: () => void = () => undefined;
  private polls = 0;

  constructor(
    readonly name: string,
    readonly role: HostRole,
    readonly clock: FakeClock,
  ) {}

  runner(): CommandRunner {
    return {
      run: (argv, opts) => {
        this.remote.push([...argv]);
        return this.run(argv, opts);
      },
      close: async () => undefined,
    };
  }

  /** The remote commands the engine started, one word each (a steps script names its commands). */
  remoteCommands(): string[] {
    return this.remote.map((argv) => {
      const steps = decodeSteps(argv);
      if (steps) return stepsName(steps);
      if (argv[0] === 'sh' && argv[2] === LOCK_SCRIPT) return 'lock';
      if (argv.join(' ') === STATE_WRITE_ARGV.join(' ')) return 'state-write';
      return argv[0] === 'fake-read' ? 'read' : argv.join(' ');
    });
  }

  batches(): string[][] {
    return this.log.filter((e) => e.argv.join(' ') === 'ipvsadm -R').map((e) => e.stdin!.trimEnd().split('\n'));
  }

  commands(): string[] {
    return this.log.map((e) => e.argv[0] === 'sh' ? `sh ${e.argv[3]}` : e.argv.join(' '));
  }

  stateRecord(): StateRecord | null {
    const t = this.files.get(STATE_RECORD_PATH);
    if (t === undefined) return null;
    const r = parseStateRecord(t);
    if (typeof r === 'string') throw new Error(`fake host: the state record written is not valid: ${r}`);
    return r;
  }

  resources(): ResourceInstance[] {
    const save = [...this.services.values()].flatMap((s) => [
      ['-A', ...s.svc, ...s.opts].join(' '),
      ...[...s.dests].map(([r, o]) => ['-a', ...s.svc, '-r', r, ...o].join(' ')),
    ]);
    const thresholds = new Map<string, { upper: number; lower: number }>();
    for (const s of this.services.values()) {
      for (const [r, o] of s.dests) {
        const [addr, port] = splitAddrPort(r);
        const num = (flag: string) => (o.includes(flag) ? Number(o[o.indexOf(flag) + 1]) : 0);
        thresholds.set(destinationId(s.id, addr, port), { upper: num('-x'), lower: num('-y') });
      }
    }
    const parsed = parseIpvsSave(save.join('\n'), this.name, thresholds);
    if (parsed.problems.length > 0) throw new Error(parsed.problems.join('; '));
    const out = parsed.resources;
    for (const [id, attrs] of this.addresses) out.push({ host: this.name, type: 'address', id, attrs });
    for (const [name, value] of this.sysctls) out.push({ host: this.name, type: 'sysctl', id: name, attrs: { name, value } });
    return out;
  }

  private async run(argv: string[], opts: RunOptions = {}): Promise<CommandResult> {
    this.log.push({ argv: [...argv], ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
    const res = (exitCode: number, stdout = '', stderr = ''): CommandResult => ({ argv, exitCode, signal: null, stdout, stderr, durationMs: 0 });
    await new Promise((r) => setImmediate(r));
    if (this.unreachable) return res(255, '', `ssh: connect to host ${this.name} port 22: Connection refused`);
    const injected = this.failArgv(argv);
    if (injected !== null) return res(1, '', injected);
    const line = argv.join(' ');
    if (argv[0] === 'fake-read') {
      const resources = this.resources();
      const stateRecord = argv[1] === 'reread' ? null : this.stateRecord();
      const fingerprint = createHash('sha256').update(JSON.stringify({ resources, stateRecord })).digest('hex');
      return res(0, JSON.stringify({ host: this.name, resources, stateRecord, fingerprint }));
    }
    const steps = decodeSteps(argv);
    if (steps) return this.runSteps(steps.steps, steps.report, opts.stdin, res);
    if (argv[0] === 'sh' && argv[2] === LOCK_SCRIPT) return this.lock(argv, opts, res);
    if (line === STATE_WRITE_ARGV.join(' ')) {
      JSON.parse(opts.stdin ?? '');
      this.files.set(STATE_RECORD_PATH, opts.stdin!);
      return res(0);
    }
    if (line === 'ipvsadm -R') {
      const r = this.restore(opts.stdin ?? '');
      this.afterBatch();
      return res(r.exit, '', r.stderr);
    }
    if (line === ACTIVE_CONNS_ARGV.join(' ')) return res(0, this.listing(this.polls++));
    if (argv[0] === 'sysctl' && argv[1] === '-n') {
      const value = this.sysctls.get(argv[2]!);
      return value === undefined ? res(255, '', `sysctl: cannot stat /proc/sys/${argv[2]!.replaceAll('.', '/')}: No such file or directory`) : res(0, `${value}\n`);
    }
    if (argv[0] === 'sysctl' && argv[1] === '-q' && argv[2] === '-w') {
      const [name, ...value] = argv[3]!.split('=');
      if (!this.sysctls.has(name!)) return res(255, '', `sysctl: cannot stat /proc/sys/${name!.replaceAll('.', '/')}: No such file or directory`);
      this.sysctls.set(name!, value.join('='));
      return res(0);
    }
    if (argv[0] === 'ip' && argv[1] === 'addr' && (argv[2] === 'add' || argv[2] === 'del') && argv[4] === 'dev') {
      const [address, len] = argv[3]!.split('/');
      const id = addressId(argv[5]!, address!);
      if (argv[2] === 'add') {
        if (this.addresses.has(id)) return res(2, '', 'RTNETLINK answers: File exists');
        this.addresses.set(id, { interface: argv[5]!, address: address!, prefix_length: Number(len), family: parseIpAddress(address!)!.family });
      } else if (!this.addresses.delete(id)) return res(2, '', 'RTNETLINK answers: Cannot assign requested address');
      return res(0);
    }
    return res(127, '', `${argv[0]}: command not found`);
  }

  /** The steps script: each command in turn (logged as its own, all seeing its stdin), markers on stderr, stop at the first failure, then the report. */
  private async runSteps(steps: string[][], report: string[] | null, stdin: string | undefined, res: (c: number, o?: string, e?: string) => CommandResult): Promise<CommandResult> {
    let stderr = '';
    let rc = 0;
    for (const [i, step] of steps.entries()) {
      stderr += `lvsplan-step ${i}\n`;
      const r = await this.run(step, stdin !== undefined ? { stdin } : {});
      stderr += r.stderr === '' || r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`;
      if (r.exitCode !== 0) {
        rc = r.exitCode ?? 1;
        stderr += `lvsplan-step-failed ${i} ${rc}\n`;
        break;
      }
    }
    if (!report) return res(rc, '', stderr);
    const r = await this.run(report);
    return res(r.exitCode ?? 1, r.stdout, `${stderr}lvsplan-report\n${r.stderr}`);
  }

  /**
   * The holder protocol: once held, the read (if any) framed on stdout, a raised /proc/sys value put back,
   * then "locked"; held until its stdin ends (or the token goes).
   */
  private async lock(argv: string[], opts: RunOptions, res: (c: number, o?: string, e?: string) => CommandResult) {
    const [token, holder, wait, , , holdPath, held, unheld] = argv.slice(4) as string[];
    const readId = argv[15]!;
    const read = argv.slice(16);
    const waitSeconds = Number(wait);
    const until = this.clock.now() + waitSeconds * 1000;
    while (this.lockOwner !== null) {
      if (this.clock.now() >= until) return res(LOCK_EXIT_BUSY, '', `held by ${this.files.get(LOCK_PATH)?.trim() ?? ''}\n`);
      await this.clock.sleep(100);
    }
    this.lockOwner = token!;
    this.files.set(LOCK_PATH, `${holder}\n`);
    this.files.set(token!, '');
    let requests = Buffer.alloc(0);
    let answering = Promise.resolve();
    opts.input?.on('data', (chunk: Buffer | string) => {
      requests = Buffer.concat([requests, Buffer.from(chunk)]);
      answering = answering.then(() => this.answer(() => requests, (used) => (requests = requests.subarray(used)), opts));
    });
    const stdinEnded = new Promise<void>((resolve) => {
      opts.input?.on('end', () => void answering.then(resolve));
      opts.input?.resume();
    });
    stdinEnded.then(() => this.files.delete(token!), () => undefined);
    let printed = '';
    if (read.length > 0) {
      const r = await this.run(read);
      printed += frame(readId, r);
    }
    const holdName = holdPath === '-' ? undefined : holdPath!.replace('/proc/sys/', '').replaceAll('/', '.');
    if (holdName !== undefined && this.sysctls.get(holdName) === held) {
      this.sysctls.set(holdName, unheld!);
      printed += `${HOLD_RELEASED}\n`;
    }
    if (this.holderAnswers) printed += `${ANSWERS_REQUESTS}\n`;
    printed += `${LOCKED_LINE}\n`;
    opts.onStdout?.(printed);
    while (this.files.has(token)) await new Promise((r) => setTimeout(r, 1));
    this.lockOwner = null;
    this.files.set(LOCK_PATH, '');
    return res(0, printed);
  }

  /** The holder's stdin once locked: renewal lines, and requests (when it answers them), each answered by a frame on stdout. */
  private async answer(pending: () => Buffer, consume: (used: number) => void, opts: RunOptions): Promise<void> {
    for (;;) {
      const bytes = pending();
      const nl = bytes.indexOf('\n');
      const request = this.holderAnswers ? parseRequest(bytes) : nl < 0 ? null : { kind: 'renewal' as const, used: nl + 1 };
      if (request === null) return;
      consume(request.used);
      if (request.kind === 'renewal') continue;
      if (request.kind === 'state') {
        this.holderRequests.push(`state ${request.how}`);
        const r = await this.run([...STATE_WRITE_ARGV], { stdin: request.stdin });
        opts.onStdout?.(frame(request.id, { ...r, stdout: '' }));
        continue;
      }
      const steps = decodeSteps(stepsArgv([]).slice(0, 4).concat(request.words))!;
      this.holderRequests.push(stepsName(steps));
      const r = await this.runSteps(steps.steps, steps.report, request.stdin, (exitCode, stdout = '', stderr = '') => ({ argv: [], exitCode, signal: null, stdout, stderr, durationMs: 0 }));
      opts.onStdout?.(frame(request.id, r));
    }
  }

  private restore(stdin: string): { exit: number; stderr: string } {
    let stderr = '';
    let exit = 0;
    for (const raw of stdin.split('\n')) {
      const tokens = raw.split(/[ \t\r]+/).filter((t) => t !== '');
      if (tokens.length === 0) continue;
      const error = this.kernelError(raw) ?? this.restoreLine(tokens);
      exit = error === null ? 0 : 255;
      if (error !== null) stderr += `${error}\n`;
    }
    return { exit, stderr };
  }

  private restoreLine(tokens: string[]): string | null {
    const p = parseSvcTokens(tokens, 1);
    if (typeof p === 'string') return `unexpected argument ${tokens[1]}`;
    const cmd = tokens[0]!;
    const svc = this.services.get(p.key);
    const rest = tokens.slice(p.next);
    if (cmd === '-A') {
      if (svc) return 'Service already exists';
      const id = parseIpvsSave(tokens.join(' '), this.name).resources[0]!.id;
      this.services.set(p.key, { svc: tokens.slice(1, p.next), opts: rest, id, dests: new Map() });
      return null;
    }
    if (cmd === '-E' || cmd === '-D') {
      if (!svc) return 'No such service';
      if (cmd === '-E') svc.opts = rest;
      else this.services.delete(p.key);
      return null;
    }
    if (!svc) return 'Service not defined';
    const r = rest[rest.indexOf('-r') + 1]!;
    const opts = rest.filter((_, i) => i !== rest.indexOf('-r') && i !== rest.indexOf('-r') + 1);
    if (cmd === '-a') {
      if (svc.dests.has(r)) return 'Destination already exists';
      svc.dests.set(r, opts);
      return null;
    }
    if (!svc.dests.has(r)) return 'No such destination';
    if (cmd === '-e') svc.dests.set(r, opts);
    else svc.dests.delete(r);
    return null;
  }

  private listing(poll: number): string {
    const lines = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn', '  -> RemoteAddress:Port'];
    for (const s of this.services.values()) {
      const head = s.svc[0] === '-f' ? `FWM  ${s.svc[1]}${s.svc[2] === '-6' ? ' IPv6' : ''}` : `${s.svc[0] === '-t' ? 'TCP' : s.svc[0] === '-u' ? 'UDP' : 'SCTP'}  ${s.svc[1]}`;
      lines.push(`${head} rr`);
      for (const r of s.dests.keys()) {
        const [addr, port] = splitAddrPort(r);
        const id = destinationId(s.id, addr, port);
        lines.push(`  -> ${r}            0          0          ${this.activeConns(id, poll)}          ${this.inactiveConns(id, poll)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function splitAddrPort(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i).replace(/^\[|\]$/g, ''), Number(s.slice(i + 1))];
}

/** A steps run as remoteCommands() and holderRequests name it: its commands' programs, and "read" for its report. */
function stepsName(steps: { steps: string[][]; report: string[] | null }): string {
  return `steps(${[...steps.steps.map((a) => (a[0] === 'sh' ? 'state-write' : a[0])), ...(steps.report ? ['read'] : [])].join(',')})`;
}

/** An answer of the holder, as lock-script.ts frames it. */
function frame(id: string, r: { stdout: string; stderr: string; exitCode: number | null }): string {
  return `${FRAME_BEGIN} ${id}\n${r.stdout}\n${FRAME_STDERR} ${id}\n${r.stderr}\n${FRAME_END} ${id} ${r.exitCode}\n`;
}

type Request = { kind: 'renewal'; used: number } | { kind: 'state'; used: number; id: string; how: string; stdin: string } | { kind: 'steps'; used: number; id: string; words: string[]; stdin?: string };

/** The first request in the holder's stdin (lock-script.ts), or null until it is complete. */
function parseRequest(bytes: Buffer): Request | null {
  if (bytes.length === 0) return null;
  if (bytes[0] === 0x0a) return { kind: 'renewal', used: 1 };
  if (bytes.length < REQUEST_HEADER_BYTES) return null;
  const header = new RegExp(`^(${STATE_REQUEST}|${STEPS_REQUEST}) ([0-9a-f]{16}) (\\d{6}) ([01])\n$`).exec(bytes.subarray(0, REQUEST_HEADER_BYTES).toString());
  if (!header) throw new Error(`not a request: ${bytes.subarray(0, REQUEST_HEADER_BYTES).toString()}`);
  const count = Number(header[3]);
  let at = REQUEST_HEADER_BYTES + count * 10;
  if (bytes.length < at) return null;
  const texts: string[] = [];
  for (const n of bytes.subarray(REQUEST_HEADER_BYTES, at).toString().trim().split(' ').map(Number)) {
    if (bytes.length < at + n) return null;
    texts.push(bytes.subarray(at, at + n).toString());
    at += n;
  }
  const stdin = header[4] === '1' ? `${texts.pop()}\n` : undefined;
  if (header[1] === STATE_REQUEST) return { kind: 'state', used: at, id: header[2]!, how: texts[0]!, stdin: stdin! };
  return { kind: 'steps', used: at, id: header[2]!, words: texts, ...(stdin !== undefined ? { stdin } : {}) };
}
