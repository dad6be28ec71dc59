import type { Block } from '../hcl/ast.js';
import type { Range } from '../hcl/range.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { checkBody, requireLabels, schema } from './body-schema.js';
import { decodeConnection } from './decode-connection.js';
import { canonicalAddress } from './decode-address.js';
import type { DirectorDecl, RealServerDecl } from './decl.js';
import { evalBool, evalString, evalStringMap, type Vars } from './eval-attr.js';
import { at } from './located.js';

const DIRECTOR = schema(['interface', 'exclusive', 'bind_vips', 'sysctls'], ['connection']);
const REALSERVER = schema(['address', 'manage', 'arp_sysctls', 'sysctls'], ['connection']);

function connectionOf(b: Block, blocks: Block[], vars: Vars, diags: Diagnostic[], required: boolean) {
  const conns = blocks.filter((x) => x.type === 'connection');
  if (conns.length > 1) diags.push(errorDiag('Duplicate connection block', 'Only one connection block is allowed per host.', conns[1]!.typeRange));
  if (conns.length === 0) {
    if (required)
      diags.push(errorDiag('Missing connection block', `${b.type} ${JSON.stringify(b.labels[0]?.value)} needs a connection { host = "..." } block (or connection { type = "local" }) so lvsplan can reach it.`, b.openBraceRange));
    return null;
  }
  return decodeConnection(conns[0]!, vars, diags);
}

/** The range of the connection block's `command =` (exec connections), where its failures point. */
function commandRangeOf(blocks: Block[]): { commandRange?: Range } {
  const attr = blocks.find((x) => x.type === 'connection')?.body.attributes.find((a) => a.name === 'command');
  return attr ? { commandRange: attr.range } : {};
}

export function decodeDirector(b: Block, vars: Vars, diags: Diagnostic[]): DirectorDecl | null {
  if (!requireLabels(b, ['name'], diags)) return null;
  const c = checkBody(b.body, DIRECTOR, diags);
  const bindVips = evalBool(c.attrs.get('bind_vips'), vars, diags)?.v ?? true;
  const iface = evalString(c.attrs.get('interface'), vars, diags);
  if (!iface && bindVips && !c.attrs.has('interface'))
    diags.push(errorDiag('Missing required argument', 'A director needs interface = "eth0" (where its VIPs are bound), or bind_vips = false if something else binds them.', b.openBraceRange));
  return {
    name: b.labels[0]!.value,
    range: b.labels[0]!.range,
    connection: connectionOf(b, c.blocks, vars, diags, true),
    ...commandRangeOf(c.blocks),
    iface: iface ?? at('', b.range),
    exclusive: evalBool(c.attrs.get('exclusive'), vars, diags)?.v ?? false,
    bindVips,
    sysctls: evalStringMap(c.attrs.get('sysctls'), vars, diags),
  };
}

export function decodeRealServer(b: Block, vars: Vars, diags: Diagnostic[]): RealServerDecl | null {
  if (!requireLabels(b, ['name'], diags)) return null;
  const c = checkBody(b.body, REALSERVER, diags);
  const manage = evalBool(c.attrs.get('manage'), vars, diags)?.v ?? true;
  if (!c.attrs.has('address'))
    diags.push(errorDiag('Missing required argument', 'A realserver needs address = "..." (the address the director forwards to).', b.openBraceRange));
  return {
    name: b.labels[0]!.value,
    range: b.labels[0]!.range,
    address: canonicalAddress(evalString(c.attrs.get('address'), vars, diags), 'real server address', diags),
    connection: connectionOf(b, c.blocks, vars, diags, manage),
    ...commandRangeOf(c.blocks),
    manage,
    arpSysctls: evalBool(c.attrs.get('arp_sysctls'), vars, diags)?.v ?? true,
    sysctls: evalStringMap(c.attrs.get('sysctls'), vars, diags),
  };
}
