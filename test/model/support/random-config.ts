import { SCHEDULERS } from '../../../src/model/schema/index.js';
import { Random } from '../../hcl/support/random.js';

/**
 * Random valid lvsplan configurations as HCL text: every scheduler and flag, persistence with
 * timeout/netmask/engine, one-packet, tcp/udp/sctp/fwmark, IPv4/IPv6, dr/nat/tunnel with ipip/gue/gre
 * and each checksum mode, weights, thresholds and ports at their bounds.
 */
const INT_MAX = 2147483647;
const RS4 = ['r1', 'r2', 'r3'];
const RS6 = ['r4', 'r5'];

const q = JSON.stringify;

function bound(r: Random, min: number, max: number): number {
  const roll = r.int(4);
  return roll === 0 ? min : roll === 1 ? max : min + r.int(Math.min(max - min, 100000) + 1);
}

function flagsFor(r: Random, scheduler: string): string[] {
  const own = scheduler === 'sh' ? ['sh-fallback', 'sh-port', 'flag-1', 'flag-2'] : scheduler === 'mh' ? ['mh-fallback', 'mh-port', 'flag-1', 'flag-2'] : ['flag-1', 'flag-2', 'flag-3'];
  return own.filter(() => r.chance(0.35));
}

function netmask(r: Random, family: 'inet' | 'inet6'): string {
  if (family === 'inet6') return String(1 + r.int(128));
  const prefix = r.int(33);
  if (r.chance(0.5)) return String(prefix);
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return q([bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255].join('.'));
}

function ip(family: 'inet' | 'inet6', net: number, host: number): string {
  return family === 'inet' ? `10.${net >> 8}.${net & 255}.${host}` : `2001:db8:${net.toString(16)}::${host.toString(16)}`;
}

function backend(r: Random, i: number, svc: { family: 'inet' | 'inet6'; fwmark: boolean; forwarding: string; net: number }, usedRs: Set<string>): string {
  const forwarding = r.chance(0.5) ? svc.forwarding : r.pick(['dr', 'nat', 'tunnel']);
  const lines: string[] = [];
  if (forwarding !== svc.forwarding) lines.push(`forwarding = ${q(forwarding)}`);
  const pool = (svc.family === 'inet' ? RS4 : RS6).filter((n) => !usedRs.has(n));
  let name = `b${i}`;
  if (pool.length > 0 && r.chance(0.4)) {
    name = r.pick(pool);
    usedRs.add(name);
  } else {
    const family = forwarding === 'tunnel' && r.chance(0.3) ? (svc.family === 'inet' ? 'inet6' : 'inet') : svc.family;
    lines.push(`address = ${q(ip(family, svc.net, 100 + i))}`);
  }
  if (r.chance(0.8)) lines.push(`weight = ${bound(r, 0, INT_MAX)}`);
  if (r.chance(0.6)) {
    const upper = bound(r, 0, INT_MAX);
    lines.push(`upper_threshold = ${upper}`);
    if (upper > 0 && r.chance(0.6)) lines.push(`lower_threshold = ${r.chance(0.3) ? upper : bound(r, 0, upper)}`);
  }
  if ((svc.fwmark || forwarding === 'nat') && r.chance(0.7)) lines.push(`port = ${bound(r, 0, 65535)}`);
  if (forwarding === 'tunnel' && r.chance(0.8)) {
    const type = r.pick(['ipip', 'gue', 'gre']);
    const t = [`type = ${q(type)}`];
    if (type === 'gue') t.push(`port = ${bound(r, 1, 65535)}`);
    if (type !== 'ipip' && r.chance(0.7)) t.push(`checksum = ${q(r.pick(type === 'gue' ? ['nocsum', 'csum', 'remcsum'] : ['nocsum', 'csum']))}`);
    lines.push(`tunnel {\n      ${t.join('\n      ')}\n    }`);
  }
  return `  backend ${q(name)} {\n    ${lines.join('\n    ')}\n  }`;
}

function service(r: Random, i: number, marks: Set<number>): string {
  const family = r.chance(0.6) ? 'inet' : 'inet6';
  const fwmark = r.chance(0.25);
  const protocol = r.pick(['tcp', 'udp', 'sctp'] as const);
  const scheduler = r.pick(SCHEDULERS);
  const persistent = r.chance(0.5);
  const forwarding = r.pick(['dr', 'nat', 'tunnel']);
  const net = i + 1;
  const lines = [`director = "d"`, `scheduler = ${q(scheduler)}`];
  if (fwmark) {
    let mark = r.chance(0.2) ? 1 : r.chance(0.25) ? 4294967295 : 2 + r.int(1000000);
    if (marks.has(mark)) mark = 1000001 + i;
    marks.add(mark);
    lines.push(`fwmark = ${mark}`);
    if (family === 'inet6' || r.chance(0.3)) lines.push(`family = ${q(family)}`);
    if (r.chance(0.7)) lines.push(`vips = [${q(ip(family, net, 1))}]`);
  } else {
    if (protocol !== 'tcp' || r.chance(0.5)) lines.push(`protocol = ${q(protocol)}`);
    lines.push(`address = ${q(ip(family, net, 1))}`);
    lines.push(`port = ${persistent && r.chance(0.2) ? 0 : bound(r, 1, 65535)}`);
  }
  const flags = flagsFor(r, scheduler);
  if (flags.length > 0 || r.chance(0.1)) lines.push(`scheduler_flags = [${flags.map(q).join(', ')}]`);
  if ((fwmark || protocol === 'udp') && r.chance(0.5)) lines.push(`one_packet = ${r.chance(0.7)}`);
  if (forwarding !== 'dr' || r.chance(0.3)) lines.push(`forwarding = ${q(forwarding)}`);
  if (persistent) {
    const p: string[] = [];
    if (r.chance(0.7)) p.push(`timeout = ${bound(r, 1, 2678400)}`);
    if (r.chance(0.6)) p.push(`netmask = ${netmask(r, family)}`);
    if (r.chance(0.4)) p.push(`engine = "sip"`);
    lines.push(`persistence {\n    ${p.join('\n    ')}\n  }`);
  }
  const used = new Set<string>();
  const backends = Array.from({ length: r.int(5) }, (_, b) => backend(r, b, { family, fwmark, forwarding, net }, used));
  return `virtual_server "s${i}" {\n  ${lines.join('\n  ')}\n${backends.join('\n')}\n}\n`;
}

function sysctls(r: Random): string {
  const names = ['net.ipv4.vs.expire_nodest_conn', 'net.ipv4.vs.conntrack', 'net.ipv4.vs.sync_threshold', 'net.core.somaxconn'];
  const chosen = names.filter(() => r.chance(0.3));
  if (chosen.length === 0) return '';
  return `  sysctls = { ${chosen.map((n) => `${q(n)} = ${n.endsWith('threshold') ? q(`${r.int(10)}   ${r.int(100)}`) : r.int(3)}`).join(', ')} }\n`;
}

export function randomConfig(r: Random): string {
  const out = [`director "d" {\n  connection { type = "local" }\n  interface = "eth0"\n${sysctls(r)}}\n`];
  for (const [i, name] of [...RS4, ...RS6].entries()) {
    const address = i < RS4.length ? `10.255.0.${i + 1}` : `2001:db8:ffff::${i + 1}`;
    const extra = r.chance(0.2) ? `  arp_sysctls = false\n` : '';
    out.push(`realserver ${q(name)} {\n  address = ${q(address)}\n  connection { type = "local" }\n${extra}${sysctls(r)}}\n`);
  }
  const services = 1 + r.int(5);
  const marks = new Set<number>();
  for (let i = 0; i < services; i++) out.push(service(r, i, marks));
  return out.join('\n');
}
