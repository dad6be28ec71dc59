import { CHECK_LIMITS } from '../model/health.js';
import { canonicalIp } from '../model/ip-address.js';
import { MAX_PROBE_REQUESTS } from '../config/decode-probe.js';
import { HOST_NAME } from '../config/patterns.js';
import { isValidName } from '../model/names/name-rule.js';
import { INTERFACE_NAME } from '../model/names/interface-name.js';
import { connectionProblems } from '../transport/connection-check.js';

const PATH = /^\/[\x21-\x7e]*$/;
const int = (v: unknown, lo: number, hi: number): boolean => Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi;
const canonical = (v: unknown): boolean => typeof v === 'string' && canonicalIp(v) === v;

/**
 * Problems with a probe a saved plan carries: it runs on its own connection after the apply, so it
 * is held to the values decode-probe.ts lets through. Empty when it may run.
 */
export function probeProblems(p: unknown): string[] {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return ['the probe is not an object'];
  const o = p as Record<string, unknown>;
  const out: string[] = [];
  if (typeof o.name !== 'string' || !isValidName(HOST_NAME, o.name)) out.push(`${JSON.stringify(o.name)} is not a valid probe name`);
  out.push(...connectionProblems(o.connection).map((x) => `connection: ${x}`));
  if (o.kind !== 'http' && o.kind !== 'tcp') out.push(`kind ${JSON.stringify(o.kind)} is not http or tcp`);
  if (typeof o.url !== 'string' || /[\0-\x1f]/.test(o.url)) out.push('"url" is not a one-line string');
  if (!canonical(o.address)) out.push('"address" is not an IP address');
  if (!int(o.port, 1, 65535)) out.push('"port" is not between 1 and 65535');
  if (typeof o.path !== 'string' || !PATH.test(o.path)) out.push('"path" is not a request path');
  if (!int(o.requests, 1, MAX_PROBE_REQUESTS)) out.push(`"requests" is not between 1 and ${MAX_PROBE_REQUESTS}`);
  if (!int(o.minDistinct, 1, typeof o.requests === 'number' ? o.requests : 0)) out.push('"minDistinct" is not between 1 and "requests"');
  if (!int(o.timeoutMs, CHECK_LIMITS.timeoutMs.min, CHECK_LIMITS.timeoutMs.max)) out.push('"timeoutMs" is out of range');
  const { min, max } = CHECK_LIMITS.expectStatus;
  if (!Array.isArray(o.expectStatus) || o.expectStatus.length === 0 || !o.expectStatus.every((r) => Array.isArray(r) && r.length === 2 && int(r[0], min, max) && int(r[1], r[0] as number, max)))
    out.push('"expectStatus" is not a list of status ranges');
  if (o.expectBody !== null && (typeof o.expectBody !== 'string' || o.expectBody === '' || /[\0\n\r]/.test(o.expectBody))) out.push('"expectBody" is not a one-line substring');
  const arp = o.arpCheck as Record<string, unknown> | null;
  if (arp !== null && (typeof arp !== 'object' || !canonical(arp.vip) || String(arp.vip).includes(':') || typeof arp.interface !== 'string' || INTERFACE_NAME.reason(arp.interface) !== null))
    out.push('"arpCheck" needs an IPv4 vip and an interface name');
  return out;
}
