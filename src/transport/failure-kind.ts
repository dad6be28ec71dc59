import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandResult } from './command-runner.js';

export type FailureKind =
  | 'invalid-command'
  | 'invalid-connection'
  | 'ssh-missing'
  | 'spawn-failed'
  | 'timed-out'
  | 'output-too-large'
  | 'name-not-resolved'
  | 'connection-refused'
  | 'connect-timeout'
  | 'host-unreachable'
  | 'connection-closed'
  | 'host-key'
  | 'key-refused'
  | 'missing-command'
  | 'permission-denied'
  | 'killed'
  | 'exit-status';

/** Kinds meaning the command never ran on the host, so its output says nothing about the host's state. */
const CONNECTION_KINDS: ReadonlySet<FailureKind> = new Set([
  'invalid-connection', 'ssh-missing', 'spawn-failed', 'name-not-resolved', 'connection-refused',
  'connect-timeout', 'host-unreachable', 'connection-closed', 'host-key', 'key-refused',
]);

export function isConnectionFailure(kind: FailureKind | null): boolean {
  return kind !== null && CONNECTION_KINDS.has(kind);
}

/**
 * A message shape: lower-case fragments that must occur in this order on one line; a leading '^'
 * anchors the first at the line's start. Matched with indexOf, so classifying is linear in the
 * size of stderr whatever a host prints (stderr is untrusted input).
 */
type Shape = readonly string[];

// ssh reports its own failures with exit status 255, but so do many commands (ipvsadm among them),
// so a 255 counts as a connection failure only when stderr carries one of ssh's messages.
const SSH_SHAPES: ReadonlyArray<[readonly Shape[], FailureKind]> = [
  [[['could not resolve hostname'], ['name or service not known'], ['nodename nor servname'], ['temporary failure in name resolution'], ['no address associated with hostname']], 'name-not-resolved'],
  [[['host key verification failed'], ['remote host identification has changed'], ['no ', ' host key is known'], ['host key for ', ' has changed']], 'host-key'],
  [[['permission denied (publickey'], ['permission denied (password'], ['permission denied (keyboard-interactive'], ['permission denied (hostbased'], ['permission denied (gssapi']], 'key-refused'],
  [[['too many authentication failures'], ['no more authentication methods']], 'key-refused'],
  [[['connect to host ', ': connection refused'], ['^', 'connection refused']], 'connection-refused'],
  [[['connection timed out'], ['operation timed out'], ['timed out during banner exchange']], 'connect-timeout'],
  [[['no route to host'], ['network is unreachable'], ['host is down'], ['host is unreachable']], 'host-unreachable'],
  [[['kex_exchange_identification'], ['connection closed by'], ['connection reset by'], ['ssh_exchange_identification'], ['broken pipe'], ['banner exchange']], 'connection-closed'],
];

const MISSING_COMMAND: readonly Shape[] = [
  ['command not found'], [': not found'], ['exec of "', '" failed: no such file or directory'], ['executable file not found'], ['no such file or directory', 'exec'],
];
const PERMISSION: readonly Shape[] = [
  ['operation not permitted'], ['permission denied'], ['must be root'], ['need to be root'], ['are you root'], ['requires root'], ['eperm'], ['eacces'],
];

function lineHas(line: string, shape: Shape): boolean {
  let at = 0;
  for (const [i, fragment] of shape.entries()) {
    if (i === 0 && fragment === '^') continue;
    const found = line.indexOf(fragment, at);
    if (found < 0 || (i === 1 && shape[0] === '^' && found !== 0)) return false;
    at = found + fragment.length;
  }
  return true;
}

function anyLineHas(lines: readonly string[], shapes: readonly Shape[]): boolean {
  return lines.some((line) => shapes.some((shape) => lineHas(line, shape)));
}

/** What went wrong with a command, or null when it succeeded. */
export function failureKind(spec: ConnectionSpec, result: CommandResult): FailureKind | null {
  if (result.spawnError !== undefined) {
    if (result.spawnError.startsWith('invalid ssh connection')) return 'invalid-connection';
    if (result.spawnError.startsWith('invalid command')) return 'invalid-command';
    if (result.spawnError.includes('ENOENT')) {
      if (spec.type === 'ssh') return 'ssh-missing';
      if (spec.type === 'local') return 'missing-command';
    }
    return 'spawn-failed';
  }
  if (result.timedOut) return 'timed-out';
  if (result.outputLimit !== undefined) return 'output-too-large';
  if (result.exitCode === 0) return null;
  const lines = result.stderr.toLowerCase().split('\n');
  if (spec.type === 'ssh' && result.exitCode === 255) {
    for (const [shapes, kind] of SSH_SHAPES) if (anyLineHas(lines, shapes)) return kind;
  }
  if (result.exitCode === 127 || anyLineHas(lines, MISSING_COMMAND)) return 'missing-command';
  if (result.exitCode === 126 || anyLineHas(lines, PERMISSION)) return 'permission-denied';
  if (result.exitCode === null) return 'killed';
  return 'exit-status';
}
