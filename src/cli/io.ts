/** The streams a command writes to; injected so commands are testable and views stay separate. */
export interface CliIO {
  stdout: (text: string) => void;
  /** Resolves when what stdout was given has been handed on (a pipe's reader caught up); rejects on a write error. Without it, output is not paced. */
  stdoutDrained?: () => Promise<void>;
  /** Writes bytes to stdout; resolves once they are handed on (the caller may then reuse them), rejects on a write error. */
  stdoutBytes?: (bytes: Uint8Array) => Promise<void>;
  stderr: (text: string) => void;
  /** Whether colour escapes may be written (NO_COLOR, --no-color and non-TTY turn it off). */
  color: boolean;
  isTTY: boolean;
  /** Whether standard input is a terminal (prompts for missing variables; console's prompt). */
  stdinIsTTY: boolean;
  /** Reads one line from standard input (approval prompt, variable prompt, console); null at its end. */
  readLine: () => Promise<string | null>;
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
