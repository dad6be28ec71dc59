import type { ImportedBackend, ImportedService } from './cluster.js';
import { attr, block, num, raw, str, strSet, type HclItem } from './hcl-writer.js';
import { healthCheckBlock } from './write-health.js';

/** The port a backend block must state; null when lvsplan's default (service port, or 0 for fwmark) gives it. */
function statedPort(b: ImportedBackend, s: ImportedService): number | null {
  if (s.fwmark !== null) return b.port === 0 ? null : b.port;
  return b.forwarding === 'nat' && b.port !== s.port ? b.port : null;
}

/** Everything in a backend block except what names its target. */
function settings(b: ImportedBackend, s: ImportedService, forwarding: string): HclItem[] {
  const items: HclItem[] = [];
  const port = statedPort(b, s);
  if (port !== null) items.push(attr('port', num(port)));
  items.push(attr('weight', num(b.weight)));
  if (b.upper !== 0) items.push(attr('upper_threshold', num(b.upper)));
  if (b.lower !== 0) items.push(attr('lower_threshold', num(b.lower)));
  if (b.forwarding !== forwarding) items.push(attr('forwarding', str(b.forwarding)));
  const t = b.tunnel;
  if (b.forwarding === 'tunnel' && t && (t.type !== 'ipip' || t.port !== null || (t.checksum !== null && t.checksum !== 'nocsum'))) {
    const ti: HclItem[] = [attr('type', str(t.type))];
    if (t.port !== null) ti.push(attr('port', num(t.port)));
    if (t.checksum !== null && t.checksum !== 'nocsum') ti.push(attr('checksum', str(t.checksum)));
    items.push(block('tunnel', [], ti));
  }
  if (b.healthCheck) items.push(healthCheckBlock(b.healthCheck, s.healthCheck));
  return items;
}

/** The backend method most destinations use: written once on the service, overridden per backend. */
export function serviceForwarding(s: ImportedService): string {
  const count = new Map<string, number>();
  for (const b of s.backends) count.set(b.forwarding, (count.get(b.forwarding) ?? 0) + 1);
  let best = 'dr';
  let n = 0;
  for (const f of ['dr', 'nat', 'tunnel']) if ((count.get(f) ?? 0) > n) [best, n] = [f, count.get(f)!];
  return best;
}

/**
 * backend blocks of a service. Backends whose settings are identical and that differ only by the
 * realserver they name, or only by address, become one block with for_each.
 */
export function writeBackends(s: ImportedService, forwarding: string): HclItem[] {
  const groups = new Map<string, { backends: ImportedBackend[]; items: HclItem[] }>();
  for (const b of s.backends) {
    const items = settings(b, s, forwarding);
    const sig = `${b.realserver !== null}\u0000${JSON.stringify(items)}`;
    const g = groups.get(sig);
    if (g) g.backends.push(b);
    else groups.set(sig, { backends: [b], items });
  }
  const labels = backendLabels(s.backends);
  const out: HclItem[] = [];
  for (const g of groups.values()) {
    // A for_each key is the backend's name: a target that appears twice in the service (at two ports) keeps its own block.
    const folded = g.backends.filter((b) => labels.get(b) === target(b));
    const foldable = folded.length > 1;
    if (foldable && folded[0]!.realserver !== null) {
      out.push(block('backend', ['realservers'], [attr('for_each', strSet(folded.map((b) => b.realserver!))), ...g.items]));
    } else if (foldable) {
      out.push(block('backend', ['addresses'], [attr('for_each', strSet(folded.map((b) => b.address))), attr('address', raw('each.key')), ...g.items]));
    }
    for (const b of g.backends) {
      if (foldable && folded.includes(b)) continue;
      const label = labels.get(b)!;
      const named = b.realserver === null ? [attr('address', str(b.address))] : label === b.realserver ? [] : [attr('realserver', str(b.realserver))];
      out.push(block('backend', [label], [...named, ...g.items]));
    }
  }
  return out;
}

/** What a backend names: a declared realserver, else its address. */
const target = (b: ImportedBackend): string => b.realserver ?? b.address;

/** A declared realserver's name, else the address; with the port added when one target appears twice. */
function backendLabels(backends: readonly ImportedBackend[]): Map<ImportedBackend, string> {
  const seen = new Map<string, number>();
  for (const b of backends) seen.set(target(b), (seen.get(target(b)) ?? 0) + 1);
  return new Map(
    backends.map((b) => {
      if (seen.get(target(b))! === 1) return [b, target(b)];
      return [b, b.realserver !== null ? `${b.realserver}-${b.port}` : `${b.address.includes(':') ? `[${b.address}]` : b.address}:${b.port}`];
    }),
  );
}
