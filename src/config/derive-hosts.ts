import type { Range } from '../hcl/range.js';
import type { DesiredResource } from '../model/resource.js';
import { addressId } from '../model/identity.js';
import type { DirectorDecl, RealServerDecl } from './decl.js';
import type { ResolvedConfig } from './resolve.js';

/** Per-host accumulation of derived address and sysctl resources, de-duplicated by id. */
class HostResources {
  readonly addresses = new Map<string, DesiredResource>();
  readonly sysctls = new Map<string, { value: string; range: Range | undefined; sensitive?: boolean }>();
  constructor(readonly kind: 'director' | 'realserver', readonly name: string) {}

  address(iface: string, ip: string, range: Range | undefined, key: string): void {
    const id = addressId(iface, ip);
    if (this.addresses.has(id)) return;
    const family = ip.includes(':') ? 'inet6' : 'inet';
    this.addresses.set(id, {
      host: this.name,
      type: 'address',
      id,
      address: `${this.kind}.${this.name}.address[${JSON.stringify(key)}]`,
      declRange: range,
      attrs: { interface: iface, address: ip, prefix_length: family === 'inet6' ? 128 : 32, family },
    });
  }

  sysctl(name: string, value: string, range: Range | undefined, sensitive = false): void {
    this.sysctls.set(name, { value: value.replace(/[ \t]+/g, ' ').trim(), range, sensitive });
  }

  emit(out: DesiredResource[]): void {
    out.push(...this.addresses.values());
    for (const [name, s] of this.sysctls)
      out.push({ host: this.name, type: 'sysctl', id: name, address: `${this.kind}.${this.name}.sysctl[${JSON.stringify(name)}]`, declRange: s.range, ...(s.sensitive ? { sensitive: ['value'] } : {}), attrs: { name, value: s.value } });
  }
}

const ARP = [
  ['net.ipv4.conf.all.arp_ignore', '1'],
  ['net.ipv4.conf.lo.arp_ignore', '1'],
  ['net.ipv4.conf.all.arp_announce', '2'],
  ['net.ipv4.conf.lo.arp_announce', '2'],
] as const;

/**
 * Director VIPs (/32, /128 on its interface) and forwarding sysctls; on managed DR/TUN real servers the
 * VIP on lo (DR) or the tunnel device (TUN), ARP sysctls and loose rp_filter. User sysctls win.
 */
export function deriveHostResources(cfg: ResolvedConfig, out: DesiredResource[]): void {
  const dirs = new Map<string, HostResources>();
  const rss = new Map<string, HostResources>();
  for (const d of cfg.decl.directors) dirs.set(d.name, new HostResources('director', d.name));
  for (const r of cfg.decl.realservers) if (r.manage) rss.set(r.name, new HostResources('realserver', r.name));
  const arpWanted = new Set<string>();
  for (const s of cfg.services) {
    const vipRanges = s.decl.vip ? [s.decl.vip] : s.decl.vips;
    for (const d of s.directors) {
      const h = dirs.get(d.name)!;
      if (d.bindVips) for (const v of vipRanges) h.address(d.iface.v, v.v, v.r, `${v.v}/${v.v.includes(':') ? 128 : 32}`);
      if (s.backends.some((b) => b.forwarding === 'nat'))
        h.sysctl(s.family === 'inet6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward', '1', s.decl.range);
    }
    for (const b of s.backends) {
      const h = b.rs && !b.decl.ip ? rss.get(b.rs.name) : undefined;
      if (!h || b.forwarding === 'nat') continue;
      const outer6 = b.ip?.includes(':') ?? false;
      const iface = b.forwarding === 'dr' ? 'lo' : outer6 ? 'ip6tnl0' : 'tunl0';
      for (const v of s.vips) {
        h.address(iface, v, b.decl.range, `${iface}/${v}`);
        if (!v.includes(':')) arpWanted.add(h.name);
      }
      if (b.forwarding === 'tunnel' && !outer6) {
        h.sysctl('net.ipv4.conf.tunl0.rp_filter', '0', b.decl.range);
        h.sysctl('net.ipv4.conf.all.rp_filter', '0', b.decl.range);
      }
    }
  }
  for (const r of cfg.decl.realservers) {
    const h = rss.get(r.name);
    if (!h) continue;
    if (r.arpSysctls && arpWanted.has(r.name)) for (const [n, v] of ARP) h.sysctl(n, v, r.range);
    applyUserSysctls(h, r);
  }
  for (const d of cfg.decl.directors) applyUserSysctls(dirs.get(d.name)!, d);
  for (const h of dirs.values()) h.emit(out);
  for (const h of rss.values()) h.emit(out);
}

function applyUserSysctls(h: HostResources, decl: DirectorDecl | RealServerDecl): void {
  if (!decl.sysctls) return;
  for (const [k, v] of Object.entries(decl.sysctls.v)) h.sysctl(k, v, decl.sysctls.r, decl.sysctls.sensitive === true);
}
