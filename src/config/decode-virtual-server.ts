import type { Block, Body } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Family } from '../model/ip-address.js';
import type { Protocol } from '../model/identity.js';
import { DEFAULT_PERSISTENCE_TIMEOUT, IPVS_DESTINATION, IPVS_SERVICE } from '../model/schema/index.js';
import { blocksOf, checkBody, schema } from './body-schema.js';
import { decodeBackend, FORWARDINGS, oneHealthCheck } from './decode-backend.js';
import { decodeLifecycle } from './decode-lifecycle.js';
import { decodeSorryServer } from './decode-sorry-server.js';
import { canonicalAddress } from './decode-address.js';
import type { BackendDecl, PersistenceDecl, VirtualServerDecl } from './decl.js';
import { instanceFree } from './instance-free.js';
import { parseDuration } from './duration.js';
import { enumValue } from './enum-value.js';
import { evalBool, evalExpr, evalInt, evalString, evalStringList, loc, type Vars } from './eval-attr.js';
import { at, type Located } from './located.js';
import { eachInstance, type BlockInstance } from './repetition.js';
import { DEFAULT_SCHEDULER } from './schedulers.js';

const VIRTUAL_SERVER = schema(
  ['for_each', 'director', 'directors', 'protocol', 'address', 'port', 'fwmark', 'family', 'vips', 'scheduler', 'scheduler_flags', 'one_packet', 'forwarding', 'drain_timeout'],
  ['persistence', 'backend', 'dynamic', 'health_check', 'sorry_server', 'lifecycle'],
);
const PERSISTENCE = schema(['timeout', 'netmask', 'engine']);

/**
 * By virtual_server body, for one configuration: its backends as decoded for its first instance, when they read
 * nothing of the instance (instanceFree) and gave no diagnostic; then every later instance has the same ones
 * (10,000 services of one block with ten backends: ten declarations, not 100,000). null: decoded per instance.
 */
export type SharedBackends = Map<Body, BackendDecl[] | null>;

export function decodeVirtualServer(inst: BlockInstance, diags: Diagnostic[], shared: SharedBackends): VirtualServerDecl {
  const vars = inst.vars;
  // A dynamic "virtual_server" block's content has no label: its instance is named by its labels (or key).
  const repeated = inst.key !== null && inst.block.labels.length > 0;
  const label = inst.block.labels[0]?.value ?? inst.name;
  const address = repeated ? `virtual_server.${label}[${JSON.stringify(inst.key)}]` : `virtual_server.${label}`;
  const c = checkBody(inst.body, VIRTUAL_SERVER, diags);
  const fwmark = evalInt(c.attrs.get('fwmark'), vars, diags);
  if (fwmark) for (const n of ['address', 'port', 'protocol'])
    if (c.attrs.has(n)) diags.push(errorDiag('Conflicting service identity', `A fwmark service is identified by its mark only; remove ${JSON.stringify(n)} (list the addresses the mark covers in vips = [...]).`, c.attrs.get(n)!.nameRange));
  if (!fwmark && !c.attrs.has('fwmark')) {
    for (const n of ['address', 'port'])
      if (!c.attrs.has(n)) diags.push(errorDiag('Missing required argument', `A virtual_server needs address and port (or fwmark = N); ${JSON.stringify(n)} is missing.`, inst.block.openBraceRange));
    for (const n of ['family', 'vips'])
      if (c.attrs.has(n)) diags.push(errorDiag('Argument only for fwmark services', `${JSON.stringify(n)} applies only to fwmark services; an address service takes its family and VIP from address.`, c.attrs.get(n)!.nameRange));
  }
  const dirs: Located<string>[] = [];
  const one = evalString(c.attrs.get('director'), vars, diags);
  if (one) dirs.push(one);
  const many = evalStringList(c.attrs.get('directors'), vars, diags);
  if (many) dirs.push(...many);
  if (!c.attrs.has('director') && !c.attrs.has('directors'))
    diags.push(errorDiag('Missing required argument', 'A virtual_server needs director = "name" (or directors = [...]) naming the director(s) it runs on.', inst.block.openBraceRange));
  const vips = (evalStringList(c.attrs.get('vips'), vars, diags) ?? []).map((v) => canonicalAddress(v, 'VIP', diags)).filter((v): v is Located<string> => v !== null);
  const vs: VirtualServerDecl = {
    address,
    range: inst.nameRange,
    directors: dirs,
    protocol: fwmark ? null : enumValue(evalString(c.attrs.get('protocol'), vars, diags), IPVS_SERVICE.protocol.values, 'protocol', diags) ?? (c.attrs.has('protocol') ? null : at<Protocol>(IPVS_SERVICE.protocol.default, inst.nameRange)),
    vip: fwmark ? null : canonicalAddress(evalString(c.attrs.get('address'), vars, diags), 'virtual server address', diags),
    port: fwmark ? null : evalInt(c.attrs.get('port'), vars, diags),
    fwmark,
    family: enumValue(evalString(c.attrs.get('family'), vars, diags), IPVS_SERVICE.family.values, 'address family', diags) as Located<Family> | null,
    vips,
    scheduler: evalString(c.attrs.get('scheduler'), vars, diags) ?? at(DEFAULT_SCHEDULER, inst.nameRange),
    schedulerFlags: evalStringList(c.attrs.get('scheduler_flags'), vars, diags) ?? [],
    persistence: null,
    onePacket: evalBool(c.attrs.get('one_packet'), vars, diags),
    forwarding: enumValue(evalString(c.attrs.get('forwarding'), vars, diags), FORWARDINGS, 'forwarding method', diags) ?? at(IPVS_DESTINATION.forwarding.default, inst.nameRange),
    drainTimeout: c.attrs.has('drain_timeout') ? parseDuration(c.attrs.get('drain_timeout')!, vars, diags) : null,
    backends: [],
    healthCheck: oneHealthCheck(blocksOf(c, 'health_check'), vars, diags),
    sorryServer: decodeSorryServer(blocksOf(c, 'sorry_server'), vars, diags),
    lifecycle: decodeLifecycle(blocksOf(c, 'lifecycle'), vars, diags),
  };
  const pers = blocksOf(c, 'persistence');
  if (pers.length > 1) diags.push(errorDiag('Duplicate persistence block', 'A virtual_server has at most one persistence block.', pers[1]!.typeRange));
  if (pers[0]) vs.persistence = decodePersistence(pers[0], vars, diags);
  vs.backends = decodeBackends(inst.body, c.blocks, vars, diags, shared);
  return vs;
}

function decodeBackends(body: Body, blocks: readonly Block[], vars: Vars, diags: Diagnostic[], shared: SharedBackends): BackendDecl[] {
  const known = shared.get(body);
  if (known) return known;
  const backends: BackendDecl[] = [];
  const before = diags.length;
  eachInstance(blocks, 'backend', vars, diags, (b) => backends.push(decodeBackend(b, diags)));
  if (known === undefined) shared.set(body, diags.length === before && instanceFree(blocks.filter(isBackend), vars) ? backends : null);
  return backends;
}

const isBackend = (b: Block): boolean => b.type === 'backend' || (b.type === 'dynamic' && b.labels[0]?.value === 'backend');

function decodePersistence(b: Block, vars: Vars, diags: Diagnostic[]): PersistenceDecl {
  const c = checkBody(b.body, PERSISTENCE, diags);
  const nm = c.attrs.get('netmask');
  let netmask: Located<string | number> | null = null;
  if (nm) {
    const v = evalExpr(nm.expr, vars, diags);
    if (typeof v === 'string' || typeof v === 'number') netmask = loc(v, nm, vars);
    else if (v !== undefined && v !== null)
      diags.push(errorDiag('Incorrect attribute value type', 'netmask is a dotted quad ("255.255.255.0") for IPv4 or a prefix length (64) for IPv4 or IPv6.', nm.expr.range));
  }
  const timeoutAttr = c.attrs.get('timeout');
  return {
    range: b.typeRange,
    timeout: (timeoutAttr ? parseDuration(timeoutAttr, vars, diags) : null) ?? at(DEFAULT_PERSISTENCE_TIMEOUT, b.typeRange),
    netmask,
    engine: evalString(c.attrs.get('engine'), vars, diags),
  };
}

export type { BlockInstance };
