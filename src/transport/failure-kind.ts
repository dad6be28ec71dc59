import type { ConnectionSpec } from '../model/hosts.js';
import type { CommandResult } from './command-runner.js';

export type FailureKind =
  | 'invalid-command'
  | 'invalid-connection'
  | 'ssh-missing'
  | 'spawn-failed'
  | 'timed-out'
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

// ssh reports its own failures with exit status 255, but so do many commands (ipvsadm among them),
// so a 255 counts as a connection failure only when stderr carries one of ssh's messages.
const SSH_PATTERNS: ReadonlyArray<[RegExp, FailureKind]> = [
  [/Could not resolve hostname|Name or service not known|nodename nor servname|Temporary failure in name resolution|No address associated with hostname/i, 'name-not-resolved'],
  [/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \S+ host key is known|host key for .* has changed/i, 'host-key'],
  [/Permission denied \((?:publickey|password|keyboard-interactive|hostbased|gssapi)/i, 'key-refused'],
  [/Too many authentication failures|No more authentication methods/i, 'key-refused'],
  [/connect to host .*: Connection refused|^Connection refused/im, 'connection-refused'],
  [/Connection timed out|Operation timed out|timed out during banner exchange/i, 'connect-timeout'],
  [/No route to host|Network is unreachable|Host is down|Host is unreachable/i, 'host-unreachable'],
  [/kex_exchange_identification|Connection closed by|Connection reset by|ssh_exchange_identification|Broken pipe|banner exchange/i, 'connection-closed'],
];

const MISSING_COMMAND = /command not found|: not found|exec of ".*" failed: No such file or directory|executable file not found|No such file or directory.*\bexec\b|exec: .*: not found/i;
const PERMISSION = /Operation not permitted|Permission denied|must be root|need to be root|are you root|requires root|EPERM|EACCES/i;

/** What went wrong with a command, or null when it succeeded. */
export function failureKind(spec: ConnectionSpec, result: CommandResult): FailureKind | null {
  if (result.spawnError !== undefined) {
    if (result.spawnError.startsWith('invalid ssh connection')) return 'invalid-connection';
    if (result.spawnError.startsWith('invalid command')) return 'invalid-command';
    if (/\bENOENT\b/.test(result.spawnError)) {
      if (spec.type === 'ssh') return 'ssh-missing';
      if (spec.type === 'local') return 'missing-command';
    }
    return 'spawn-failed';
  }
  if (result.timedOut) return 'timed-out';
  if (result.exitCode === 0) return null;
  if (spec.type === 'ssh' && result.exitCode === 255) {
    for (const [pattern, kind] of SSH_PATTERNS) if (pattern.test(result.stderr)) return kind;
  }
  if (result.exitCode === 127 || MISSING_COMMAND.test(result.stderr)) return 'missing-command';
  if (result.exitCode === 126 || PERMISSION.test(result.stderr)) return 'permission-denied';
  if (result.exitCode === null) return 'killed';
  return 'exit-status';
}
