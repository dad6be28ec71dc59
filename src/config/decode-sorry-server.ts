import type { Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import { checkBody, schema } from './body-schema.js';
import { canonicalAddress } from './decode-address.js';
import { FORWARDINGS } from './decode-backend.js';
import type { Forwarding } from './decl.js';
import { enumValue } from './enum-value.js';
import { evalInt, evalString, type Vars } from './eval-attr.js';
import type { Located } from './located.js';

const SORRY_SERVER = schema(['address', 'port', 'forwarding']);

export interface SorryServerDecl {
  range: Range;
  ip: Located<string> | null;
  port: Located<number> | null;
  forwarding: Located<Forwarding> | null;
}

/** sorry_server { address = "...", port = 8080 }: takes the traffic (weight 1) only while no backend is healthy. */
export function decodeSorryServer(blocks: readonly Block[], vars: Vars, diags: Diagnostic[]): SorryServerDecl | null {
  if (blocks.length === 0) return null;
  if (blocks.length > 1) diags.push(errorDiag('Duplicate sorry_server block', 'A virtual_server has at most one sorry_server.', blocks[1]!.typeRange));
  const b = blocks[0]!;
  const c = checkBody(b.body, SORRY_SERVER, diags);
  if (!c.attrs.has('address')) diags.push(errorDiag('Missing required argument', 'A sorry_server needs address = "..." (the server that answers while every backend is down).', b.openBraceRange));
  const port = evalInt(c.attrs.get('port'), vars, diags);
  if (port && (port.v < 1 || port.v > 65535)) diags.push(errorDiag('Invalid sorry_server port', 'The port must be between 1 and 65535.', port.r));
  return {
    range: b.typeRange,
    ip: canonicalAddress(evalString(c.attrs.get('address'), vars, diags), 'sorry server address', diags),
    port,
    forwarding: enumValue(evalString(c.attrs.get('forwarding'), vars, diags), FORWARDINGS, 'forwarding method', diags),
  };
}
