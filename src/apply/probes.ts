import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { ProbeSpec } from '../model/health.js';
import { buildProbeRun } from '../../providers/probe/probe-script.js';
import { judgeProbe, type ProbeOutcome } from '../../providers/probe/probe-verdict.js';
import { classifyFailure } from '../transport/classify.js';
import { makeRunner } from '../transport/make-runner.js';

/** Runs every probe from its own host (one round trip each, in parallel). */
export async function runProbes(probes: readonly ProbeSpec[]): Promise<{ outcomes: ProbeOutcome[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const outcomes = await Promise.all(
    probes.map(async (p): Promise<ProbeOutcome | null> => {
      const runner = makeRunner(p.connection);
      try {
        const run = buildProbeRun(p);
        const res = await runner.run(run.argv, { timeoutMs: run.timeoutMs });
        const failure = res.exitCode !== 0 ? classifyFailure(`probe.${p.name}`, p.connection, res) : null;
        if (failure) {
          diagnostics.push({ ...failure, summary: `Cannot run probe "${p.name}"` });
          return null;
        }
        const judged = judgeProbe(p, res.stdout);
        if ('missing' in judged) {
          diagnostics.push(errorDiag(`Cannot run probe "${p.name}"`, `The probe host lacks ${judged.missing.join(', ')}. Install ${judged.missing.map((t) => (t === 'arping' ? 'arping' : 'coreutils')).filter((v, i, a) => a.indexOf(v) === i).join(', ')} there.`));
          return null;
        }
        if ('error' in judged) {
          diagnostics.push(errorDiag(`Cannot run probe "${p.name}"`, judged.error));
          return null;
        }
        return judged;
      } finally {
        await runner.close();
      }
    }),
  );
  return { outcomes: outcomes.filter((o): o is ProbeOutcome => o !== null), diagnostics };
}

/** "probe.vip: PASS (http://192.168.122.50/, 4/4 answered)" */
export function probeHeadline(o: ProbeOutcome, p: ProbeSpec): string {
  return `probe.${o.name}: ${o.passed ? 'PASS' : 'FAIL'} (${p.url}, ${o.answers.filter((a) => a.ok).length}/${o.answers.length} answered)`;
}

/** One block per probe: PASS/FAIL, what it saw, and why it failed. */
export function renderProbeOutcomes(outcomes: readonly ProbeOutcome[], probes: readonly ProbeSpec[]): string {
  const out: string[] = [];
  for (const o of outcomes) {
    const p = probes.find((x) => x.name === o.name)!;
    out.push(probeHeadline(o, p));
    out.push(`  answers: ${o.answers.map((a) => (a.ok ? a.text : `[failed: ${a.text}]`)).join(' | ')}`);
    if (o.arpMacs) out.push(`  ARP for ${p.arpCheck!.vip}: ${o.arpMacs.length > 0 ? o.arpMacs.join(', ') : 'no answer'}`);
    for (const why of o.problems) out.push(`  ✗ ${why}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
