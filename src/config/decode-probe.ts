import type { Block } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { canonicalIp } from '../model/ip-address.js';
import { CHECK_LIMITS, type ProbeSpec } from '../model/health.js';
import { checkBody, requireLabels, schema } from './body-schema.js';
import { decodeConnection } from './decode-connection.js';
import { checkName } from './check-name.js';
import { evalExpr, evalInt, evalString, type Vars } from './eval-attr.js';
import { expectStatusOf } from './expect-status.js';
import { parseCheckDuration } from './health-duration.js';
import { INTERFACE_NAME } from '../model/names/interface-name.js';

const PROBE = schema(['url', 'tcp', 'requests', 'timeout', 'expect_status', 'expect_body', 'min_distinct'], ['connection', 'arp_check']);
const ARP_CHECK = schema(['vip', 'interface']);
const PROBE_URL = /^http:\/\/(\[[0-9A-Fa-f:.]+\]|[0-9.]+)(?::(\d{1,5}))?(\/[\x21-\x7e]*)?$/;
export const MAX_PROBE_REQUESTS = 1000;

/**
 * probe "name" { connection { ... }  url = "http://VIP/"  requests = 4  expect_body = "host!"  min_distinct = 2
 *                arp_check { vip = "...", interface = "eth0" } }: run after apply and by `lvsplan test`.
 */
export function decodeProbe(b: Block, vars: Vars, diags: Diagnostic[]): ProbeSpec | null {
  if (!requireLabels(b, ['name'], diags)) return null;
  const c = checkBody(b.body, PROBE, diags);
  const conns = c.blocks.filter((x) => x.type === 'connection');
  if (conns.length !== 1) {
    diags.push(errorDiag(conns.length === 0 ? 'Missing connection block' : 'Duplicate connection block', 'A probe runs from one host: give exactly one connection { } block (a client, not the director: in DR mode the director cannot reach its own VIP).', conns[1]?.typeRange ?? b.openBraceRange));
    return null;
  }
  const connection = decodeConnection(conns[0]!, vars, diags);
  const url = evalString(c.attrs.get('url'), vars, diags);
  const tcp = evalString(c.attrs.get('tcp'), vars, diags);
  if ((url === null) === (tcp === null)) {
    diags.push(errorDiag('Probe target', 'A probe needs exactly one of url = "http://VIP:port/path" or tcp = "VIP:port".', b.openBraceRange));
    return null;
  }
  let kind: ProbeSpec['kind'] = 'http';
  let address = '';
  let port = 80;
  let path = '/';
  if (url) {
    const m = PROBE_URL.exec(url.v);
    const ip = m ? canonicalIp(m[1]!.replace(/^\[|\]$/g, '')) : null;
    if (!m || ip === null || (m[2] && (Number(m[2]) < 1 || Number(m[2]) > 65535))) {
      diags.push(errorDiag('Invalid probe url', 'url is http://ADDRESS[:PORT][/path] with an IP address (the VIP); host names are not resolved and https is not probed.', url.r));
      return null;
    }
    address = ip;
    port = m[2] ? Number(m[2]) : 80;
    path = m[3] ?? '/';
  } else {
    kind = 'tcp';
    const m = /^(\[[0-9A-Fa-f:.]+\]|[0-9.]+):(\d{1,5})$/.exec(tcp!.v);
    const ip = m ? canonicalIp(m[1]!.replace(/^\[|\]$/g, '')) : null;
    if (!m || ip === null || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      diags.push(errorDiag('Invalid probe tcp address', 'tcp is "ADDRESS:PORT" ("[v6]:PORT" for IPv6).', tcp!.r));
      return null;
    }
    address = ip;
    port = Number(m[2]);
  }
  const requests = evalInt(c.attrs.get('requests'), vars, diags);
  if (requests && (requests.v < 1 || requests.v > MAX_PROBE_REQUESTS)) diags.push(errorDiag('Invalid requests', `requests must be between 1 and ${MAX_PROBE_REQUESTS}.`, requests.r));
  const minDistinct = evalInt(c.attrs.get('min_distinct'), vars, diags);
  const n = requests?.v ?? 4;
  if (minDistinct && (minDistinct.v < 1 || minDistinct.v > n)) diags.push(errorDiag('Invalid min_distinct', `min_distinct (distinct answers expected) must be between 1 and requests (${n}).`, minDistinct.r));
  if (minDistinct && kind === 'tcp') diags.push(errorDiag('Argument only for url probes', 'min_distinct compares answer bodies; a tcp probe only connects.', minDistinct.r));
  const status = c.attrs.get('expect_status');
  const expectStatus = status ? expectStatusOf(evalExpr(status.expr, vars, diags), status.expr.range, diags) : null;
  const body = evalString(c.attrs.get('expect_body'), vars, diags);
  if (body && (body.v === '' || /[\0\n\r]/.test(body.v))) diags.push(errorDiag('Invalid expect_body', 'expect_body is a non-empty substring of the answer on one line.', body.r));
  const timeout = parseCheckDuration(c.attrs.get('timeout'), vars, diags);
  const limits = CHECK_LIMITS.timeoutMs;
  if (timeout && (timeout.v < limits.min || timeout.v > limits.max)) diags.push(errorDiag('Invalid probe timeout', `timeout must be between ${limits.min}ms and ${limits.max / 1000}s.`, timeout.r));
  let arpCheck: ProbeSpec['arpCheck'] = null;
  const arp = c.blocks.filter((x) => x.type === 'arp_check');
  if (arp.length > 1) diags.push(errorDiag('Duplicate arp_check block', 'A probe has at most one arp_check.', arp[1]!.typeRange));
  if (arp[0]) {
    const ac = checkBody(arp[0].body, ARP_CHECK, diags);
    const vip = evalString(ac.attrs.get('vip'), vars, diags);
    const iface = evalString(ac.attrs.get('interface'), vars, diags);
    const vipIp = vip ? canonicalIp(vip.v) : address;
    if (vip && (vipIp === null || vipIp.includes(':'))) diags.push(errorDiag('Invalid arp_check vip', 'ARP is IPv4 only: vip must be an IPv4 address (IPv6 uses neighbour discovery).', vip.r));
    else if (!vip && address.includes(':')) diags.push(errorDiag('Invalid arp_check', 'ARP is IPv4 only; this probe targets an IPv6 address.', arp[0].typeRange));
    if (!iface) diags.push(errorDiag('Missing required argument', 'arp_check needs interface = "eth0": the probe host\'s interface facing the VIP.', arp[0].openBraceRange));
    else if (checkName(iface, INTERFACE_NAME, diags) && vipIp) arpCheck = { vip: vipIp, interface: iface.v };
  }
  if (!connection) return null;
  return {
    name: b.labels[0]!.value,
    connection,
    kind,
    url: url?.v ?? `${address}:${port}`,
    address,
    port,
    path,
    requests: n,
    timeoutMs: timeout?.v ?? 5000,
    expectStatus: expectStatus ?? [[200, 299]],
    expectBody: body?.v ?? null,
    ...(body?.sensitive ? { expectBodySensitive: true } : {}),
    minDistinct: minDistinct?.v ?? 1,
    arpCheck,
  };
}
