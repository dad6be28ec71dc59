import type { Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { ConnectionSpec } from '../model/hosts.js';
import { checkBody, schema } from './body-schema.js';
import { evalInt, evalString, evalStringList, type Vars } from './eval-attr.js';
import { checkName } from './check-name.js';
import { SSH_HOST, SSH_USER } from './patterns.js';
import { parseDuration } from './duration.js';
import { bastionProblems } from '../transport/ssh-spec-check.js';

const CONNECTION = schema(['type', 'host', 'user', 'port', 'identity_file', 'bastion', 'timeout', 'command']);
export const DEFAULT_CONNECT_TIMEOUT = 10;

/** connection { type = "ssh" | "local" | "exec" ... }; ssh is the default type. */
export function decodeConnection(b: Block, vars: Vars, diags: Diagnostic[]): ConnectionSpec | null {
  const c = checkBody(b.body, CONNECTION, diags);
  const type = evalString(c.attrs.get('type'), vars, diags);
  const kind = type?.v ?? 'ssh';
  const only = (allowed: string[]): boolean => {
    let ok = true;
    for (const [name, a] of c.attrs) {
      if (name === 'type' || allowed.includes(name)) continue;
      diags.push(errorDiag('Argument not valid for this connection type', `${JSON.stringify(name)} applies only to other connection types; remove it for type = ${JSON.stringify(kind)}.`, a.nameRange));
      ok = false;
    }
    return ok;
  };
  if (kind === 'local') return only([]) ? { type: 'local' } : null;
  if (kind === 'exec') {
    if (!only(['command'])) return null;
    const cmd = evalStringList(c.attrs.get('command'), vars, diags);
    if (!cmd || cmd.length === 0) {
      diags.push(errorDiag('Missing exec command', 'An exec connection needs command = ["argv", "prefix"], e.g. ["ip", "netns", "exec", "rs1"].', c.attrs.get('command')?.expr.range ?? b.openBraceRange));
      return null;
    }
    if (cmd.some((x) => /[\n\r\0]/.test(x.v))) {
      diags.push(errorDiag('Invalid exec command', 'Command arguments must not contain line breaks or NUL bytes.', c.attrs.get('command')!.expr.range));
      return null;
    }
    return { type: 'exec', command: cmd.map((x) => x.v) };
  }
  if (kind !== 'ssh') {
    diags.push(errorDiag('Invalid connection type', `The connection type must be "ssh", "local" or "exec", not ${JSON.stringify(kind)}.`, type!.r));
    return null;
  }
  if (!only(['host', 'user', 'port', 'identity_file', 'bastion', 'timeout'])) return null;
  const host = evalString(c.attrs.get('host'), vars, diags);
  if (!host) {
    if (!c.attrs.has('host')) diags.push(errorDiag('Missing required argument', 'An ssh connection needs host = "address or ssh_config name".', b.openBraceRange));
    return null;
  }
  const spec: ConnectionSpec = { type: 'ssh', host: host.v, timeout: DEFAULT_CONNECT_TIMEOUT };
  if (!checkName(host, SSH_HOST, diags)) return null;
  const user = evalString(c.attrs.get('user'), vars, diags);
  if (user && checkName(user, SSH_USER, diags)) spec.user = user.v;
  const port = evalInt(c.attrs.get('port'), vars, diags);
  if (port) {
    if (port.v < 1 || port.v > 65535) diags.push(errorDiag('Invalid ssh port', 'The ssh port must be between 1 and 65535.', port.r));
    else spec.port = port.v;
  }
  const id = evalString(c.attrs.get('identity_file'), vars, diags);
  if (id) {
    if (id.v.startsWith('-') || /[\n\r\0]/.test(id.v)) diags.push(errorDiag('Invalid identity_file', 'The identity file path must not start with "-" or contain line breaks.', id.r));
    else spec.identityFile = id.v;
  }
  const bastion = evalString(c.attrs.get('bastion'), vars, diags);
  if (bastion) {
    const problems = bastionProblems(bastion.v);
    if (problems.length > 0) diags.push(errorDiag('Invalid bastion', `${problems.join('; ')}. The bastion is a ProxyJump value such as "user@jump:22" or "a@j1,j2:2222": hops of letters, digits and _ . - only.`, bastion.r));
    else spec.bastion = bastion.v;
  }
  const timeoutAttr = c.attrs.get('timeout');
  if (timeoutAttr) {
    const t = parseDuration(timeoutAttr, vars, diags);
    if (t !== null) {
      if (t.v < 1) diags.push(errorDiag('Invalid timeout', 'The connection timeout must be at least 1 second.', t.r));
      else spec.timeout = t.v;
    }
  }
  return spec;
}
