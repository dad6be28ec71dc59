import type { ApplyEvent } from '../apply/events.js';
import { elapsed, verbs } from '../apply/progress-words.js';
import type { ApplyResult } from '../apply/result.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { ProbeSpec } from '../model/health.js';
import type { ProbeOutcome } from '../../providers/probe/probe-verdict.js';
import { probeHeadline } from '../apply/probes.js';
import { countChanges } from '../plan/summary.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { diagnosticToJson } from '../render/diagnostics.js';

/** The version of Terraform's machine-readable UI this stream follows. */
const UI_VERSION = '1.2';

type Level = 'info' | 'warn' | 'error';

/** Terraform's `resource` object of the UI stream, from a change's address. */
function resourceOf(c: ResourceChange) {
  const keyed = /^(.*?)\[("(?:[^"\\]|\\.)*")\]$/.exec(c.address);
  const base = keyed ? keyed[1]! : c.address;
  return {
    addr: c.address,
    module: '',
    resource: c.address,
    implied_provider: 'lvsplan',
    resource_type: c.type,
    resource_name: base,
    resource_key: keyed ? (JSON.parse(keyed[2]!) as string) : null,
    host: c.host,
  };
}

function uiAction(c: ResourceChange): string {
  return c.action === 'no-op' ? 'noop' : c.action;
}

/**
 * `apply -json` / `destroy -json`: one JSON object per line in Terraform's machine-readable UI shape
 * (`@level`, `@message`, `@module`, `@timestamp`, `type`), instead of the human view.
 */
export class JsonStream {
  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private emit(level: Level, message: string, type: string, fields: Record<string, unknown> = {}): void {
    this.write(`${JSON.stringify({ '@level': level, '@message': message, '@module': 'lvsplan.ui', '@timestamp': this.now().toISOString(), ...fields, type })}\n`);
  }

  version(lvsplan: string): void {
    this.emit('info', `lvsplan ${lvsplan}`, 'version', { lvsplan, ui: UI_VERSION });
  }

  diagnostics(diags: readonly Diagnostic[], sources: Map<string, string>): void {
    for (const d of diags) {
      this.emit(d.severity === 'error' ? 'error' : 'warn', `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`, 'diagnostic', { diagnostic: diagnosticToJson(d, sources) });
    }
  }

  plannedChanges(plan: Plan): void {
    for (const c of plan.changes) {
      if (c.action === 'no-op') continue;
      this.emit('info', `${c.address}: Plan to ${c.action}`, 'planned_change', { change: { resource: resourceOf(c), action: uiAction(c), ...(c.reason ? { reason: c.reason } : {}) } });
    }
    const n = countChanges(plan.changes);
    this.emit('info', `Plan: ${n.add} to add, ${n.change} to change, ${n.destroy} to destroy.`, 'change_summary', {
      changes: { add: n.add, change: n.change, import: 0, remove: n.destroy, operation: 'plan' },
    });
  }

  event(e: ApplyEvent): void {
    if (e.kind === 'start') {
      this.emit('info', `${e.change.address}: ${verbs(e.change).doing}`, 'apply_start', { hook: { resource: resourceOf(e.change), action: uiAction(e.change) } });
    } else if (e.kind === 'complete') {
      const seconds = Math.floor(e.elapsedMs / 1000);
      this.emit('info', `${e.change.address}: ${verbs(e.change).done} after ${elapsed(e.elapsedMs)}`, 'apply_complete', {
        hook: { resource: resourceOf(e.change), action: uiAction(e.change), elapsed_seconds: seconds },
      });
    } else if (e.kind === 'failed') {
      this.emit('error', `${e.change.address}: ${e.message}`, 'apply_errored', { hook: { resource: resourceOf(e.change), action: uiAction(e.change), elapsed_seconds: 0 } });
    } else if (e.kind === 'draining') {
      this.emit('info', `${e.change.address}: Still draining... [${elapsed(e.elapsedMs)} elapsed]`, 'apply_progress', {
        hook: { resource: resourceOf(e.change), action: uiAction(e.change), elapsed_seconds: Math.floor(e.elapsedMs / 1000), active_connections: e.active },
      });
    } else if (e.kind === 'skipped') {
      this.emit('warn', `${e.change.address}: Skipped: ${e.reason}`, 'log');
    }
  }

  /** A line of text for the operator (Terraform's `log` type). */
  log(message: string, level: Level = 'info'): void {
    this.emit(level, message, 'log');
  }

  /** One `probe_result` per probe that ran after the apply: what it saw and why it failed. */
  probeResults(outcomes: readonly ProbeOutcome[], probes: readonly ProbeSpec[]): void {
    for (const o of outcomes) {
      const p = probes.find((x) => x.name === o.name)!;
      this.emit(o.passed ? 'info' : 'error', probeHeadline(o, p), 'probe_result', {
        probe: { name: o.name, url: p.url, passed: o.passed, answers: o.answers, arp_macs: o.arpMacs, problems: o.problems },
      });
    }
  }

  result(result: ApplyResult): void {
    this.diagnostics(result.diagnostics, new Map());
    const { added, changed, destroyed } = result.counts;
    const verb = result.mode === 'destroy' ? 'Destroy' : 'Apply';
    const message = result.exitCode === 0 ? `${verb} complete! Resources: ${added} added, ${changed} changed, ${destroyed} destroyed.` : `${verb} failed. Resources: ${added} added, ${changed} changed, ${destroyed} destroyed.`;
    this.emit(result.exitCode === 0 ? 'info' : 'error', message, 'change_summary', {
      changes: { add: added, change: changed, import: 0, remove: destroyed, operation: result.mode },
    });
  }
}
