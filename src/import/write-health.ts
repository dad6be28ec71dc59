import type { ImportedHealthCheck, ImportedService } from './cluster.js';
import { attr, block, num, raw, str, strList, type HclItem, type HclText } from './hcl-writer.js';

const FIELDS: [keyof ImportedHealthCheck, string][] = [
  ['type', 'type'], ['port', 'port'], ['interval', 'interval'], ['timeout', 'timeout'], ['rise', 'rise'], ['fall', 'fall'],
  ['path', 'path'], ['host', 'host'], ['expectStatus', 'expect_status'], ['expectBody', 'expect_body'], ['command', 'command'],
];

function value(k: keyof ImportedHealthCheck, v: NonNullable<ImportedHealthCheck[keyof ImportedHealthCheck]>): HclText {
  if (k === 'expectStatus') {
    const codes = (v as string[]).map((c) => (/^\d+$/.test(c) ? c : JSON.stringify(c)));
    return raw(codes.length === 1 ? codes[0]! : `[${codes.join(', ')}]`);
  }
  if (k === 'command') return strList(v as string[]);
  return typeof v === 'number' ? num(v) : str(String(v));
}

/** A health_check block; with `inherited`, only what differs from it (a backend's block overrides what it writes). */
export function healthCheckBlock(h: ImportedHealthCheck, inherited: ImportedHealthCheck | null): HclItem {
  const items: HclItem[] = [];
  for (const [k, name] of FIELDS) {
    const v = h[k];
    if (v === null || (inherited && JSON.stringify(inherited[k]) === JSON.stringify(v))) continue;
    items.push(attr(name, value(k, v)));
  }
  return block('health_check', [], items);
}

/** keepalived's sorry_server / ldirectord's fallback: its port only for NAT (DR and TUN use the service port). */
export function sorryServerBlock(s: NonNullable<ImportedService['sorryServer']>, forwarding: string): HclItem {
  const items: HclItem[] = [attr('address', str(s.address))];
  if (forwarding === 'nat' && s.port !== null) items.push(attr('port', num(s.port)));
  return block('sorry_server', [], items);
}
