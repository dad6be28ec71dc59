import type { Lab } from './lab.js';
import type { LabHost } from './topology.js';

// Fallback tunnel devices the kernel creates per namespace; they cannot be deleted.
const FALLBACK_LINKS = new Set(['tunl0', 'gre0', 'gretap0', 'erspan0', 'sit0', 'ip6tnl0', 'ip6gre0', 'ip_vti0', 'ip6_vti0']);

const KEEP_ON_LO = new Set(['127.0.0.1/8', '::1/128']);

export function addressCleanup(host: LabHost, ipAddrOutput: string, ipLinkOutput: string, prefixLength: number): string[] {
  const batch: string[] = [];
  const links = ipLinkOutput
    .split('\n')
    .map((l) => l.match(/^\d+:\s+([^:@\s]+)/)?.[1])
    .filter((n): n is string => Boolean(n));
  for (const link of links) {
    if (link === 'lo' || link === 'eth0') continue;
    if (FALLBACK_LINKS.has(link)) batch.push(`link set ${link} down`);
    else batch.push(`link del ${link}`);
  }
  for (const line of ipAddrOutput.split('\n')) {
    const m = line.match(/^\d+:\s+(\S+)\s+(inet6?)\s+(\S+)/);
    if (!m) continue;
    const [, dev, family, cidr] = m as unknown as [string, string, string, string];
    if (dev === 'lo' && KEEP_ON_LO.has(cidr)) continue;
    if (dev === 'eth0' && (cidr === `${host.address}/${prefixLength}` || cidr.startsWith('fe80:'))) continue;
    if (dev !== 'lo' && dev !== 'eth0' && !FALLBACK_LINKS.has(dev)) continue; // deleted with its link
    batch.push(`${family === 'inet6' ? '-6 ' : ''}addr del ${cidr} dev ${dev}`);
  }
  batch.push('link set eth0 up', 'neigh flush all');
  return batch;
}

export async function resetHost(lab: Lab, host: LabHost): Promise<void> {
  // A test's finished connections stay in IPVS's table in FIN_WAIT (2 min by default); a later test whose
  // client reuses such a source port is sent to that entry's old real server, not scheduled. 2 s keeps tests apart.
  await lab.exec(host.name, ['sh', '-c', 'ipvsadm -C; ipvsadm --set 0 2 0']);
  const [addrs, links, sysctls] = await Promise.all([
    lab.mustExec(host.name, ['ip', '-o', 'addr', 'show']),
    lab.mustExec(host.name, ['ip', '-o', 'link', 'show']),
    lab.mustExec(host.name, ['sysctl', '-e', '-a', '--pattern', '^net\\.(ipv4|ipv6)\\.']),
  ]);
  const batch = addressCleanup(host, addrs, links, lab.topology.bridge.prefixLength);
  await lab.exec(host.name, ['ip', '-force', '-batch', '-'], { input: batch.join('\n') + '\n' });
  const current = new Map(
    sysctls.split('\n').filter(Boolean).map((l) => l.split(' = ') as [string, string]),
  );
  const writes = Object.entries(host.sysctlDefaults)
    .filter(([name, value]) => current.get(name) !== value)
    .map(([name, value]) => `${name}=${value}`);
  if (writes.length) await lab.exec(host.name, ['sysctl', '-q', '-e', '-w', ...writes]);
  await lab.exec(host.name, ['rm', '-rf', '/var/lib/lvsplan', '/run/lvsplan', '/run/lock/lvsplan']);
}
