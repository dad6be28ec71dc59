import { renderProbeOutcomes, runProbes } from '../../apply/probes.js';
import { errorDiag, hasErrors } from '../../hcl/diagnostic.js';
import type { ProbeSpec } from '../../model/health.js';
import type { JsonStream } from '../json-stream.js';
import { EXIT_ERROR, EXIT_OK, type CliIO } from '../io.js';
import { loadConfig } from '../load-config.js';
import { printDiagnostics } from '../print-diagnostics.js';
import type { VariableInput } from '../variable-inputs.js';

export interface TestOptions {
  dir: string;
  variables: VariableInput[];
  color: boolean;
}

/** Runs only the configuration's probes, like `terraform test`: exit 0 when every probe passes. */
export async function runTest(opts: TestOptions, io: CliIO): Promise<number> {
  const loaded = loadConfig(opts.dir, opts.variables, io);
  printDiagnostics(io, loaded.diagnostics, loaded.sources, opts.color);
  if (!loaded.desired || hasErrors(loaded.diagnostics)) return EXIT_ERROR;
  const probes = loaded.desired.health.probes;
  if (probes.length === 0) {
    printDiagnostics(io, [errorDiag('No probes', 'The configuration has no probe blocks; add probe "name" { ... } to test the cluster through its VIP.')], loaded.sources, opts.color);
    return EXIT_ERROR;
  }
  return reportProbes(probes, io, opts.color);
}

/**
 * Runs the probes and reports what each saw (as text, or as `probe_result` events on apply's -json
 * stream); EXIT_ERROR when one fails or cannot run. Shared with apply.
 */
export async function reportProbes(probes: readonly ProbeSpec[], io: CliIO, color: boolean, stream: JsonStream | null = null): Promise<number> {
  const r = await runProbes(probes);
  const passed = r.diagnostics.length === 0 && r.outcomes.every((o) => o.passed);
  if (stream) {
    stream.probeResults(r.outcomes, probes);
    stream.diagnostics(r.diagnostics, new Map());
    return passed ? EXIT_OK : EXIT_ERROR;
  }
  io.stdout(renderProbeOutcomes(r.outcomes, probes));
  printDiagnostics(io, r.diagnostics, new Map(), color);
  io.stdout(passed ? `\nSuccess! ${r.outcomes.length} probe(s) passed.\n` : `\n${r.outcomes.filter((o) => !o.passed).length + r.diagnostics.length} probe(s) failed.\n`);
  return passed ? EXIT_OK : EXIT_ERROR;
}
