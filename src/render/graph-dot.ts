import { keyOf, resourceKey, type DesiredOf, type DesiredResource, type ResourceKey } from '../model/resource.js';
import type { Plan } from '../plan/types.js';
import { SENSITIVE_TEXT } from '../model/sensitive-text.js';

const q = (s: string): string => JSON.stringify(s);

function attrText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** An attribute's text, or (sensitive value) when it derives from a sensitive value. */
function shown(r: DesiredResource, name: string): string {
  return r.sensitive?.includes(name) ? SENSITIVE_TEXT : attrText((r.attrs as Record<string, unknown>)[name]);
}

/**
 * The cluster as Graphviz DOT: client -> each service (VIP:port) -> the directors that run it ->
 * its real servers, edges labelled with forwarding method and weight. From the configuration only.
 */
export function clusterDot(desired: readonly DesiredResource[]): string {
  const lines = ['digraph lvsplan {', '  rankdir = "LR";', '  node [shape = box];', '  "client" [shape = oval];'];
  const services = new Map<ResourceKey, DesiredOf<'ipvs_service'>>();
  for (const r of desired) if (r.type === 'ipvs_service' && !services.has(keyOf(r))) services.set(keyOf(r), r);
  const seen = new Set<string>();
  const once = (line: string): void => {
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  };
  for (const s of services.values()) {
    const a = s.attrs;
    const vip = a.fwmark !== null ? `fwmark ${attrText(a.fwmark)}` : `${attrText(a.protocol)} ${attrText(a.address)}:${attrText(a.port)}`;
    once(`  ${q(s.address)} [label = ${q(`${s.address}\n${vip} (${shown(s, 'scheduler')})`)}];`);
    once(`  "client" -> ${q(s.address)};`);
    once(`  ${q(`director.${s.host}`)} [label = ${q(`director ${s.host}`)}, shape = box3d];`);
    once(`  ${q(s.address)} -> ${q(`director.${s.host}`)};`);
  }
  for (const d of desired) {
    if (d.type !== 'ipvs_destination') continue;
    const a = d.attrs;
    const service = services.get(resourceKey(d.host, 'ipvs_service', a.service));
    const target = `${attrText(a.address)}:${attrText(a.port)}`;
    const label = /\.backend\["((?:[^"\\]|\\.)*)"\]$/.exec(d.address)?.[1];
    once(`  ${q(target)} [label = ${q(label ? `${JSON.parse(`"${label}"`)}\n${target}` : target)}, shape = oval];`);
    lines.push(`  ${q(`director.${d.host}`)} -> ${q(target)} [label = ${q(`${service?.address ?? attrText(a.service)}: ${attrText(a.forwarding)}, weight ${shown(d, 'weight')}`)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * The order of a plan's changes as DOT: one cluster per phase (apply runs them in this order, hosts
 * in parallel within one), each change a node "address (action on host)".
 */
export function planDot(plan: Plan): string {
  const lines = ['digraph lvsplan_plan {', '  compound = true;', '  rankdir = "TB";', '  node [shape = box];'];
  const byPhase = new Map<number, typeof plan.changes>();
  for (const c of plan.changes) {
    if (c.action === 'no-op') continue;
    byPhase.set(c.phase, [...(byPhase.get(c.phase) ?? []), c]);
  }
  const phases = [...byPhase.keys()].sort((a, b) => a - b);
  for (const p of phases) {
    lines.push(`  subgraph ${q(`cluster_phase_${p}`)} {`, `    label = ${q(`phase ${p}`)};`, `    ${q(`phase ${p}`)} [shape = point, style = invis];`);
    for (const c of byPhase.get(p)!) lines.push(`    ${q(`${c.host} ${c.address}`)} [label = ${q(`${c.address}\n${c.action} on ${c.host}`)}];`);
    lines.push('  }');
  }
  for (let i = 1; i < phases.length; i++) lines.push(`  ${q(`phase ${phases[i - 1]}`)} -> ${q(`phase ${phases[i]}`)} [ltail = ${q(`cluster_phase_${phases[i - 1]}`)}, lhead = ${q(`cluster_phase_${phases[i]}`)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
