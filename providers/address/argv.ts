import type { Attrs } from '../../src/model/resource.js';
import { validateAttrs, type AddressAttrs } from '../../src/model/schema/index.js';
import { ok, refuse, type Built } from '../result.js';
import { interfaceNameError } from './interface-name.js';

function target(attrs: Attrs): Built<{ cidr: string; iface: string }> {
  const problem = validateAttrs('address', attrs) ?? interfaceNameError(attrs.interface);
  if (problem) return refuse(problem);
  return ok(checkedTarget(attrs as AddressAttrs));
}

function checkedTarget(a: AddressAttrs): { cidr: string; iface: string } {
  return { cidr: `${a.address}/${a.prefix_length}`, iface: a.interface };
}

/** ['ip','addr','add','192.168.122.50/32','dev','lo'] */
export function addressAddArgv(attrs: Attrs): Built<string[]> {
  const t = target(attrs);
  return t.ok ? ok(addArgv(t.value)) : t;
}

/** addressAddArgv of attributes valid against the schema (validateAttrs, whose interface rule is interfaceNameError's). */
export function checkedAddressAddArgv(a: AddressAttrs): string[] {
  return addArgv(checkedTarget(a));
}

function addArgv(t: { cidr: string; iface: string }): string[] {
  return ['ip', 'addr', 'add', t.cidr, 'dev', t.iface];
}

export function addressDeleteArgv(attrs: Attrs): Built<string[]> {
  const t = target(attrs);
  return t.ok ? ok(['ip', 'addr', 'del', t.value.cidr, 'dev', t.value.iface]) : t;
}

/** How a host's addresses are read. */
export function addressReadArgv(): string[] {
  return ['ip', '-o', 'addr', 'show'];
}
