import type { ChildProcess } from 'node:child_process';

/** Ends a child started with `detached: true` together with everything it started (nsenter, sh, curl). */
export function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
