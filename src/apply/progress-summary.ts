import { renderDiagnostic } from '../render/diagnostics.js';
import { escapeControl } from '../render/host-text.js';
import type { ApplyResult, ChangeOutcome } from './result.js';

/**
 * The closing text: Terraform's "Apply complete!" / "Destroy complete!" line, or on failure the
 * errors and exactly what was applied and what was not (and why).
 */
export function renderApplySummary(result: ApplyResult, opts: { color: boolean } = { color: false }): string {
  const { added, changed, destroyed } = result.counts;
  const out: string[] = [];
  for (const d of result.diagnostics) out.push(renderDiagnostic(d, new Map(), opts).trimEnd());
  if (result.exitCode === 0) {
    out.push(
      result.mode === 'destroy'
        ? `Destroy complete! Resources: ${destroyed} destroyed.`
        : `Apply complete! Resources: ${added} added, ${changed} changed, ${destroyed} destroyed.`,
    );
    return `\n${out.join('\n\n')}\n`;
  }
  const real = (xs: ChangeOutcome[]) => xs.filter((o) => o.change.action !== 'no-op');
  const applied = real(result.applied);
  out.push(`${result.mode === 'destroy' ? 'Destroy' : 'Apply'} failed. Resources: ${added} added, ${changed} changed, ${destroyed} destroyed.`);
  out.push(section('Applied', applied.map((o) => `${o.change.host}: ${o.change.address}`)));
  out.push(
    section('Not applied', [
      ...real(result.failed).map((o) => `${o.change.host}: ${o.change.address}: failed: ${o.message ?? ''}`),
      ...real(result.skipped).map((o) => `${o.change.host}: ${o.change.address}: skipped: ${o.message ?? ''}`),
    ]),
  );
  out.push('Run "lvsplan plan" to see what remains; apply again once the cause is fixed.');
  return `\n${out.join('\n\n')}\n`;
}

function section(title: string, lines: string[]): string {
  return `${title} (${lines.length}):${lines.length === 0 ? ' none' : `\n${lines.map((l) => `  - ${escapeControl(l)}`).join('\n')}`}`;
}
