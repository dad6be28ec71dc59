export { sysctlNameError, sysctlPath } from './name.js';
export { normaliseSysctlValue, sysctlValueError } from './value.js';
export { parseSysctlRead, sysctlReadArgv, sysctlReadParams, sysctlsToResources, SYSCTL_READ_FUNCTION, type SysctlRead } from './read.js';
export { sysctlWriteArgv, sysctlWriteCall, sysctlWriteOfCall, SYSCTL_WRITE_FUNCTION } from './write.js';
