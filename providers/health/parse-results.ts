import { describeCheck, shownCheckArg, type BackendCheck, type CheckResult } from '../../src/model/health.js';

import { ARMED_EDITED, DISARMED, ROUND_DONE } from './check-script.js';
import { HTTP_STATUS, passes, passRule, TIMEOUT_RC } from './pass-rule.js';

/** How a round went on the director, by its own clock: which it was, how long it took, how late it started, and when each check started after the round did. */
export interface RoundTiming {
  /** The process's count of its rounds, from 1. */
  seq: number;
  scriptMs: number;
  /** How long after its checks were due it started (0 for a round sent to run at once). */
  lateMs: number;
  /** By check index; null when the check's subshell did not report its start. */
  startedAfterMs: (number | null)[];
}

export type ParsedRun = { ok: true; results: (CheckResult | null)[]; timing: RoundTiming | null } | { ok: false; missing: string[] } | { ok: false; error: string };

/** Reads the check script's output back into one result per check (null when its line is missing). */
export function parseCheckRun(checks: readonly BackendCheck[], stdout: string): ParsedRun {
  const missing = /^@@missing (.*)$/m.exec(stdout);
  if (missing) return { ok: false, missing: missing[1]!.trim().split(/\s+/) };
  if (!stdout.split('\n').includes(ROUND_DONE)) return { ok: false, error: 'the check script did not finish' };
  const results: (CheckResult | null)[] = checks.map(() => null);
  for (const line of stdout.split('\n')) {
    const r = parseResultLine(checks, line);
    if (r) results[r.index] = r.result;
  }
  const round = stdout.split('\n').find((l) => l.startsWith('@@round '));
  return { ok: true, results, timing: round === undefined ? null : parseRoundLine(checks.length, round) };
}

/** One check's line of the script's output (the script prints it as that check ends), or null for any other line. */
export function parseResultLine(checks: readonly BackendCheck[], line: string): { index: number; result: CheckResult } | null {
  const m = /^(\d+) (\d+) (-?\d+) (-|0|1) (.*)$/.exec(line);
  const index = Number(m?.[1]);
  const c = checks[index];
  if (!m || !c) return null;
  return { index, result: interpret(c, Number(m[2]), Math.max(0, Number(m[3])) / 1000, m[4] === '-' ? null : m[4] === '1', unescapeText(m[5]!)) };
}

/** What came of an armed check's edit (check-script.ts's "@@edited" line, printed before that check's result line). */
export interface ArmedEditOutcome {
  /** The check's index in the round. */
  index: number;
  /** applied (exitCode is ipvsadm -R's), moved (text: the first pair's index that moved), unlocked (the lock was not the editor's), late (the arm was stale) or failed (the read failed: text says why). */
  status: 'applied' | 'moved' | 'unlocked' | 'late' | 'failed';
  exitCode: number;
  readMs: number;
  restoreMs: number;
  /** How long before the failing result the table was read (the read the round began with), 0 when it was read after it. */
  readAheadMs: number;
  text: string;
}

const EDITED = new RegExp(`^${ARMED_EDITED} (\\d+) (applied|moved|unlocked|late|failed) (\\d+) (-?\\d+) (-?\\d+) (\\d+) ?(.*)$`);

/** An "@@edited" line of the script's output, or null for any other line. */
export function parseEditedLine(line: string): ArmedEditOutcome | null {
  const m = EDITED.exec(line);
  if (!m) return null;
  const ms = (us: string) => Math.round(Math.max(0, Number(us)) / 100) / 10;
  return { index: Number(m[1]), status: m[2] as ArmedEditOutcome['status'], exitCode: Number(m[3]), readMs: ms(m[4]!), restoreMs: ms(m[5]!), readAheadMs: ms(m[6]!), text: unescapeText(m[7]!) };
}

/** A round's "@@round" line (of `count` checks), or null for any other line. */
export function parseRoundLine(count: number, line: string): RoundTiming | null {
  const m = /^@@round (\d+) (\d+) (-?\d+)((?: \d+:-?\d+)*) ?$/.exec(line);
  if (!m) return null;
  const startedAfterMs: (number | null)[] = Array.from({ length: count }, () => null);
  for (const pair of m[4]!.trim().split(' ').filter(Boolean)) {
    const [i, us] = pair.split(':').map(Number) as [number, number];
    if (i < count) startedAfterMs[i] = us / 1000;
  }
  return { seq: Number(m[1]), scriptMs: Number(m[2]) / 1000, lateMs: Math.max(0, Number(m[3])) / 1000, startedAfterMs };
}

const DISARMED_LINE = new RegExp(`^${DISARMED} (\\d+)$`);

/** A "@@disarmed IDX" line: the index of the check whose arm ended, or null for any other line. */
export function parseDisarmedLine(line: string): number | null {
  const m = DISARMED_LINE.exec(line);
  return m ? Number(m[1]) : null;
}

/** The script's TEXT field with its escapes (backslash, newline, carriage return, tab) undone. */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\nrt])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** The verdict on one check from its exit status, latency and the first bytes of its answer or error. */
export function interpret(c: BackendCheck, rc: number, latencyMs: number, bodyOk: boolean | null, out: string): CheckResult {
  const what = describeCheck(c);
  const rule = passRule(c.spec);
  const latency = Math.round(latencyMs * 10) / 10;
  if (passes(rule, rc, bodyOk, out)) return { healthy: true, latencyMs: latency, reason: `${what}: ${c.spec.type === 'tcp' ? 'connected' : c.spec.type === 'command' ? 'exit 0' : `status ${HTTP_STATUS.exec(out)![1]}`}` };
  const fail = (why: string): CheckResult => ({ healthy: false, latencyMs, reason: `${what}: ${why}` });
  if (rc === TIMEOUT_RC) return fail(`timed out after ${c.spec.timeoutMs}ms`);
  switch (c.spec.type) {
    case 'tcp':
      return fail(connectError(out));
    case 'command':
      return fail(`exit ${rc}${firstLine(out) ? `: ${firstLine(out)}` : ''}`);
    case 'http':
    case 'https': {
      const status = HTTP_STATUS.exec(out);
      if (!status) return fail(rc !== 0 ? connectError(out) : `no HTTP answer${firstLine(out) ? ` (${firstLine(out)})` : ''}`);
      const code = Number(status[1]);
      // The status would pass: the body is why.
      if (passes(rule, rc, null, out)) return fail(`status ${code} but the answer does not contain ${shownCheckArg(c.spec, 'expectBody')}`);
      return fail(`status ${code}, expected ${c.spec.expectStatus.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(', ')}`);
    }
  }
}

const firstLine = (s: string): string => s.split('\n').map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 200) ?? '';

/** "bash: connect: Connection refused" -> "connection refused". */
function connectError(out: string): string {
  const m = /(Connection refused|No route to host|Network is unreachable|Connection reset by peer|Connection timed out|Host is unreachable|Cannot assign requested address|Could not resolve host[^\n]*|SSL[^\n]*|TLS[^\n]*)/i.exec(out);
  if (m) return m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1);
  return firstLine(out) || 'failed';
}
