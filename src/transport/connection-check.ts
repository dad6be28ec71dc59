import type { ConnectionSpec } from '../model/hosts.js';
import { sshSpecProblems } from './ssh-spec-check.js';

/**
 * Problems with a connection that did not come from a checked configuration (a saved plan file):
 * the same limits the configuration puts on ssh settings and exec prefixes. Empty when it is fine.
 */
export function connectionProblems(spec: unknown): string[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return ['the connection is not an object'];
  const c = spec as Record<string, unknown>;
  const extra = (allowed: string[]) => Object.keys(c).filter((k) => k !== 'type' && !allowed.includes(k)).map((k) => `unexpected field "${k}"`);
  switch (c.type) {
    case 'local':
      return extra([]);
    case 'exec': {
      const cmd = c.command;
      if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((a) => typeof a !== 'string')) return ['an exec command must be a non-empty list of strings'];
      if (cmd[0] === '' || cmd.some((a: string) => /[\n\r\0]/.test(a))) return ['exec command arguments must not be empty programs or contain line breaks or NUL bytes'];
      return extra(['command']);
    }
    case 'ssh': {
      const problems = extra(['host', 'user', 'port', 'identityFile', 'bastion', 'timeout']);
      const types: Array<[string, string, boolean]> = [
        ['host', 'string', true], ['user', 'string', false], ['port', 'number', false],
        ['identityFile', 'string', false], ['bastion', 'string', false], ['timeout', 'number', true],
      ];
      for (const [key, type, required] of types) {
        if (c[key] === undefined ? required : typeof c[key] !== type) problems.push(`"${key}" must be a ${type}`);
      }
      if (problems.length > 0) return problems;
      const ssh = spec as Extract<ConnectionSpec, { type: 'ssh' }>;
      if (ssh.identityFile?.startsWith('-') || /[\n\r]/.test(ssh.identityFile ?? '')) problems.push('identity_file must not start with "-" or contain line breaks');
      return [...problems, ...sshSpecProblems(ssh)];
    }
    default:
      return [`connection type ${JSON.stringify(c.type)} is not ssh, local or exec`];
  }
}
