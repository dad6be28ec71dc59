import type { Block, Body } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { flat } from '../model/flat-string.js';
import type { Family } from '../model/ip-address.js';
import type { Protocol } from '../model/identity.js';
import { DEFAULT_PERSISTENCE_TIMEOUT, IPVS_DESTINATION, IPVS_SERVICE } from '../model/schema/index.js';
import { blocksOf, checkBody, schema, type CheckedBody } from './body-schema.js';
import { decodeBackend, FORWARDINGS, oneHealthCheck } from './decode-backend.js';
import { decodeLifecycle } from './decode-lifecycle.js';
import { decodeSorryServer } from './decode-sorry-server.js';
import { canonicalAddress } from './decode-address.js';
import type { BackendDecl, PersistenceDecl, VirtualServerDecl } from './decl.js';
import { instanceFree } from './instance-free.js';
import { collectReferences } from './references.js';
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

/**
 * What the instances of repeated virtual_servers share, for one configuration: their backends (SharedBackends) and,
 * by body, its first instance as decoded with the fields the other instances decode again (InstanceTemplate).
 */
export interface RepeatedDecodes {
  backends: SharedBackends;
  templates: Map<Body, InstanceTemplate | null>;
}

export const repeatedDecodes = (): RepeatedDecodes => ({ backends: new Map(), templates: new Map() });

/**
 * A repeated virtual_server's first instance, decoded without a diagnostic, and the fields its arguments that read
 * the instance decide. Every other argument and block (but the backends, shared apart) reads only var.* and local.*,
 * and functions are pure, so the other instances have the same values for them, and no diagnostic either.
 */
interface InstanceTemplate {
  decl: VirtualServerDecl;
  fields: readonly ArgumentField[];
}

interface FieldInputs {
  c: CheckedBody;
  inst: BlockInstance;
  diags: Diagnostic[];
}

/** A field of a virtual_server and the arguments it is decoded from. */
interface ArgumentField {
  args: readonly string[];
  decode(vs: VirtualServerDecl, x: FieldInputs): void;
}

/** The fields decoded from arguments, in the order they are decoded (and so diagnosed), after fwmark, which decides what some of them mean. */
const ARGUMENT_FIELDS: readonly ArgumentField[] = [
  {
    args: ['director', 'directors'],
    decode(vs, { c, inst, diags }) {
      const dirs: Located<string>[] = [];
      const one = evalString(c.attrs.get('director'), inst.vars, diags);
      if (one) dirs.push(one);
      const many = evalStringList(c.attrs.get('directors'), inst.vars, diags);
      if (many) dirs.push(...many);
      if (!c.attrs.has('director') && !c.attrs.has('directors'))
        diags.push(errorDiag('Missing required argument', 'A virtual_server needs director = "name" (or directors = [...]) naming the director(s) it runs on.', inst.block.openBraceRange));
      vs.directors = dirs;
    },
  },
  {
    args: ['vips'],
    decode(vs, { c, inst, diags }) {
      vs.vips = (evalStringList(c.attrs.get('vips'), inst.vars, diags) ?? []).map((v) => canonicalAddress(v, 'VIP', diags)).filter((v): v is Located<string> => v !== null);
    },
  },
  {
    args: ['protocol'],
    decode(vs, { c, inst, diags }) {
      vs.protocol = vs.fwmark ? null : enumValue(evalString(c.attrs.get('protocol'), inst.vars, diags), IPVS_SERVICE.protocol.values, 'protocol', diags) ?? (c.attrs.has('protocol') ? null : at<Protocol>(IPVS_SERVICE.protocol.default, inst.nameRange));
    },
  },
  {
    args: ['address'],
    decode(vs, { c, inst, diags }) {
      vs.vip = vs.fwmark ? null : canonicalAddress(evalString(c.attrs.get('address'), inst.vars, diags), 'virtual server address', diags);
    },
  },
  {
    args: ['port'],
    decode(vs, { c, inst, diags }) {
      vs.port = vs.fwmark ? null : evalInt(c.attrs.get('port'), inst.vars, diags);
    },
  },
  {
    args: ['family'],
    decode(vs, { c, inst, diags }) {
      vs.family = enumValue(evalString(c.attrs.get('family'), inst.vars, diags), IPVS_SERVICE.family.values, 'address family', diags) as Located<Family> | null;
    },
  },
  {
    args: ['scheduler'],
    decode(vs, { c, inst, diags }) {
      vs.scheduler = evalString(c.attrs.get('scheduler'), inst.vars, diags) ?? at(DEFAULT_SCHEDULER, inst.nameRange);
    },
  },
  {
    args: ['scheduler_flags'],
    decode(vs, { c, inst, diags }) {
      vs.schedulerFlags = evalStringList(c.attrs.get('scheduler_flags'), inst.vars, diags) ?? [];
    },
  },
  {
    args: ['one_packet'],
    decode(vs, { c, inst, diags }) {
      vs.onePacket = evalBool(c.attrs.get('one_packet'), inst.vars, diags);
    },
  },
  {
    args: ['forwarding'],
    decode(vs, { c, inst, diags }) {
      vs.forwarding = enumValue(evalString(c.attrs.get('forwarding'), inst.vars, diags), FORWARDINGS, 'forwarding method', diags) ?? at(IPVS_DESTINATION.forwarding.default, inst.nameRange);
    },
  },
  {
    args: ['drain_timeout'],
    decode(vs, { c, inst, diags }) {
      const a = c.attrs.get('drain_timeout');
      vs.drainTimeout = a ? parseDuration(a, inst.vars, diags) : null;
    },
  },
];

export function decodeVirtualServer(inst: BlockInstance, diags: Diagnostic[], shared: RepeatedDecodes): VirtualServerDecl {
  const vars = inst.vars;
  // A dynamic "virtual_server" block's content has no label: its instance is named by its labels (or key).
  const repeated = inst.key !== null && inst.block.labels.length > 0;
  const label = inst.block.labels[0]?.value ?? inst.name;
  // Flat: the address of each of its backends begins with it (resolve.ts).
  const address = flat(repeated ? `virtual_server.${label}[${JSON.stringify(inst.key)}]` : `virtual_server.${label}`);
  const c = checkBody(inst.body, VIRTUAL_SERVER, diags);
  const template = inst.binds === null ? undefined : shared.templates.get(inst.body);
  if (template) {
    const vs: VirtualServerDecl = { ...template.decl, address, range: inst.nameRange };
    const x: FieldInputs = { c, inst, diags };
    for (const f of template.fields) f.decode(vs, x);
    vs.backends = decodeBackends(inst.body, c.blocks, vars, diags, shared.backends);
    return vs;
  }
  const before = diags.length;
  const fwmark = evalInt(c.attrs.get('fwmark'), vars, diags);
  if (fwmark) for (const n of ['address', 'port', 'protocol'])
    if (c.attrs.has(n)) diags.push(errorDiag('Conflicting service identity', `A fwmark service is identified by its mark only; remove ${JSON.stringify(n)} (list the addresses the mark covers in vips = [...]).`, c.attrs.get(n)!.nameRange));
  if (!fwmark && !c.attrs.has('fwmark')) {
    for (const n of ['address', 'port'])
      if (!c.attrs.has(n)) diags.push(errorDiag('Missing required argument', `A virtual_server needs address and port (or fwmark = N); ${JSON.stringify(n)} is missing.`, inst.block.openBraceRange));
    for (const n of ['family', 'vips'])
      if (c.attrs.has(n)) diags.push(errorDiag('Argument only for fwmark services', `${JSON.stringify(n)} applies only to fwmark services; an address service takes its family and VIP from address.`, c.attrs.get(n)!.nameRange));
  }
  const vs: VirtualServerDecl = {
    address,
    range: inst.nameRange,
    directors: [],
    protocol: null,
    vip: null,
    port: null,
    fwmark,
    family: null,
    vips: [],
    scheduler: at(DEFAULT_SCHEDULER, inst.nameRange),
    schedulerFlags: [],
    persistence: null,
    onePacket: null,
    forwarding: at(IPVS_DESTINATION.forwarding.default, inst.nameRange),
    drainTimeout: null,
    backends: [],
    healthCheck: null,
    sorryServer: null,
    lifecycle: null,
  };
  const x: FieldInputs = { c, inst, diags };
  for (const f of ARGUMENT_FIELDS) f.decode(vs, x);
  vs.healthCheck = oneHealthCheck(blocksOf(c, 'health_check'), vars, diags);
  vs.sorryServer = decodeSorryServer(blocksOf(c, 'sorry_server'), vars, diags);
  vs.lifecycle = decodeLifecycle(blocksOf(c, 'lifecycle'), vars, diags);
  const pers = blocksOf(c, 'persistence');
  if (pers.length > 1) diags.push(errorDiag('Duplicate persistence block', 'A virtual_server has at most one persistence block.', pers[1]!.typeRange));
  if (pers[0]) vs.persistence = decodePersistence(pers[0], vars, diags);
  vs.backends = decodeBackends(inst.body, c.blocks, vars, diags, shared.backends);
  if (inst.binds !== null && !shared.templates.has(inst.body)) shared.templates.set(inst.body, diags.length === before ? templateOf(vs, c, inst) : null);
  return vs;
}

/** The template the first instance makes (see InstanceTemplate), or null when its blocks or fwmark read the instance. */
function templateOf(vs: VirtualServerDecl, c: CheckedBody, inst: BlockInstance): InstanceTemplate | null {
  // var and local are what an instance reads when its repetition binds one of these names.
  if (inst.binds === 'var' || inst.binds === 'local') return null;
  if (!instanceFree(c.blocks.filter((b) => !isBackend(b)), inst.vars)) return null;
  const reading = new Set<string>();
  for (const [name, a] of c.attrs) if (collectReferences(a.expr).some((r) => r.root !== 'var' && r.root !== 'local')) reading.add(name);
  if (reading.has('fwmark')) return null;
  return { decl: vs, fields: ARGUMENT_FIELDS.filter((f) => f.args.some((a) => reading.has(a))) };
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
