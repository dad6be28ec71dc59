import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { checkKey, type BackendCheck, type CheckResult } from '../model/health.js';
import type { HostSpec } from '../model/hosts.js';
import { buildCheckRun } from '../../providers/health/check-script.js';
import { parseCheckRun } from '../../providers/health/parse-results.js';
import type { CommandRunner } from '../transport/command-runner.js';
import { classifyFailure } from '../transport/classify.js';
import { runOnHosts } from '../transport/fan-out.js';
import { runLocalCheck } from './local-checks.js';

export interface CheckRunResult {
  /** Keyed by checkKey(check). */
  results: Map<string, CheckResult>;
  diagnostics: Diagnostic[];
}

/** Packages that give the check script's tools on Debian. */
const TOOL_PACKAGES: Record<string, string> = { timeout: 'coreutils', date: 'coreutils', head: 'coreutils', base64: 'coreutils', curl: 'curl', bash: 'bash' };

/**
 * Runs every check once: those from a director in one round trip per director (in parallel), those
 * from = "local" in this process. A director that cannot run them is an error diagnostic, never a
 * silent "unhealthy".
 */
export async function runChecks(checks: readonly BackendCheck[], hosts: readonly HostSpec[], runners: ReadonlyMap<string, CommandRunner>, parallelism: number): Promise<CheckRunResult> {
  const results = new Map<string, CheckResult>();
  const diagnostics: Diagnostic[] = [];
  const byHost = new Map<string, BackendCheck[]>();
  const local: BackendCheck[] = [];
  for (const c of checks) {
    if (c.spec.from === 'local') local.push(c);
    else byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  }
  const hostSpecs = new Map(hosts.map((h) => [h.name, h]));
  const localRun = Promise.all(local.map(async (c) => results.set(checkKey(c), await runLocalCheck(c))));
  await runOnHosts([...byHost.keys()], parallelism, async (name) => {
    const host = hostSpecs.get(name);
    const runner = runners.get(name);
    if (!host || !runner) return;
    const group = byHost.get(name)!;
    const run = buildCheckRun(group);
    const res = await runner.run(run.argv, { stdin: run.stdin, timeoutMs: run.timeoutMs });
    const failure = res.exitCode !== 0 ? classifyFailure(name, host.connection, res, host.declRange, host.commandRange) : null;
    if (failure) {
      diagnostics.push({ ...failure, summary: `Cannot run health checks on director "${name}"`, detail: `${failure.detail ?? ''}\nHealth checks run on the director with bash and coreutils (timeout, date, head, base64); https checks also need curl.` });
      return;
    }
    const parsed = parseCheckRun(group, res.stdout);
    if (!parsed.ok) {
      const detail = 'missing' in parsed
        ? `Director "${name}" lacks ${parsed.missing.join(', ')}, needed to run its health checks. Install ${[...new Set(parsed.missing.map((t) => TOOL_PACKAGES[t] ?? t))].join(', ')} there (apt-get install ...), or run the checks from lvsplan's machine with from = "local".`
        : `Director "${name}": ${parsed.error}.`;
      diagnostics.push(errorDiag(`Cannot run health checks on director "${name}"`, detail, host.declRange));
      return;
    }
    group.forEach((c, i) => {
      const r = parsed.results[i];
      if (r) results.set(checkKey(c), r);
      else diagnostics.push(errorDiag(`Health check gave no answer on director "${name}"`, `${c.address}: the check script printed no result for it.`, host.declRange));
    });
  });
  await localRun;
  return { results, diagnostics };
}
