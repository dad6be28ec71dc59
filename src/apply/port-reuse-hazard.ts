import { warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { DIRECTOR_SYSCTL_DEFAULTS } from '../model/director-sysctl-defaults.js';

/** A destination a drain deleted when its timeout passed, with its closing connections (InActConn) then. */
export interface DeletedWithClosing {
  address: string;
  forwarding: string;
  inactive: number;
}

const CONN_REUSE_MODE = 'net.ipv4.vs.conn_reuse_mode';
const EXPIRE_NODEST_CONN = 'net.ipv4.vs.expire_nodest_conn';

/**
 * In DR and tunnel mode the director sees only the client's half of a connection, so a closed one waits in
 * FIN_WAIT for tcpfin (120 s by default). Once its destination is deleted, a new connection from the client
 * port it used matches that entry and is dropped, unless conn_reuse_mode has bit 2 (such a port is scheduled
 * again) or expire_nodest_conn is 1 (the entries of a deleted destination are expired). The warning says so
 * when a drain timeout deleted such destinations and neither setting is known to be on (one the configuration does not
 * set is taken to be the kernel's default).
 */
export function portReuseHazard(director: string, deleted: readonly DeletedWithClosing[], sysctl: (name: string) => string | null): Diagnostic | null {
  const exposed = deleted.filter((d) => d.inactive > 0 && (d.forwarding === 'dr' || d.forwarding === 'tunnel'));
  if (exposed.length === 0 || reusedPortsRescheduled(sysctl)) return null;
  const closing = exposed.reduce((n, d) => n + d.inactive, 0);
  const named = exposed.slice(0, 5).map((d) => d.address).join(', ') + (exposed.length > 5 ? ` and ${exposed.length - 5} more` : '');
  return warningDiag(
    `Closing connections left on deleted destinations of ${director}`,
    `The drain timeout deleted ${named} with ${closing} closing connection${closing === 1 ? '' : 's'} (InActConn) still on them. ` +
      `In DR and tunnel mode the director sees only the client's half of a connection, so a closed one waits in FIN_WAIT (tcpfin, 120 s by default); ` +
      `until then a new connection from a client port one of them used is matched to it and dropped, its destination being gone. ` +
      `Set "${CONN_REUSE_MODE}" = 2 in the director's sysctls (such a connection is scheduled again), or "${EXPIRE_NODEST_CONN}" = 1, or give drain_timeout more than tcpfin.`,
  );
}

function reusedPortsRescheduled(sysctl: (name: string) => string | null): boolean {
  const reuse = Number(sysctl(CONN_REUSE_MODE) ?? DIRECTOR_SYSCTL_DEFAULTS[CONN_REUSE_MODE]);
  const expire = Number(sysctl(EXPIRE_NODEST_CONN) ?? DIRECTOR_SYSCTL_DEFAULTS[EXPIRE_NODEST_CONN]);
  return (Number.isInteger(reuse) && (reuse & 2) !== 0) || (Number.isInteger(expire) && expire !== 0);
}
