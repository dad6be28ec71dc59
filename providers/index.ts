export * from './ipvs/index.js';
export * from './address/index.js';
export * from './sysctl/index.js';
export { parseHostRead, buildHostReadScript, fingerprintObserved, HOST_READ_SCRIPT, type ObservedHost, type HostReadOptions, type HostReadRequest } from './host-read.js';
export type { Built } from './result.js';
