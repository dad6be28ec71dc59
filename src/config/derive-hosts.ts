import type { Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import type { DesiredResource } from '../model/resource.js';
import { addressId } from '../model/identity.js';
import type { DirectorDecl, RealServerDecl } from './decl.js';
import { at, withValue, type Located } from './located.js';
import type { ResolvedBackend, ResolvedConfig } from './resolve.js';
import { sensitiveAttrs } from './sensitive-attrs.js';

const sensitivePart = (names: string[] | undefined): { sensitive?: string[] } => (names ? { sensitive: names } : {});

/** Per-host accumulation of derived address and sysctl resources, de-duplicated by id. */
class HostResources {
  readonly addresses = new Map<string, DesiredResource>();
  readonly sysctls = new Map<string, { name: Located<string>; value: Located<string> }>();
  constructor(readonly kind: 'director' | 'realserver', readonly name: string, readonly diags: Diagnostic[]) {}

  /** `iface` and `ip` with where they come from, so that a sensitive one is refused (it names the resource). */
  address(iface: Located<string>, ip: Located<string>, range: Range, key: string): void {
    const id = addressId(iface.v, ip.v);
    if (this.addresses.has(id)) return;
    const family = ip.v.includes(':') ? 'inet6' : 'inet';
    this.addresses.set(id, {
      host: this.name,
      type: 'address',
      id,
      address: `${this.kind}.${this.name}.address[${JSON.stringify(key)}]`,
      declRange: range,
      ...sensitivePart(sensitiveAttrs('address', { interface: iface, address: ip }, this.diags)),
      attrs: { interface: iface.v, address: ip.v, prefix_length: family === 'inet6' ? 128 : 32, family },
    });
  }

  sysctl(name: Located<string>, value: Located<string>): void {
    this.sysctls.set(name.v, { name, value: withValue(value, value.v.replace(/[ \t]+/g, ' ').trim()) });
  }

  emit(out: DesiredResource[]): void {
    out.push(...this.addresses.values());
    for (const [name, s] of this.sysctls)
      out.push({
        host: this.name,
        type: 'sysctl',
        id: name,
        address: `${this.kind}.${this.name}.sysctl[${JSON.stringify(name)}]`,
        declRange: s.value.r,
        ...sensitivePart(sensitiveAttrs('sysctl', s, this.diags)),
        attrs: { name, value: s.value.v },
      });
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
export function deriveHostResources(cfg: ResolvedConfig, out: DesiredResource[], diags: Diagnostic[]): void {
  const dirs = new Map<string, HostResources>();
  const rss = new Map<string, HostResources>();
  for (const d of cfg.decl.directors) dirs.set(d.name, new HostResources('director', d.name, diags));
  for (const r of cfg.decl.realservers) if (r.manage) rss.set(r.name, new HostResources('realserver', r.name, diags));
  const arpWanted = new Set<string>();
  // Each director's forwarding sysctls, from the last service that wants each (set once each below, in the order first
  // wanted, as setting it for every service would): a director's HostResources gets no other sysctl in this loop.
  const forwarding = new Map<HostResources, Map<string, Range>>();
  // By backend list (alike services share one): whether any of them is NAT.
  const natOf = new Map<readonly ResolvedBackend[], boolean>();
  for (const s of cfg.services) {
    const vips = s.decl.vip ? [s.decl.vip] : s.decl.vips;
    let nat = natOf.get(s.backends);
    if (nat === undefined) natOf.set(s.backends, (nat = s.backends.some((b) => b.forwarding === 'nat')));
    for (const d of s.directors) {
      const h = dirs.get(d.name)!;
      if (d.bindVips) for (const v of vips) h.address(d.iface, v, v.r, `${v.v}/${v.v.includes(':') ? 128 : 32}`);
      if (nat) {
        let wanted = forwarding.get(h);
        if (wanted === undefined) forwarding.set(h, (wanted = new Map()));
        wanted.set(s.family === 'inet6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward', s.decl.range);
      }
    }
    for (const b of s.backends) {
      const h = b.rs && !b.decl.ip ? rss.get(b.rs.name) : undefined;
      if (!h || b.forwarding === 'nat') continue;
      const outer6 = b.ip?.includes(':') ?? false;
      const iface = b.forwarding === 'dr' ? 'lo' : outer6 ? 'ip6tnl0' : 'tunl0';
      for (const v of vips) {
        h.address(at(iface, b.decl.range), v, b.decl.range, `${iface}/${v.v}`);
        if (!v.v.includes(':')) arpWanted.add(h.name);
      }
      if (b.forwarding === 'tunnel' && !outer6) {
        h.sysctl(at('net.ipv4.conf.tunl0.rp_filter', b.decl.range), at('0', b.decl.range));
        h.sysctl(at('net.ipv4.conf.all.rp_filter', b.decl.range), at('0', b.decl.range));
      }
    }
  }
  for (const [h, wanted] of forwarding) for (const [name, range] of wanted) h.sysctl(at(name, range), at('1', range));
  for (const r of cfg.decl.realservers) {
    const h = rss.get(r.name);
    if (!h) continue;
    if (r.arpSysctls && arpWanted.has(r.name)) for (const [n, v] of ARP) h.sysctl(at(n, r.range), at(v, r.range));
    applyUserSysctls(h, r);
  }
  for (const d of cfg.decl.directors) applyUserSysctls(dirs.get(d.name)!, d);
  for (const h of dirs.values()) h.emit(out);
  for (const h of rss.values()) h.emit(out);
}

function applyUserSysctls(h: HostResources, decl: DirectorDecl | RealServerDecl): void {
  const m = decl.sysctls;
  if (!m) return;
  for (const [k, v] of Object.entries(m.v)) {
    const keyRange = m.sensitiveKeys?.[k];
    const name: Located<string> = keyRange ? { v: k, r: keyRange, sensitive: true } : at(k, m.keyRanges[k] ?? m.r);
    h.sysctl(name, { ...at(v, m.r), ...(m.sensitiveValues?.includes(k) ? { sensitive: true as const } : {}) });
  }
}
