import { describe, expect, it } from 'vitest';
import type { HclValue } from '../../../src/hcl/value.js';
import { error, fcall, value } from './ast-builders.js';

const f = (name: string, ...args: HclValue[]) => value(fcall(name, ...args));
const fail = (name: string, ...args: HclValue[]) => error(fcall(name, ...args));

describe('format', () => {
  it('formats strings, integers and floats like Terraform', () => {
    expect(f('format', 'Hello, %s!', 'Ander')).toBe('Hello, Ander!');
    expect(f('format', 'There are %d lights', 4)).toBe('There are 4 lights');
    expect(f('format', '%.2f|%f', 3.14159, 2)).toBe('3.14|2.000000');
    expect(f('format', '%5d|%-5d|%05d|%+d', 42, 42, 42, 5)).toBe('   42|42   |00042|+5');
    expect(f('format', '%x %X %o %b %#x', 255, 255, 8, 5, 255)).toBe('ff FF 10 101 0xff');
    expect(f('format', '%e|%g|%.3g|%g', 1234.5678, 0.00001234, 1234.5, 100)).toBe('1.234568e+03|1.234e-05|1.23e+03|100');
    expect(f('format', '%t %%', 'true')).toBe('true %');
    expect(f('format', '%[2]s %[1]s', 'a', 'b')).toBe('b a');
    expect(f('format', '%5.1s|%-4s|', 'abc', 'x')).toBe('    a|x   |');
    expect(f('format', '%d', '12')).toBe('12');
  });

  it('renders %v by type and %#v and %q as JSON', () => {
    expect(f('format', '%v %v %v %v', 'str', 1.5, true, null)).toBe('str 1.5 true null');
    expect(f('format', '%v', 1000000)).toBe('1e+06');
    expect(f('format', '%v', { b: [1, 'x'], a: null })).toBe('{"a":null,"b":[1,"x"]}');
    expect(f('format', '%#v', 'a')).toBe('"a"');
    expect(f('format', '%q', 'a"b<')).toBe('"a\\"b\\u003c"');
  });

  it('reports bad verbs, argument counts and values', () => {
    expect(fail('format', '%d', 1.5).detail).toBe('Call to function "format" failed: unsupported value for "%d" at 0: an integer is required.');
    expect(fail('format', 'x %s').detail).toMatch(/not enough arguments for "%s" at 2: need index 1 but have 0 total/);
    expect(fail('format', 'x', 1).detail).toMatch(/too many arguments; no verbs in format string/);
    expect(fail('format', '%s', 'a', 'b').detail).toMatch(/too many arguments; only 1 used by format string/);
    expect(fail('format', '%s', null).detail).toMatch(/null value cannot be formatted/);
    expect(fail('format', '%y', 1).detail).toMatch(/unsupported format verb 'y'/);
    expect(fail('format', '%d', 'abc').detail).toMatch(/a number is required/);
  });

  it('reads a format string once and formats each call with its own arguments, in order', () => {
    expect(f('format', '%d-%s', 1, 'a')).toBe('1-a');
    expect(f('format', '%d-%s', 2, 'b')).toBe('2-b');
    for (let i = 0; i < 2; i++) {
      // The verb before the unreadable part is formatted first, so its error comes first.
      expect(fail('format', '%d %', 1.5).detail).toMatch(/unsupported value for "%d" at 0: an integer is required/);
      expect(fail('format', '%d %', 1).detail).toMatch(/invalid format string starting at offset 3/);
    }
  });

  it('writes integers exactly at any size', () => {
    expect(f('format', '%d|%d|%x', 2 ** 60, -(2 ** 53 + 2), 2 ** 53 + 2)).toBe('1152921504606846976|-9007199254740994|20000000000002');
    expect(f('format', '%d|%.0d|%+d', -0, 0, 0)).toBe('0||+0');
    expect(f('format', '%d', 1e21)).toBe('1000000000000000000000');
  });

  it('formatlist iterates lists in step', () => {
    expect(f('formatlist', '%s=%d', ['a', 'b'], [1, 2])).toEqual(['a=1', 'b=2']);
    expect(f('formatlist', '%s-%s', 'x', ['a', 'b'])).toEqual(['x-a', 'x-b']);
    expect(fail('formatlist', '%s%s', ['a'], ['b', 'c']).summary).toBe('Invalid function argument');
  });
});

describe('string functions', () => {
  it('joins, splits and changes case', () => {
    expect(f('join', ', ', ['a', 'b'], ['c'])).toBe('a, b, c');
    expect(f('join', '-', [1, 2])).toBe('1-2');
    expect(fail('join', '-', ['a', null]).detail).toMatch(/element 1 is null/);
    expect(f('split', ',', 'a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(f('split', ',', '')).toEqual(['']);
    expect(f('lower', 'HeLLo')).toBe('hello');
    expect(f('upper', 'héllo')).toBe('HÉLLO');
    expect(f('trimspace', '  \n x y \t')).toBe('x y');
  });

  it('replaces substrings and regular expressions', () => {
    expect(f('replace', '1 + 2 + 3', '+', '-')).toBe('1 - 2 - 3');
    expect(f('replace', 'hello world', '/w.*d/', 'everybody')).toBe('hello everybody');
    expect(f('replace', 'a-b', '/(\\w)-(\\w)/', '$2-${1}')).toBe('b-a');
    expect(f('replace', 'k=v', '/(?P<key>\\w)=(?P<val>\\w)/', '${val}=${key}')).toBe('v=k');
    expect(fail('replace', 'x', '/(/', 'y').summary).toBe('Error in function call');
  });
});

describe('collection functions', () => {
  it('measures length of strings (in characters), collections and objects', () => {
    expect(f('length', 'héllo')).toBe(5);
    expect(f('length', '👍🏽')).toBe(1);
    expect(f('length', [1, 2])).toBe(2);
    expect(f('length', { a: 1 })).toBe(1);
    expect(fail('length', 5).detail).toBe('Invalid value for "value" parameter: argument must be a string, a collection type, or a structural type.');
  });

  it('concatenates lists and merges maps', () => {
    expect(f('concat', [1], [2, 3], [])).toEqual([1, 2, 3]);
    expect(fail('concat', [1], 'x').detail).toMatch(/all arguments must be lists or tuples; got string/);
    expect(f('merge', { a: 1, b: 2 }, null, { b: 3, c: 4 })).toEqual({ a: 1, b: 3, c: 4 });
    expect(fail('merge', { a: 1 }, 'x').summary).toBe('Invalid function argument');
  });

  it('generates ranges with Terraform semantics', () => {
    expect(f('range', 3)).toEqual([0, 1, 2]);
    expect(f('range', 0)).toEqual([]);
    expect(f('range', 1, 4)).toEqual([1, 2, 3]);
    expect(f('range', 4, 1)).toEqual([4, 3, 2]);
    expect(f('range', -3)).toEqual([0, -1, -2]);
    expect(f('range', 1, 8, 2)).toEqual([1, 3, 5, 7]);
    expect(f('range', 10, 5, -2)).toEqual([10, 8, 6]);
    expect(f('range', 1, 3, 0.5)).toEqual([1, 1.5, 2, 2.5]);
    expect(fail('range', 1, 4, 0).detail).toMatch(/step must not be zero/);
    expect(fail('range', 1, 4, -1).summary).toBe('Invalid function argument');
    expect(fail('range', 0, 2000).detail).toMatch(/more than 1024 values were generated/);
  });

  it('looks up keys with and without defaults', () => {
    expect(f('lookup', { a: 'x' }, 'a')).toBe('x');
    expect(f('lookup', { a: 'x' }, 'b', 'dflt')).toBe('dflt');
    expect(fail('lookup', { a: 'x' }, 'b').detail).toMatch(/lookup failed to find key "b"/);
  });

  it('checks membership and lists keys and values in key order', () => {
    expect(f('contains', ['a', { b: 1 }], { b: 1 })).toBe(true);
    expect(f('contains', [1, 2], '1')).toBe(false);
    expect(f('keys', { b: 1, a: 2 })).toEqual(['a', 'b']);
    expect(f('values', { b: 1, a: 2 })).toEqual([2, 1]);
    expect(fail('keys', [1]).summary).toBe('Invalid function argument');
  });

  it('flattens, dedupes and picks elements', () => {
    expect(f('flatten', [[1, [2, []]], 3, [{ a: [4] }]])).toEqual([1, 2, 3, { a: [4] }]);
    expect(f('distinct', ['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
    expect(f('element', ['a', 'b', 'c'], 4)).toBe('b');
    expect(fail('element', ['a'], -1).detail).toMatch(/negative index/);
    expect(fail('element', [], 0).detail).toMatch(/empty list/);
  });

  it('coalesces to the first non-null, non-empty value', () => {
    expect(f('coalesce', null, '', 'b', 'c')).toBe('b');
    expect(f('coalesce', 1, 'a')).toBe('1');
    expect(fail('coalesce', null, '').detail).toMatch(/no non-null, non-empty-string arguments/);
  });
});

describe('conversion functions', () => {
  it('converts primitives and keeps null', () => {
    expect(f('tostring', 5)).toBe('5');
    expect(f('tostring', true)).toBe('true');
    expect(f('tostring', null)).toBeNull();
    expect(f('tonumber', '42.5')).toBe(42.5);
    expect(f('tobool', 'false')).toBe(false);
    expect(fail('tonumber', 'abc').detail).toMatch(/cannot convert "abc" to number/);
    expect(fail('tostring', [1]).detail).toBe('Invalid value for "v" parameter: cannot convert tuple to string.');
  });

  it('converts collections, unifying element types', () => {
    expect(f('toset', ['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(f('toset', [10, 2, 10])).toEqual([2, 10]);
    expect(f('tolist', ['a', 1, true])).toEqual(['a', '1', 'true']);
    expect(f('tomap', { a: 1, b: 'x' })).toEqual({ a: '1', b: 'x' });
    expect(fail('tolist', [1, true]).detail).toMatch(/all elements must have the same type/);
    expect(fail('tomap', ['a']).summary).toBe('Invalid function argument');
  });
});

describe('number functions', () => {
  it('computes min, max and abs', () => {
    expect(f('min', 3, 1, 2)).toBe(1);
    expect(f('max', 3, '7', 2)).toBe(7);
    expect(f('abs', -3.5)).toBe(3.5);
    expect(fail('max').summary).toBe('Error in function call');
  });
});

describe('cidr functions', () => {
  it('computes host addresses, counting negative numbers from the end', () => {
    expect(f('cidrhost', '10.12.112.0/20', 16)).toBe('10.12.112.16');
    expect(f('cidrhost', '10.12.112.0/20', 268)).toBe('10.12.113.12');
    expect(f('cidrhost', '10.0.0.7/24', -1)).toBe('10.0.0.255');
    expect(f('cidrhost', '10.0.0.0/24', -256)).toBe('10.0.0.0');
    expect(f('cidrhost', 'fd00:fd12:3456:7890:00a2::/72', 34)).toBe('fd00:fd12:3456:7890::22');
    expect(f('cidrhost', '2001:db8::/64', -1)).toBe('2001:db8::ffff:ffff:ffff:ffff');
    expect(fail('cidrhost', '10.0.0.0/24', 300).detail).toBe('Call to function "cidrhost" failed: prefix of 24 does not accommodate a host numbered 300.');
    expect(fail('cidrhost', '10.0.0.0/24', -257).summary).toBe('Error in function call');
    expect(fail('cidrhost', '10.0.0.0', 1).detail).toMatch(/invalid CIDR expression: invalid CIDR address: 10.0.0.0/);
    expect(fail('cidrhost', '10.0.0.0/33', 1).detail).toMatch(/invalid CIDR/);
  });

  it('computes netmasks for IPv4 only', () => {
    expect(f('cidrnetmask', '172.16.0.0/12')).toBe('255.240.0.0');
    expect(f('cidrnetmask', '10.0.0.0/0')).toBe('0.0.0.0');
    expect(f('cidrnetmask', '10.0.0.1/32')).toBe('255.255.255.255');
    expect(fail('cidrnetmask', 'fd00::/64').detail).toMatch(/IPv6 addresses cannot have a netmask: fd00::\/64/);
  });

  it('computes subnets', () => {
    expect(f('cidrsubnet', '172.16.0.0/12', 4, 2)).toBe('172.18.0.0/16');
    expect(f('cidrsubnet', '10.1.2.0/24', 4, 15)).toBe('10.1.2.240/28');
    expect(f('cidrsubnet', '10.1.2.9/24', 0, 0)).toBe('10.1.2.0/24');
    expect(f('cidrsubnet', 'fd00:fd12:3456:7890::/56', 16, 162)).toBe('fd00:fd12:3456:7800:a200::/72');
    expect(fail('cidrsubnet', '10.0.0.0/24', 4, 16).detail).toMatch(/prefix extension of 4 does not accommodate a subnet numbered 16/);
    expect(fail('cidrsubnet', '10.0.0.0/30', 3, 0).detail).toMatch(/insufficient address space to extend prefix of 30 by 3/);
  });

  it('computes consecutive subnets', () => {
    expect(f('cidrsubnets', '10.1.0.0/16', 4, 4, 8, 4)).toEqual(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']);
    expect(f('cidrsubnets', 'fd00:fd12:3456:7890::/56', 16, 16, 16, 32)).toEqual([
      'fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88',
    ]);
    expect(fail('cidrsubnets', '10.0.0.0/30', 1, 1, 1).detail).toMatch(/not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2\/31/);
    expect(fail('cidrsubnets', '10.0.0.0/24', 0).detail).toMatch(/must extend prefix by at least one bit/);
  });
});

describe('floor and ceil', () => {
  it('round towards minus and plus infinity', () => {
    expect(f('floor', 4.9)).toBe(4);
    expect(f('floor', -4.1)).toBe(-5);
    expect(f('ceil', 4.1)).toBe(5);
    expect(f('ceil', '4.1')).toBe(5);
  });
});
