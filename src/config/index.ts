export { loadConfigDir, type LoadOptions, type LoadResult, type OrderedVariableInput } from './load-config-dir.js';
export { decodeConfig, type DecodeInputs, type DecodeResult } from './decode-config.js';
export type { DesiredState } from './desired-state.js';
export type { RawVariableValue } from './variables.js';
export { envVariables, fileVariables, cliVariable } from './variable-sources.js';
export { validateJson, type ValidateJson } from './validate-json.js';
export { SCHEDULERS } from './schedulers.js';
