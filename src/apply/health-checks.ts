import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { checkKey, type BackendCheck, type CheckResult } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import { buildCheckRun } from '../../providers/health/check-script.js';
import { parseCheckRun, parseResultLine, type RoundTiming } from '../../providers/health/parse-results.js';
import type { CommandResult, CommandRunner } from '../transport/command-runner.js';
import { classifyFailure } from '../transport/classify.js';
import { runOnHosts } from '../transport/fan-out.js';
import { runLocalCheck } from './local-checks.js';

const NEEDS = 'Health checks run on the director with bash 5.0 or newer and /dev/fd; command checks also need timeout and head (coreutils), https checks curl and head.';

export interface CheckRunResult {
  /** Keyed by checkKey(check). */
  results: Map<string, CheckResult>;
  diagnostics: Diagnostic[];
  /** Each director's round that answered: its checks, how long its answer took here, its timing there. */
  rounds: Map<string, { checks: BackendCheck[]; answeredMs: number; timing: RoundTiming | null }>;
}

/** What the check script may find missing, as the diagnostic names it, and how to get it: a Debian package, or what to do. */
const TOOLS: Record<string, { name: string; pkg?: string; fix?: string }> = {
  bash: { name: 'bash 5.0 or newer', pkg: 'bash' },
  timeout: { name: 'timeout', pkg: 'coreutils' },
  head: { name: 'head', pkg: 'coreutils' },
  curl: { name: 'curl', pkg: 'curl' },
  '/dev/fd': { name: "/dev/fd (bash's process substitution needs it)", fix: 'create it there (ln -s /proc/self/fd /dev/fd; udev and systemd make it at boot)' },
};
const tool = (t: string) => TOOLS[t] ?? { name: t, pkg: t };

/** How to get what a director lacks. */
function remedy(missing: readonly string[]): string {
  const pkgs = [...new Set(missing.flatMap((t) => tool(t).pkg ?? []))];
  const fixes = [...(pkgs.length > 0 ? [`install ${pkgs.join(', ')} there (apt-get install ...)`] : []), ...missing.flatMap((t) => tool(t).fix ?? [])];
  return fixes.join('; ');
}

/** Each check's result as it comes: each director check's line as the script prints it, each local check as it ends. */
export type OnCheckResult = (check: BackendCheck, result: CheckResult) => void;

/** The summary of every diagnostic about a director that cannot run its checks. */
const cannotRun = (name: string): string => `Cannot run health checks on director "${name}"`;

/** A director that cannot run its checks, for the reason `detail` gives. */
export function checksDiag(host: HostSpec, detail: string): Diagnostic {
  return errorDiag(cannotRun(host.name), detail, host.declRange);
}

/** A director's check process that ended or failed (its exit, signal or connection failure), as a diagnostic. */
export function checkRunFailure(name: string, host: HostSpec, res: CommandResult): Diagnostic | null {
  const failure = res.exitCode !== 0 ? classifyFailure(name, host.connection, res, host.declRange, host.commandRange) : null;
  return failure && { ...failure, summary: cannotRun(name), detail: `${failure.detail ?? ''}\n${NEEDS}` };
}

/** A director that lacks tools its checks need (the script's "@@missing" line), as a diagnostic naming them and how to get them. */
export function missingToolsDiag(name: string, host: HostSpec, missing: readonly string[]): Diagnostic {
  return errorDiag(
    cannotRun(name),
    `Director "${name}" lacks ${missing.map((t) => tool(t).name).join(', ')}, needed to run its health checks. ${capitalized(remedy(missing))}, or run the checks from lvsplan's machine with from = "local".`,
    host.declRange,
  );
}

/**
 * Runs every check once: those from a director in one round trip per director (in parallel), those
 * from = "local" in this process. A director that cannot run them is an error diagnostic, never a
 * silent "unhealthy". onResult is given every result as soon as it is known, not at the end of its director's
 * round: once each, all of `results` before this resolves (and a result whose round then failed, which is not there).
 */
export async function runChecks(
  checks: readonly BackendCheck[],
  hosts: readonly HostSpec[],
  runners: ReadonlyMap<string, CommandRunner>,
  parallelism: number,
  onResult: OnCheckResult = () => undefined,
): Promise<CheckRunResult> {
  const results = new Map<string, CheckResult>();
  const diagnostics: Diagnostic[] = [];
  const rounds: CheckRunResult['rounds'] = new Map();
  const byHost = new Map<string, BackendCheck[]>();
  const local: BackendCheck[] = [];
  for (const c of checks) {
    if (c.spec.from === 'local') local.push(c);
    else byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  }
  const hostSpecs = new Map(hosts.map((h) => [h.name, h]));
  const localRun = Promise.all(
    local.map(async (c) => {
      const r = await runLocalCheck(c);
      results.set(checkKey(c), r);
      onResult(c, r);
    }),
  );
  await runOnHosts([...byHost.keys()], parallelism, async (name) => {
    const host = hostSpecs.get(name);
    const runner = runners.get(name);
    if (!host || !runner) return;
    const group = byHost.get(name)!;
    const run = buildCheckRun(group);
    const given = new Set<number>();
    let partial = '';
    const res = await runner.run([...run.argv], { stdin: run.stdin, timeoutMs: run.timeoutMs, onStdout: (text) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const r = parseResultLine(group, line);
        if (r && !given.has(r.index)) {
          given.add(r.index);
          onResult(group[r.index]!, r.result);
        }
      }
    } });
    const failure = checkRunFailure(name, host, res);
    if (failure) {
      diagnostics.push(failure);
      return;
    }
    const parsed = parseCheckRun(group, res.stdout);
    if (!parsed.ok) {
      diagnostics.push('missing' in parsed ? missingToolsDiag(name, host, parsed.missing) : checksDiag(host, `Director "${name}": ${parsed.error}.`));
      return;
    }
    rounds.set(name, { checks: group, answeredMs: res.durationMs, timing: parsed.timing });
    group.forEach((c, i) => {
      const r = parsed.results[i];
      if (r) {
        results.set(checkKey(c), r);
        if (!given.has(i)) onResult(c, r);
      } else diagnostics.push(errorDiag(`Health check gave no answer on director "${name}"`, `${c.address}: the check script printed no result for it.`, host.declRange));
    });
  });
  await localRun;
  return { results, diagnostics, rounds };
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
