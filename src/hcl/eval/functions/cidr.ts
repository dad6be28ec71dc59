import { parseIPv4, parseIPv6, formatIPv4, formatIPv6 } from '../../../model/ip-address.js';
import { NUMBER, STRING } from '../types.js';
import { argError, callError, fn, param, returningList, type HclFunction } from './function.js';

/** A parsed CIDR prefix: the network address as a BigInt, its length and the address width. */
interface Prefix {
  network: bigint;
  length: number;
  bits: 32 | 128;
}

/** Parses "addr/len" as Go's net.ParseCIDR does; the host bits are cleared. */
function parseCidr(text: string): Prefix {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? '' : text.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const bytes = v4 ?? parseIPv6(addr);
  const bits = v4 ? 32 : 128;
  if (!bytes || !/^\d{1,3}$/.test(lenText) || Number(lenText) > bits) {
    return callError(`invalid CIDR expression: invalid CIDR address: ${text}`);
  }
  const length = Number(lenText);
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const hostBits = BigInt(bits - length);
  return { network: (value >> hostBits) << hostBits, length, bits };
}

function formatAddress(value: bigint, bits: 32 | 128): string {
  const bytes = new Uint8Array(bits / 8);
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bits === 32 ? formatIPv4(bytes) : formatIPv6(bytes);
}

function wholeBig(n: number, argIndex: number): bigint {
  if (!Number.isInteger(n)) argError(argIndex, 'value must be a whole number');
  return BigInt(n);
}

/** go-cidr HostBig: negative host numbers count back from the end of the range. */
function host(p: Prefix, num: bigint): string {
  const hostLen = BigInt(p.bits - p.length);
  const maxHost = (1n << hostLen) - 1n;
  const offset = num < 0n ? -num - 1n : num;
  if (offset > maxHost) callError(`prefix of ${p.length} does not accommodate a host numbered ${num}`);
  const hostNum = num < 0n ? maxHost - offset : num;
  return formatAddress(p.network | hostNum, p.bits);
}

function subnet(p: Prefix, newBits: number, num: bigint): Prefix {
  const length = p.length + newBits;
  if (newBits < 0 || length > p.bits) callError(`insufficient address space to extend prefix of ${p.length} by ${newBits}`);
  const maxNet = (1n << BigInt(newBits)) - 1n;
  if (num < 0n || num > maxNet) callError(`prefix extension of ${newBits} does not accommodate a subnet numbered ${num}`);
  return { network: p.network | (num << BigInt(p.bits - length)), length, bits: p.bits };
}

const showPrefix = (p: Prefix): string => `${formatAddress(p.network, p.bits)}/${p.length}`;

function subnets(base: Prefix, newBits: number[]): string[] {
  const out: string[] = [];
  let next = base.network;
  const end = base.network + (1n << BigInt(base.bits - base.length));
  newBits.forEach((nb, i) => {
    if (!Number.isInteger(nb)) argError(i + 1, 'value must be a whole number');
    if (nb < 1) argError(i + 1, 'must extend prefix by at least one bit');
    if (nb > 32) argError(i + 1, 'may not extend prefix by more than 32 bits');
    const length = base.length + nb;
    if (length > base.bits) {
      argError(i + 1, `would extend prefix to ${length} bits, which is too long for an ${base.bits === 32 ? 'IPv4' : 'IPv6'} address`);
    }
    const size = 1n << BigInt(base.bits - length);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end) {
      const prev = out.length > 0 ? out[out.length - 1]! : showPrefix({ network: base.network - size < 0n ? 0n : base.network - size, length, bits: base.bits });
      argError(i + 1, `not enough remaining address space for a subnet with a prefix of ${length} bits after ${prev}`);
    }
    out.push(showPrefix({ network: start, length, bits: base.bits }));
    next = start + size;
  });
  return out;
}

export const cidrFunctions: Record<string, HclFunction> = {
  cidrhost: fn([param('prefix', STRING), param('hostnum', NUMBER)], ([prefix, num]) =>
    host(parseCidr(prefix as string), wholeBig(num as number, 1))),

  cidrnetmask: fn([param('prefix', STRING)], ([prefix]) => {
    const p = parseCidr(prefix as string);
    if (p.bits !== 32) callError(`IPv6 addresses cannot have a netmask: ${prefix as string}`);
    const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - p.length)) - 1n);
    return formatAddress(mask, 32);
  }),

  cidrsubnet: fn([param('prefix', STRING), param('newbits', NUMBER), param('netnum', NUMBER)], ([prefix, nb, num]) => {
    const newBits = Number(wholeBig(nb as number, 1));
    return showPrefix(subnet(parseCidr(prefix as string), newBits, wholeBig(num as number, 2)));
  }),

  cidrsubnets: returningList(fn([param('prefix', STRING)], ([prefix, ...nbs]) => subnets(parseCidr(prefix as string), nbs as number[]), param('newbits', NUMBER))),
};
