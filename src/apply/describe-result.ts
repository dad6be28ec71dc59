import type { CommandResult } from '../transport/command-runner.js';

/** One line saying why a command failed; `what` names it when its argv would say less (an inline script). */
export function describeFailure(r: CommandResult, what?: string): string {
  const cmd = what ?? r.argv.join(' ');
  if (r.spawnError) return `${cmd}: ${r.spawnError}`;
  if (r.timedOut) return `${cmd}: timed out`;
  if (r.outputLimit !== undefined) return `${cmd}: stopped after printing more than ${r.outputLimit} bytes`;
  const how = r.exitCode === null ? `killed by ${r.signal ?? 'a signal'}` : `exit ${r.exitCode}`;
  const err = r.stderr.trim().split('\n').slice(-3).join(' / ');
  return `${cmd}: ${how}${err ? `: ${err}` : ''}`;
}
