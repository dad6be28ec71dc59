import type { ConnectionSpec } from '../model/hosts.js';
import { shellQuote } from './shell-quote.js';

/** A short human name for a connection: `user@host:port`, `local`, or `exec <prefix>`. */
export function describeConnection(spec: ConnectionSpec): string {
  switch (spec.type) {
    case 'ssh': {
      const host = spec.host.includes(':') && !spec.host.startsWith('[') ? `[${spec.host}]` : spec.host;
      const user = spec.user !== undefined ? `${spec.user}@` : '';
      const via = spec.bastion !== undefined ? ` via ${spec.bastion}` : '';
      return `${user}${host}:${spec.port ?? 22}${via}`;
    }
    case 'local':
      return 'local';
    case 'exec':
      return `exec ${displayArgv(spec.command)}`;
  }
}

/** argv shown to a person, quoted as a shell would need it; tolerant of any string. */
export function displayArgv(argv: readonly string[]): string {
  return shellQuote(argv.map((a) => a.replace(/\0/g, '\\0')));
}
