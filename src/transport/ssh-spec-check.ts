import type { ConnectionSpec } from '../model/hosts.js';

type SshSpec = Extract<ConnectionSpec, { type: 'ssh' }>;

// OpenSSH substitutes host, user and jump names into ProxyCommand-style shell text (%h, %r, -J),
// so only plain name characters are accepted, and nothing that could read as an option.
const HOST = /^(?:\[[0-9A-Fa-f:.%A-Za-z]+\]|[A-Za-z0-9_.:%-]+)$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;
const JUMP = /^(?:[A-Za-z0-9_.][A-Za-z0-9_.-]*@)?(?:\[[0-9A-Fa-f:.%A-Za-z]+\]|[A-Za-z0-9_.%-]+)(?::[0-9]{1,5})?$/;

/** Problems that make an ssh connection spec unusable; empty when it is fine. */
export function sshSpecProblems(spec: SshSpec): string[] {
  const problems: string[] = [];
  if (!HOST.test(spec.host) || spec.host.startsWith('-')) problems.push(`host ${JSON.stringify(spec.host)} is not a valid host name or address`);
  if (spec.user !== undefined && !USER.test(spec.user)) problems.push(`user ${JSON.stringify(spec.user)} is not a valid user name`);
  if (spec.port !== undefined && !(Number.isInteger(spec.port) && spec.port >= 1 && spec.port <= 65535)) {
    problems.push(`port ${spec.port} is not between 1 and 65535`);
  }
  if (spec.bastion !== undefined) problems.push(...bastionProblems(spec.bastion));
  if (spec.identityFile !== undefined && (spec.identityFile === '' || spec.identityFile.includes('\0'))) {
    problems.push('identity_file is empty or contains a NUL byte');
  }
  if (!(Number.isFinite(spec.timeout) && spec.timeout > 0)) problems.push(`timeout ${spec.timeout} must be a positive number of seconds`);
  return problems;
}

/** Problems with a ProxyJump value: each comma-separated hop must be a plain [user@]host[:port]. */
export function bastionProblems(bastion: string): string[] {
  return bastion
    .split(',')
    .filter((hop) => !JUMP.test(hop) || hop.startsWith('-'))
    .map((hop) => `bastion hop ${JSON.stringify(hop)} is not of the form [user@]host[:port]`);
}
