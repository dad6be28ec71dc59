import type { Range } from '../hcl/range.js';

export type HostRole = 'director' | 'realserver';

export type ConnectionSpec =
  | {
      type: 'ssh';
      /** host name or address passed to ssh; ssh_config applies */
      host: string;
      user?: string;
      port?: number;
      identityFile?: string;
      /** ProxyJump value */
      bastion?: string;
      /** Connect timeout in seconds */
      timeout: number;
    }
  | { type: 'local' }
  | { type: 'exec'; command: string[] };

export interface HostSpec {
  name: string;
  role: HostRole;
  connection: ConnectionSpec;
  /** Directors only: lvsplan owns the whole IPVS table, so unmanaged services are planned for deletion. */
  exclusive: boolean;
  declRange?: Range;
  /** Where an exec connection's command = is written: a failure of that command points there. */
  commandRange?: Range;
}
