import type { CliIO } from '../../../src/cli/io.js';

/** A CliIO that collects what a command prints; env is what the command sees (HOME, plan key). */
export function captureIO(env: NodeJS.ProcessEnv): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    color: false,
    isTTY: false,
    readLine: async () => null,
    env,
    cwd: process.cwd(),
  };
}
