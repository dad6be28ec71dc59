import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import { parseIpAddress, type Family } from '../../model/ip-address.js';
import { servicePort } from '../service-ports.js';
import type { Setting } from './parse.js';

/** An address (or an IPv4 `->` range) and its port, as written at the start of a setting's value. */
export interface Endpoint {
  addresses: string[];
  family: Family;
  /** null where the port is left out (ldirectord then uses 0). */
  port: number | null;
}

const V4_OR_NAME = /^([^\s:[\]]+?)(?:->([^\s:[\]]+))?(?::([^\s:[\]]+))?$/;
const V6 = /^\[([^\]\s]*)\](?:->\[([^\]\s]*)\])?(?::([^\s:[\]]+))?$/;
const HOST_NAME = /^(?=.*[A-Za-z])[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const MAX_RANGE = 1024;

/**
 * ip|hostname[->ip|hostname][:port|service] ([v6] in brackets), the first word of s.value. ldirectord
 * resolves names on the director when it starts; the converter resolves service names as /etc/services
 * does and refuses host names (an error at the name: write the address), never guessing.
 */
export function readEndpoint(s: Setting, word: string, diags: Diagnostic[]): Endpoint | null {
  const m = V6.exec(word) ?? V4_OR_NAME.exec(word);
  if (!m) {
    diags.push(errorDiag('Invalid address', `${JSON.stringify(word)} is not ip[:port], hostname[:port] or [IPv6]:port.`, s.valuePart(0, word.length)));
    return null;
  }
  const offset = (part: string, from = 0): number => word.indexOf(part, from);
  const first = address(m[1]!, offset(m[1]!));
  const last = m[2] !== undefined ? address(m[2], offset(m[2], m[1]!.length)) : null;
  const port = m[3] !== undefined ? portOf(m[3], word.lastIndexOf(':') + 1) : null;
  if (!first || (m[2] !== undefined && !last) || port === undefined) return null;
  if (!last) return { addresses: [first.text], family: first.family, port };
  const range = ipv4Range(first, last);
  if (!range) {
    diags.push(errorDiag('Invalid address range', `A -> range takes two IPv4 addresses, upwards, at most ${MAX_RANGE} of them.`, s.valuePart(0, word.length)));
    return null;
  }
  return { addresses: range, family: 'inet', port };

  function address(text: string, at: number): { text: string; family: Family; bytes: Uint8Array } | null {
    const ip = parseIpAddress(text);
    if (ip) return ip;
    const where = s.valuePart(at, at + text.length);
    if (HOST_NAME.test(text))
      diags.push(errorDiag('Host name not converted', `ldirectord looks up ${JSON.stringify(text)} when it starts; lvsplan needs the address it stands for. Write the IP address instead (getent hosts ${text} on the director prints it).`, where));
    else diags.push(errorDiag('Invalid address', `${JSON.stringify(text)} is neither an IP address nor a host name.`, where));
    return null;
  }

  function portOf(text: string, at: number): number | null | undefined {
    const where = s.valuePart(at, at + text.length);
    if (/^\d+$/.test(text)) {
      if (Number(text) <= 65535) return Number(text);
      diags.push(errorDiag('Invalid port', `Port ${text} is out of range (0 to 65535).`, where));
      return undefined;
    }
    const n = servicePort(text);
    if (n !== null) return n;
    diags.push(errorDiag('Unknown service name', `${JSON.stringify(text)} is not a service name lvsplan knows (it knows the common ones of /etc/services, such as http, https, smtp, domain); write the port number.`, where));
    return undefined;
  }
}

function ipv4Range(first: { family: Family; bytes: Uint8Array }, last: { family: Family; bytes: Uint8Array }): string[] | null {
  if (first.family !== 'inet' || last.family !== 'inet') return null;
  const n = (b: Uint8Array): number => ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  const count = n(last.bytes) - n(first.bytes) + 1;
  if (count < 1 || count > MAX_RANGE) return null;
  return Array.from({ length: count }, (_, i) => {
    const x = n(first.bytes) + i;
    return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  });
}
