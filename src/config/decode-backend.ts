import type { Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { IPVS_DESTINATION } from '../model/schema/index.js';
import { blocksOf, checkBody, schema } from './body-schema.js';
import { canonicalAddress } from './decode-address.js';
import type { BackendDecl, Forwarding, TunnelDecl } from './decl.js';
import { enumValue } from './enum-value.js';
import { evalInt, evalString, type Vars } from './eval-attr.js';
import { at } from './located.js';
import { decodeHealthCheck } from './decode-health-check.js';
import { decodeLifecycle } from './decode-lifecycle.js';
import type { BlockInstance } from './repetition.js';

const BACKEND = schema(['for_each', 'realserver', 'address', 'weight', 'upper_threshold', 'lower_threshold', 'port', 'forwarding'], ['tunnel', 'health_check', 'lifecycle']);
const TUNNEL = schema(['type', 'port', 'checksum']);
export const FORWARDINGS: readonly Forwarding[] = IPVS_DESTINATION.forwarding.values;

export function decodeBackend(inst: BlockInstance, diags: Diagnostic[]): BackendDecl {
  const vars = inst.vars;
  const c = checkBody(inst.body, BACKEND, diags);
  const ip = canonicalAddress(evalString(c.attrs.get('address'), vars, diags), 'backend address', diags);
  let realserver = evalString(c.attrs.get('realserver'), vars, diags);
  if (!realserver && !c.attrs.has('address')) realserver = at(inst.name, inst.nameRange);
  if (realserver && c.attrs.has('address'))
    diags.push(errorDiag('Conflicting backend target', 'Give either realserver = "name" (a declared realserver) or address = "..." (an unmanaged backend), not both.', c.attrs.get('address')!.nameRange));
  const tunnels = blocksOf(c, 'tunnel');
  if (tunnels.length > 1) diags.push(errorDiag('Duplicate tunnel block', 'A backend has at most one tunnel block.', tunnels[1]!.typeRange));
  return {
    name: inst.name,
    range: inst.nameRange,
    realserver,
    ip,
    weight: evalInt(c.attrs.get('weight'), vars, diags),
    upper: evalInt(c.attrs.get('upper_threshold'), vars, diags),
    lower: evalInt(c.attrs.get('lower_threshold'), vars, diags),
    port: evalInt(c.attrs.get('port'), vars, diags),
    forwarding: enumValue(evalString(c.attrs.get('forwarding'), vars, diags), FORWARDINGS, 'forwarding method', diags),
    tunnel: tunnels[0] ? decodeTunnel(tunnels[0], vars, diags) : null,
    healthCheck: oneHealthCheck(blocksOf(c, 'health_check'), vars, diags),
    lifecycle: decodeLifecycle(blocksOf(c, 'lifecycle'), vars, diags),
  };
}

function decodeTunnel(b: Block, vars: Vars, diags: Diagnostic[]): TunnelDecl {
  const c = checkBody(b.body, TUNNEL, diags);
  return {
    range: b.typeRange,
    type: enumValue(evalString(c.attrs.get('type'), vars, diags), IPVS_DESTINATION.tunnel_type.values, 'tunnel type', diags),
    port: evalInt(c.attrs.get('port'), vars, diags),
    checksum: enumValue(evalString(c.attrs.get('checksum'), vars, diags), IPVS_DESTINATION.tunnel_checksum.values, 'tunnel checksum', diags),
  };
}

/** The health_check blocks of a body: at most one. */
export function oneHealthCheck(hc: readonly Block[], vars: Vars, diags: Diagnostic[]) {
  if (hc.length > 1) diags.push(errorDiag('Duplicate health_check block', 'A block has at most one health_check.', hc[1]!.typeRange));
  return hc[0] ? decodeHealthCheck(hc[0], vars, diags) : null;
}
