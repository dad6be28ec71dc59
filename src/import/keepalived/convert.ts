import { warningDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { canonicalIp, type Family } from '../../model/ip-address.js';
import type { Protocol } from '../../model/identity.js';
import { canonicalFlags, SCHEDULERS } from '../../config/schedulers.js';
import type { Forwarding, ImportedBackend, ImportedCluster, ImportedHealthCheck, ImportedService, ImportedTunnel } from '../cluster.js';
import type { ConvertTarget } from '../convert-target.js';
import { commonCheck, sameCheck } from '../health-check.js';
import { CHECKERS, convertChecker, readTiming, type CheckDefaults } from './checkers.js';
import { expandAddressRange, type GroupEntry } from './group-entries.js';
import type { Token } from './tokens.js';
import type { Statement } from './tree.js';
import { Reader } from './values.js';

const NOT_LVS = new Set([
  'global_defs', 'vrrp_script', 'vrrp_sync_group', 'static_ipaddress', 'static_routes', 'static_rules', 'linkbeat_interfaces',
  'bfd_instance', 'vrrp_track_file', 'track_file', 'garp_group', 'net_namespace', 'vrrp_track_process', 'track_process',
]);
const IGNORED_IN_VS = new Map<string, string>([
  ['ha_suspend', 'lvsplan checks and configures services whether or not the VIP is local.'],
  ['alpha', 'lvsplan puts every backend in the table and lets health checks take failing ones out.'],
  ['omega', 'there are no quorum notifiers in lvsplan.'],
  ['quorum', 'lvsplan has no quorum; a service keeps its healthy backends.'],
  ['quorum_up', 'lvsplan runs no notification scripts.'],
  ['quorum_down', 'lvsplan runs no notification scripts.'],
  ['hysteresis', 'lvsplan has no quorum.'],
  ['inhibit_on_failure', 'lvsplan has no setting for whether a failed backend is deleted or kept at weight 0.'],
  ['sorry_server_inhibit', 'lvsplan has no setting for a sorry server kept at weight 0.'],
  ['smtp_alert', 'lvsplan sends no mail.'],
  ['notify_up', 'lvsplan runs no notification scripts.'],
  ['notify_down', 'lvsplan runs no notification scripts.'],
  ['hashed', 'keepalived accepts it but it sets nothing.'],
]);

/** keepalived.conf (as a statement tree) to lvsplan services; every unconverted line is a warning. */
export function convertKeepalived(stmts: readonly Statement[], target: ConvertTarget, diags: Diagnostic[]): ImportedCluster {
  const r = new Reader(diags, 'keepalived');
  const groups = new Map<string, GroupEntry[]>();
  const services: ImportedService[] = [];
  const vrrpVips: { vip: string; instance: string; at: Token }[] = [];
  for (const s of stmts) if (s.keyword.text === 'virtual_server_group') readGroup(s, groups, r);
  for (const s of stmts) {
    const k = s.keyword.text;
    if (k === 'virtual_server_group') continue;
    if (k === 'virtual_server') services.push(...convertVirtualServer(s, groups, target, r));
    else if (k === 'vrrp_instance') {
      vrrpVips.push(...readVrrpVips(s));
      r.unconverted(s, 'VRRP stays with keepalived: lvsplan does not move VIPs between directors. Its virtual_ipaddress entries make the director bind_vips = false.');
    }
    else if (NOT_LVS.has(k)) r.unconverted(s, `${k} is not LVS configuration; lvsplan does not manage it.`);
    else r.unconverted(s, `"${k}" is not a keepalived section lvsplan knows.`);
  }
  const owner = vrrpVips.length > 0
    ? `keepalived's VRRP owns the VIPs (${[...new Set(vrrpVips.map((v) => `${v.vip} in vrrp_instance ${v.instance}`))].join(', ')}), so lvsplan must not bind them.`
    : 'keepalived did not bind the VIPs (something else does), so lvsplan does not either; set interface and remove bind_vips to have lvsplan bind them.';
  return { directors: [target.director(owner)], services, header: [] };
}

function readVrrpVips(s: Statement): { vip: string; instance: string; at: Token }[] {
  const out: { vip: string; instance: string; at: Token }[] = [];
  const name = s.args[0]?.text ?? '';
  for (const c of s.children ?? []) {
    if (c.keyword.text !== 'virtual_ipaddress' && c.keyword.text !== 'virtual_ipaddress_excluded') continue;
    for (const line of c.children ?? []) {
      const ip = canonicalIp(line.keyword.text.replace(/\/\d+$/, ''));
      if (ip) out.push({ vip: ip, instance: name, at: line.keyword });
    }
  }
  return out;
}

function readGroup(s: Statement, groups: Map<string, GroupEntry[]>, r: Reader): void {
  const name = s.args[0];
  if (!name) return r.error(s.keyword, 'Missing group name', 'virtual_server_group needs a name: virtual_server_group NAME { ... }.');
  const entries: GroupEntry[] = [];
  for (const e of s.children ?? []) {
    if (e.keyword.text === 'fwmark') {
      const mark = r.int(e.args[0], 'a firewall mark', 1, 4294967295, e);
      const fam = e.args[1]?.text;
      if (mark !== null) entries.push({ kind: 'fwmark', fwmark: mark, family: fam === 'inet6' ? 'inet6' : fam === 'inet' ? 'inet' : null, at: e.keyword });
      continue;
    }
    const addrs = expandAddressRange(e.keyword, r.diags);
    const port = e.args[0] ? r.int(e.args[0], 'a port', 0, 65535, e) : null;
    if (addrs) for (const a of addrs) entries.push({ kind: 'addr', address: a, port, at: e.keyword });
  }
  groups.set(name.text, entries);
}

interface ServiceSettings {
  scheduler: string;
  flags: string[];
  forwarding: Forwarding;
  tunnel: ImportedTunnel | null;
  protocol: Protocol | null;
  persistenceTimeout: number | null;
  granularity: string | number | null;
  engine: string | null;
  onePacket: boolean;
  weight: number;
  family: Family | null;
  checks: CheckDefaults;
}

/** One keepalived virtual_server: one service, or one per group entry. */
function convertVirtualServer(s: Statement, groups: Map<string, GroupEntry[]>, target: ConvertTarget, r: Reader): ImportedService[] {
  const identity = readIdentity(s, groups, r);
  if (!identity) return [];
  const set: ServiceSettings = {
    scheduler: 'wlc', flags: [], forwarding: 'nat', tunnel: null, protocol: null, persistenceTimeout: null, granularity: null,
    engine: null, onePacket: false, weight: 1, family: null, checks: { delayLoop: null, connectTimeout: null, retry: null, virtualhost: null },
  };
  const realServers: Statement[] = [];
  let sorry: ImportedService['sorryServer'] = null;
  for (const c of s.children ?? []) {
    const k = c.keyword.text;
    if (k === 'real_server') realServers.push(c);
    else if (k === 'sorry_server') {
      const ip = canonicalIp(c.args[0]?.text ?? '');
      if (!ip) r.error(c.args[0] ?? c.keyword, 'Invalid sorry_server', 'sorry_server needs an IP address and optionally a port.');
      else sorry = { address: ip, port: c.args[1] ? r.int(c.args[1], 'a port', 0, 65535, c) : null };
    } else if (!readSetting(c, set, r) && !readTiming(c, set.checks, r)) {
      const why = IGNORED_IN_VS.get(k);
      r.unconverted(c, why ?? `"${k}" has no equivalent in lvsplan's virtual_server.`);
    }
  }
  const where = `${s.keyword.range.filename}:${s.keyword.range.start.line}`;
  if (realServers.length === 0) {
    r.diags.push(warningDiag('Virtual server has no real servers', `keepalived ignores a virtual_server without real_server blocks ("has no real servers - ignoring"), so it is not converted.`, s.keyword.range));
    return [];
  }
  const converted = realServers
    .map((rs) => ({ rs, c: convertRealServer(rs, set, identity.entries[0]?.kind === 'fwmark', target, r) }))
    .filter((x): x is { rs: Statement; c: NonNullable<typeof x.c> } => x.c !== null);
  const health = commonCheck(converted.map((x) => x.c.check));
  const backends: ImportedBackend[] = converted.map(({ rs, c }) => {
    if (health && !c.check)
      r.diags.push(warningDiag('Real server without a checker', 'In lvsplan a backend takes its service\'s health_check; this real server had none in keepalived, so it will be checked like the others.', rs.keyword.range));
    return { ...c.backend, healthCheck: c.check && !sameCheck(c.check, health) ? c.check : null };
  });
  const family: Family = set.family ?? (backends.every((b) => b.address.includes(':')) ? 'inet6' : 'inet');
  if (identity.group && set.granularity !== null) {
    r.diags.push(warningDiag('persistence_granularity of a group not converted', 'keepalived 2.2.7 (Debian 12) programs the services of a virtual_server_group without the persistence granularity (the lab\'s ipvsadm -Sn shows no -M for them), so the conversion leaves it out as well. Add netmask to the persistence block if it was meant.', s.keyword.range));
    set.granularity = null;
  }
  const out: ImportedService[] = [];
  const addrProtocol = identity.entries.some((e) => e.kind === 'addr') ? set.protocol ?? defaultUdp(s, r) : null;
  for (const id of identity.entries) {
    const protocol = id.kind === 'addr' ? addrProtocol : null;
    let persistence = set.persistenceTimeout !== null || set.granularity !== null || set.engine !== null
      ? { timeout: set.persistenceTimeout ?? 360, netmask: set.granularity, engine: set.engine }
      : null;
    const port = id.kind === 'addr' ? id.port ?? 0 : null;
    if (port === 0 && !persistence) {
      r.diags.push(warningDiag('Zero port without persistence', 'keepalived makes a port-0 service persistent ("zero port only valid for persistent services - setting"); the conversion does the same with the default 360 s timeout.', s.keyword.range));
      persistence = { timeout: 360, netmask: null, engine: null };
    }
    const onePacket = set.onePacket && (protocol === 'udp' || id.kind === 'fwmark');
    out.push({
      group: identity.group,
      director: target.directorName,
      protocol,
      address: id.kind === 'addr' ? id.address : null,
      port,
      fwmark: id.kind === 'fwmark' ? id.fwmark : null,
      family: id.kind === 'addr' ? (id.address.includes(':') ? 'inet6' : 'inet') : id.family ?? family,
      vips: [],
      scheduler: set.scheduler,
      schedulerFlags: canonicalFlags(set.flags, set.scheduler),
      persistence,
      onePacket,
      backends: backends.map((b) => (id.kind === 'addr' && b.forwarding !== 'nat' ? { ...b, port: port! } : b)),
      healthCheck: health,
      sorryServer: sorry,
      comments: [`From ${where}${identity.group ? ` (virtual_server_group ${identity.group})` : ''}.`],
    });
  }
  if (set.onePacket && out.some((o) => !o.onePacket))
    r.diags.push(warningDiag('ops not converted', 'keepalived clears one-packet scheduling on TCP and SCTP services ("one packet scheduling requires UDP - resetting").', s.keyword.range));
  return out;
}

function defaultUdp(s: Statement, r: Reader): Protocol {
  r.diags.push(warningDiag('No protocol: UDP', 'keepalived makes a virtual_server without "protocol" a UDP service ("no protocol set - defaulting to UDP"); so does the conversion. Add protocol TCP if that was meant.', s.keyword.range));
  return 'udp';
}

type Identity = { group: string | null; entries: ({ kind: 'addr'; address: string; port: number | null } | { kind: 'fwmark'; fwmark: number; family: Family | null })[] };

function readIdentity(s: Statement, groups: Map<string, GroupEntry[]>, r: Reader): Identity | null {
  const [a, b] = s.args;
  if (!a) {
    r.error(s.keyword, 'Missing virtual server address', 'virtual_server needs IP PORT, fwmark N or group NAME.');
    return null;
  }
  if (a.text === 'fwmark') {
    const mark = r.int(b, 'a firewall mark', 1, 4294967295, s);
    return mark === null ? null : { group: null, entries: [{ kind: 'fwmark', fwmark: mark, family: null }] };
  }
  if (a.text === 'group') {
    const g = b ? groups.get(b.text) : undefined;
    if (!b || !g) {
      r.error(b ?? a, 'Unknown virtual_server_group', `virtual_server group needs the name of a virtual_server_group defined in the configuration.`);
      return null;
    }
    return { group: b.text, entries: g.map((e) => (e.kind === 'addr' ? { kind: 'addr', address: e.address, port: e.port } : { kind: 'fwmark', fwmark: e.fwmark, family: e.family })) };
  }
  const ip = canonicalIp(a.text);
  if (!ip) {
    r.error(a, 'Invalid virtual server address', `${JSON.stringify(a.text)} is not an IP address (or fwmark N / group NAME).`);
    return null;
  }
  const port = b ? r.int(b, 'a port', 0, 65535, s) : null;
  if (b && port === null) return null;
  return { group: null, entries: [{ kind: 'addr', address: ip, port }] };
}

const METHODS: Record<string, Forwarding> = { NAT: 'nat', DR: 'dr', TUN: 'tunnel' };
const FLAG_KEYWORDS = new Set(['flag-1', 'flag-2', 'flag-3', 'sh-port', 'sh-fallback', 'mh-port', 'mh-fallback']);

/** Settings shared by virtual_server and (lvs_method, weight) real_server. */
function readSetting(c: Statement, set: ServiceSettings, r: Reader): boolean {
  const k = c.keyword.text;
  const arg = c.args[0];
  switch (k) {
    case 'lb_algo':
    case 'lvs_sched':
      if (arg && (SCHEDULERS as readonly string[]).includes(arg.text)) set.scheduler = arg.text;
      else r.error(arg ?? c.keyword, 'Unknown scheduler', `${k} takes one of ${SCHEDULERS.join(' ')}.`);
      return true;
    case 'lb_kind':
    case 'lvs_method':
      readMethod(c, set, r);
      return true;
    case 'protocol': {
      const p = arg?.text.toLowerCase();
      if (p === 'tcp' || p === 'udp' || p === 'sctp') set.protocol = p;
      else r.error(arg ?? c.keyword, 'Unknown protocol', 'protocol is TCP, UDP or SCTP.');
      return true;
    }
    case 'persistence_timeout':
      set.persistenceTimeout = arg ? r.int(arg, 'a persistence timeout', 1, 2678400, c) : 360;
      return true;
    case 'persistence_granularity':
      if (arg && /^\d+$/.test(arg.text)) set.granularity = Number(arg.text);
      else if (arg && canonicalIp(arg.text)) set.granularity = arg.text;
      else r.error(arg ?? c.keyword, 'Invalid persistence_granularity', 'persistence_granularity is an IPv4 netmask (255.255.255.0) or an IPv6 prefix length.');
      return true;
    case 'persistence_engine':
      if (arg?.text === 'sip') set.engine = 'sip';
      else r.error(arg ?? c.keyword, 'Unknown persistence engine', 'The only persistence engine is sip.');
      return true;
    case 'ops':
      set.onePacket = true;
      return true;
    case 'weight':
      set.weight = r.int(arg, 'a weight', 0, 2147483647, c) ?? 1;
      return true;
    case 'ip_family':
      set.family = arg?.text === 'inet6' ? 'inet6' : 'inet';
      return true;
  }
  if (FLAG_KEYWORDS.has(k)) {
    const owner = k.slice(0, 2);
    if ((owner === 'sh' || owner === 'mh') && set.scheduler !== owner)
      r.unconverted(c, `keepalived ignores ${k} unless the ${owner} scheduler is set before it ("only applies to ${owner} scheduler - ignoring").`);
    else set.flags.push(k);
    return true;
  }
  return false;
}

function readMethod(c: Statement, set: ServiceSettings, r: Reader): void {
  const [m, ...rest] = c.args;
  const f = m ? METHODS[m.text] : undefined;
  if (!f) return r.error(m ?? c.keyword, 'Unknown forwarding method', `${c.keyword.text} is NAT, DR or TUN (upper case).`);
  set.forwarding = f;
  set.tunnel = null;
  if (f !== 'tunnel') return;
  const tunnel: ImportedTunnel = { type: 'ipip', port: null, checksum: null };
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!.text;
    if (w === 'type') {
      const t = rest[++i]?.text;
      if (t === 'ipip' || t === 'gue' || t === 'gre') tunnel.type = t;
      else r.error(rest[i] ?? rest[i - 1]!, 'Unknown tunnel type', 'The tunnel type is ipip, gue or gre.');
    } else if (w === 'port') tunnel.port = r.int(rest[++i], 'a tunnel port', 1, 65535, c);
    else if (w === 'nocsum' || w === 'csum' || w === 'remcsum') tunnel.checksum = w;
    else r.error(rest[i]!, 'Unknown tunnel option', 'TUN takes type ipip|gue|gre, port N (gue) and nocsum|csum|remcsum.');
  }
  set.tunnel = tunnel;
}

function convertRealServer(rs: Statement, vs: ServiceSettings, fwmark: boolean, target: ConvertTarget, r: Reader): { backend: Omit<ImportedBackend, 'healthCheck'>; check: ImportedHealthCheck | null } | null {
  const ip = canonicalIp(rs.args[0]?.text ?? '');
  if (!ip) {
    r.error(rs.args[0] ?? rs.keyword, 'Invalid real server address', 'real_server needs an IP address and a port.');
    return null;
  }
  const port = rs.args[1] ? r.int(rs.args[1], 'a port', 0, 65535, rs) : null;
  const set: ServiceSettings = { ...vs, checks: { ...vs.checks }, flags: [...vs.flags] };
  let upper = 0;
  let lower = 0;
  let check: ImportedHealthCheck | null = null;
  for (const c of rs.children ?? []) {
    const k = c.keyword.text;
    if (k === 'weight' || k === 'lvs_method') readSetting(c, set, r);
    else if (k === 'uthreshold') upper = r.int(c.args[0], 'a connection limit', 0, 2147483647, c) ?? 0;
    else if (k === 'lthreshold') lower = r.int(c.args[0], 'a connection limit', 0, 2147483647, c) ?? 0;
    else if (CHECKERS.has(k)) {
      const h = convertChecker(c, set.checks, r);
      if (h && check) r.unconverted(c, 'lvsplan has one health_check per service; only the first checker is converted.');
      else if (h) {
        // lvsplan checks the destination port unless told otherwise; https and fwmark checks need it written.
        const p = h.port ?? port;
        check = { ...h, port: h.type === 'https' || fwmark || p !== port ? p : null };
      }
    } else if (!readTiming(c, set.checks, r)) r.unconverted(c, IGNORED_IN_VS.get(k) ?? `"${k}" has no equivalent in lvsplan's backend.`);
  }
  return {
    backend: {
      realserver: target.realserverAt(ip),
      address: ip,
      port: port ?? 0,
      weight: set.weight,
      upper,
      lower,
      forwarding: set.forwarding,
      tunnel: set.forwarding === 'tunnel' ? set.tunnel : null,
    },
    check,
  };
}
