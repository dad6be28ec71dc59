import { formatHcl } from '../hcl/format/format-hcl.js';
import type { ImportedCluster, ImportedDirector, ImportedService } from './cluster.js';
import { attr, blank, block, bool, comment, inlineObject, num, raw, renderHcl, str, strList, strSet, type HclExpr, type HclItem } from './hcl-writer.js';
import { healthCheckBlock, sorryServerBlock } from './write-health.js';
import { serviceForwarding, writeBackends } from './write-backends.js';

/** The HCL text of an import: header, new director blocks, then one virtual_server per service or per folded group. */
export function writeCluster(c: ImportedCluster): string {
  const items: HclItem[] = [];
  if (c.header.length > 0) items.push(comment(c.header.join('\n')), blank);
  for (const d of c.directors) items.push(...writeDirector(d));
  const names = new Set<string>();
  for (const group of foldServices(c.services)) items.push(...writeService(group, uniqueName(group, names)));
  return formatHcl(renderHcl(items));
}

function writeDirector(d: ImportedDirector): HclItem[] {
  const notes = d.comments.map((t) => comment(t));
  const sysctls = Object.entries(d.sysctls).sort(([a], [b]) => a.localeCompare(b));
  if (!d.write) {
    if (notes.length === 0 && sysctls.length === 0) return [];
    const lines = [`director "${d.name}" (declared in your configuration):`, ...d.comments];
    if (sysctls.length > 0) lines.push('it runs with these sysctls, which lvsplan leaves alone unless you add them to its block:', ...sysctls.map(([k, v]) => `  "${k}" = "${v}"`));
    return [comment(lines.join('\n')), blank];
  }
  const body: HclItem[] = [
    ...notes,
    comment('How lvsplan reaches this director: "local" when it runs there, else host = "..." (ssh).'),
    block('connection', [], [attr('type', str('local'))]),
  ];
  if (d.interface !== null) body.push(attr('interface', str(d.interface)));
  if (!d.bindVips) body.push(attr('bind_vips', bool(false)));
  if (sysctls.length > 0) body.push(attr('sysctls', { entries: sysctls.map(([k, v]) => [k, str(v)]) }));
  return [block('director', [d.name], body)];
}

/** Everything that is the same across the services of a for_each: all but their address and port, or mark. */
function serviceBody(s: ImportedService): HclItem[] {
  const items: HclItem[] = [];
  const forwarding = serviceForwarding(s);
  if (s.fwmark !== null) {
    if (s.family === 'inet6') items.push(attr('family', str('inet6')));
    if (s.vips.length > 0) items.push(attr('vips', strList(s.vips)));
  }
  items.push(attr('scheduler', str(s.scheduler)));
  if (s.schedulerFlags.length > 0) items.push(attr('scheduler_flags', strList(s.schedulerFlags)));
  if (s.onePacket) items.push(attr('one_packet', bool(true)));
  items.push(attr('forwarding', str(forwarding)));
  if (s.persistence) {
    const p = s.persistence;
    const pi: HclItem[] = [attr('timeout', num(p.timeout))];
    if (p.netmask !== null) pi.push(attr('netmask', typeof p.netmask === 'number' ? num(p.netmask) : str(p.netmask)));
    if (p.engine !== null) pi.push(attr('engine', str(p.engine)));
    items.push(blank, block('persistence', [], pi));
  }
  if (s.healthCheck) items.push(blank, healthCheckBlock(s.healthCheck, null));
  if (s.sorryServer) items.push(blank, sorryServerBlock(s.sorryServer, forwarding));
  const backends = writeBackends(s, forwarding);
  if (backends.length > 0) items.push(blank, ...backends);
  return items;
}

interface ServiceGroup {
  services: ImportedService[];
  body: HclItem[];
}

/** Services identical but for their address and port (or their mark) are written once, with for_each. */
function foldServices(services: readonly ImportedService[]): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  const out: ServiceGroup[] = [];
  for (const s of services) {
    const body = serviceBody(s);
    const sig = JSON.stringify([s.director, s.fwmark === null, s.protocol, s.group, s.comments, body]);
    const g = groups.get(sig);
    if (g) g.services.push(s);
    else {
      const ng = { services: [s], body };
      groups.set(sig, ng);
      out.push(ng);
    }
  }
  return out;
}

function uniqueName(g: ServiceGroup, taken: Set<string>): string {
  const s = g.services[0]!;
  const ports = new Set(g.services.map((x) => x.port));
  let base: string;
  if (s.group) base = s.group;
  else if (s.fwmark !== null) base = `${s.family === 'inet6' ? 'fwmark6' : 'fwmark'}_${g.services.length === 1 ? s.fwmark : 'services'}`;
  else if (g.services.length === 1) base = `${s.protocol}_${s.address}_${s.port}`;
  else base = ports.size === 1 ? `${s.protocol}_${s.port}` : `${s.protocol}_services`;
  base = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^(?=[^A-Za-z_])/, 'vs_');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function writeService(g: ServiceGroup, name: string): HclItem[] {
  const s = g.services[0]!;
  const head: HclItem[] = [];
  const identity: HclItem[] = [];
  if (s.fwmark !== null) {
    if (g.services.length === 1) identity.push(attr('fwmark', num(s.fwmark)));
    else {
      head.push(attr('for_each', strSet(g.services.map((x) => String(x.fwmark)))));
      identity.push(attr('fwmark', raw('each.key')));
    }
  } else {
    identity.push(attr('protocol', str(s.protocol!)));
    if (g.services.length === 1) identity.push(attr('address', str(s.address!)), attr('port', num(s.port!)));
    else {
      const ports = new Set(g.services.map((x) => x.port));
      if (ports.size === 1) {
        head.push(attr('for_each', strSet(g.services.map((x) => x.address!))));
        identity.push(attr('address', raw('each.key')), attr('port', num(s.port!)));
      } else {
        const entries: [string, HclExpr][] = g.services.map((x) => [
          `${x.address!.includes(':') ? `[${x.address}]` : x.address}:${x.port}`,
          inlineObject([['address', str(x.address!)], ['port', num(x.port!)]]),
        ]);
        head.push(attr('for_each', { entries }));
        identity.push(attr('address', raw('each.value.address')), attr('port', raw('each.value.port')));
      }
    }
  }
  const items: HclItem[] = [...head, attr('director', str(s.director)), ...identity, ...g.body];
  const notes = s.comments.length > 0 ? [comment(s.comments.join('\n'))] : [];
  return [...notes, block('virtual_server', [name], items)];
}
