import type { HostSpec } from './hosts.js';

/**
 * The hosts lvsplan has worked on for one configuration, kept beside it (like Terraform's state) so that a
 * host whose block leaves the configuration is still read, cleaned up, and only then forgotten.
 */
export const KNOWN_HOSTS_FILE = 'lvsplan.hosts.json';

export interface KnownHost {
  name: string;
  role: HostSpec['role'];
  connection: HostSpec['connection'];
}

export interface KnownHostsFile {
  version: 1;
  hosts: KnownHost[];
}

/** What a plan needs to update the file after apply: where it is, and which hosts the configuration still declares. */
export interface KnownHostsBinding {
  /** Absolute path of the file; its base name is always KNOWN_HOSTS_FILE. */
  file: string;
  configured: string[];
  /** -target was used: hosts outside the targets were not fully cleaned, so none is forgotten. */
  targeted: boolean;
}
