import { loadConfigDir, type LoadResult } from '../config/index.js';
import type { CliIO } from './io.js';
import type { VariableInput } from './variable-inputs.js';

export function loadConfig(dir: string, variables: readonly VariableInput[], io: CliIO): LoadResult {
  return loadConfigDir(dir, { vars: [], varFiles: [], env: io.env, ordered: [...variables] });
}
