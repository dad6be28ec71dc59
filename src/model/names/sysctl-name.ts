import { charReason, type NameRule } from './name-rule.js';

const CHAR = /^[A-Za-z0-9_.\/@+-]$/;

/**
 * Sysctl names in procps' dotted form: components separated by '.', and a '.' inside one component
 * (an interface such as eth0.100 in net.ipv4.conf.eth0.100.rp_filter) written '/', so
 * "net.ipv4.conf.eth0/100.rp_filter" is /proc/sys/net/ipv4/conf/eth0.100/rp_filter — procps' own
 * swap, so the same name works with `sysctl -w`. A component may hold an interface name, so its
 * characters are the interface rule's (plus '/').
 */
export const SYSCTL_NAME: NameRule = {
  what: 'sysctl name',
  example: '"net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.eth0/100.rp_filter"',
  reason(name) {
    const chars = charReason(name, CHAR, 'letters, digits and _ . / @ + -');
    if (chars) return chars;
    if (name.length > 255) return 'it is longer than 255 characters';
    const components = name.split('.');
    if (components.length < 2) return 'it has no dot (a sysctl name has at least two components)';
    if (!/^[a-z0-9_]+$/.test(components[0]!)) return 'its first component is not lowercase letters, digits and _';
    for (const c of components) {
      const inProc = c.replace(/\//g, '.');
      if (inProc === '') return 'it has an empty component';
      if (inProc === '.' || inProc === '..') return `its component ${JSON.stringify(c)} would be ${JSON.stringify(inProc)} under /proc/sys`;
    }
    return null;
  },
};

/** /proc/sys path of a valid sysctl name. */
export function sysctlPath(name: string): string {
  let out = '/proc/sys/';
  for (const c of name) out += c === '.' ? '/' : c === '/' ? '.' : c;
  return out;
}
