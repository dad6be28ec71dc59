/**
 * Sysctl names. lvsplan uses procps sysctl's dotted form: components are separated by '.', and a
 * '.' inside one component (an interface such as eth0.100 in net.ipv4.conf.eth0.100.rp_filter) is
 * written '/', so "net.ipv4.conf.eth0/100.rp_filter" is /proc/sys/net/ipv4/conf/eth0.100/rp_filter.
 * This is exactly procps' own swap of '.' and '/', so the same name works with `sysctl -w`.
 */
const NAME = /^[a-z0-9_]+(\.[a-zA-Z0-9_\/-]+)+$/;

export function sysctlNameError(name: unknown): string | null {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 255) {
    return `sysctl name ${JSON.stringify(name)} is not valid (expected e.g. net.ipv4.conf.all.arp_ignore)`;
  }
  const components = name.split('.').map((c) => c.replace(/\//g, '.'));
  if (components.some((c) => c === '.' || c === '..')) {
    return `sysctl name ${JSON.stringify(name)} has a component that is not allowed`;
  }
  return null;
}

/** /proc/sys path of a valid sysctl name (check sysctlNameError first). */
export function sysctlPath(name: string): string {
  let out = '/proc/sys/';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    out += c === '.' ? '/' : c === '/' ? '.' : c;
  }
  return out;
}
