/** The streams a command writes to; injected so commands are testable and views stay separate. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether colour escapes may be written (NO_COLOR, --no-color and non-TTY turn it off). */
  color: boolean;
  isTTY: boolean;
  /** Reads one line from the terminal (for apply's approval prompt). */
  readLine: () => Promise<string | null>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
