import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { canonicalIp } from '../model/ip-address.js';
import { quoted, withValue, type Located } from './located.js';

/** The canonical text of an IP address (as ip/ipvsadm print it), or a diagnostic. */
export function canonicalAddress(value: Located<string> | null, what: string, diags: Diagnostic[]): Located<string> | null {
  if (!value) return null;
  const c = canonicalIp(value.v);
  if (c !== null) return c === value.v ? value : withValue(value, c);
  const looksLikeCidr = /\/\d+$/.test(value.v);
  diags.push(
    errorDiag(
      'Invalid IP address',
      `${quoted(value)} is not a valid ${what}. Write a plain IPv4 address (192.0.2.10) or IPv6 address (2001:db8::10)${looksLikeCidr ? ', without a prefix length: lvsplan adds /32 or /128 itself' : ''}; host names are not resolved.`,
      value.r,
    ),
  );
  return null;
}
