import { charReason, type NameRule } from '../model/names/name-rule.js';

/**
 * Strict shapes for names that end up as command arguments on hosts. Anything else is refused
 * before it can reach a command line (argv arrays are used throughout, but a name starting with
 * '-' would still be read as an option, and a newline would split an ipvsadm -R batch line).
 * Interface, sysctl and module names have one rule each in src/model/names/ (see check-name.ts).
 * Each rule's message names the characters it refuses from the same character class it tests.
 */
const noLeadingDot = (name: string): string | null => (name.startsWith('.') ? "it starts with '.'" : null);

/** director, realserver and probe names: they name state files and appear in addresses and messages. */
export const HOST_NAME: NameRule = {
  what: 'host name',
  example: '"lvs-dr", "web01"',
  reason: (name) => charReason(name, /^[A-Za-z0-9_.-]$/, 'letters, digits and _ . -') ?? noLeadingDot(name),
};

/** What ssh is given as the host: an address (IPv6 with [ ] and a %zone) or an ssh_config name. */
export const SSH_HOST: NameRule = {
  what: 'ssh host',
  example: '"192.0.2.5", "lb1.example.net", "fe80::1%eth0"',
  reason: (name) => charReason(name, /^[A-Za-z0-9_.:%[\]-]$/, 'letters, digits and _ . : % [ ] -'),
};

export const SSH_USER: NameRule = {
  what: 'ssh user',
  example: '"root", "deploy"',
  reason: (name) => charReason(name, /^[A-Za-z0-9_.-]$/, 'letters, digits and _ . -') ?? noLeadingDot(name),
};
