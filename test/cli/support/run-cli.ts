import { runCli } from '../../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as main.ts does, with captured output and the given stdin lines. */
export async function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string[]; stdinIsTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const lines = [...(opts.stdin ?? [])];
  const code = await runCli(
    args,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      color: false,
      isTTY: false,
      stdinIsTTY: opts.stdinIsTTY ?? false,
      readLine: async () => lines.shift() ?? null,
      env: { ...(opts.env ?? {}) },
    },
    '9.8.7',
  );
  return { code, stdout, stderr };
}
