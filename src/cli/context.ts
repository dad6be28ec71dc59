import type { CliIO } from './io.js';
import type { VariableInput } from './variable-inputs.js';

/** What every command module receives when it registers itself on the program. */
export interface CliContext {
  io: CliIO;
  version: string;
  /** -var and -var-file in command-line order, filled while commander parses. */
  variables: VariableInput[];
  /** Whether this command may colour its output (terminal, no NO_COLOR, no -no-color). */
  color: (opts: { color?: boolean }) => boolean;
  /** Runs a command body; an unexpected exception becomes an internal-error diagnostic and exit 1. */
  run: (fn: () => Promise<number>) => Promise<void>;
}
