import { describeCheck, shownCheckArg, statusAccepted, type BackendCheck, type CheckResult } from '../../src/model/health.js';

import { ROUND_DONE } from './check-script.js';

const TIMEOUT_RC = 124;

/** How a round went on the director, by its own clock: how long it took, and when each check started after the round did. */
export interface RoundTiming {
  scriptMs: number;
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
  return { ok: true, results, timing: roundTiming(checks.length, stdout) };
}

/** One check's line of the script's output (the script prints it as that check ends), or null for any other line. */
export function parseResultLine(checks: readonly BackendCheck[], line: string): { index: number; result: CheckResult } | null {
  const m = /^(\d+) (\d+) (-?\d+) (-|0|1) (.*)$/.exec(line);
  const index = Number(m?.[1]);
  const c = checks[index];
  if (!m || !c) return null;
  return { index, result: interpret(c, Number(m[2]), Math.max(0, Number(m[3])) / 1000, m[4] === '-' ? null : m[4] === '1', unescapeText(m[5]!)) };
}

function roundTiming(count: number, stdout: string): RoundTiming | null {
  const m = /^@@round (\d+)((?: \d+:-?\d+)*) ?$/m.exec(stdout);
  if (!m) return null;
  const startedAfterMs: (number | null)[] = Array.from({ length: count }, () => null);
  for (const pair of m[2]!.trim().split(' ').filter(Boolean)) {
    const [i, us] = pair.split(':').map(Number) as [number, number];
    if (i < count) startedAfterMs[i] = us / 1000;
  }
  return { scriptMs: Number(m[1]) / 1000, startedAfterMs };
}

/** The script's TEXT field with its escapes (backslash, newline, carriage return, tab) undone. */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\nrt])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** The verdict on one check from its exit status, latency and the first bytes of its answer or error. */
export function interpret(c: BackendCheck, rc: number, latencyMs: number, bodyOk: boolean | null, out: string): CheckResult {
  const what = describeCheck(c);
  const fail = (why: string): CheckResult => ({ healthy: false, latencyMs, reason: `${what}: ${why}` });
  if (rc === TIMEOUT_RC) return fail(`timed out after ${c.spec.timeoutMs}ms`);
  const latency = Math.round(latencyMs * 10) / 10;
  switch (c.spec.type) {
    case 'tcp':
      return rc === 0 ? { healthy: true, latencyMs: latency, reason: `${what}: connected` } : fail(connectError(out));
    case 'command':
      return rc === 0 ? { healthy: true, latencyMs: latency, reason: `${what}: exit 0` } : fail(`exit ${rc}${firstLine(out) ? `: ${firstLine(out)}` : ''}`);
    case 'http':
    case 'https': {
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(out);
      if (!status) return fail(rc !== 0 ? connectError(out) : `no HTTP answer${firstLine(out) ? ` (${firstLine(out)})` : ''}`);
      const code = Number(status[1]);
      if (!statusAccepted(code, c.spec.expectStatus)) return fail(`status ${code}, expected ${c.spec.expectStatus.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(', ')}`);
      if (bodyOk === false) return fail(`status ${code} but the answer does not contain ${shownCheckArg(c.spec, 'expectBody')}`);
      return { healthy: true, latencyMs: latency, reason: `${what}: status ${code}` };
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
