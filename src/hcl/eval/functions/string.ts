import type { HclValue } from '../../value.js';
import { ANY, listOf, STRING } from '../types.js';
import { argError, callError, fn, param, returningList, type HclFunction } from './function.js';
import { formatString } from './format-verbs.js';

const str = (name: string) => param(name, STRING);

/** Go regexp syntax to JavaScript: named groups and ${n} replacement references. */
function goRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'gu');
  } catch (err) {
    return callError(`invalid regular expression: ${(err as Error).message}`);
  }
}

const goReplacement = (s: string): string =>
  s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
  });

export const stringFunctions: Record<string, HclFunction> = {
  format: fn([str('format')], ([f, ...rest]) => formatString(f as string, rest), param('args', ANY, true)),

  formatlist: returningList(fn([str('format')], ([f, ...rest]) => {
    let len = -1;
    rest.forEach((a, i) => {
      if (!Array.isArray(a)) return;
      if (len >= 0 && a.length !== len) argError(i + 1, `argument ${i + 1} has length ${a.length}, which is inconsistent with argument ${rest.findIndex(Array.isArray) + 1} of length ${len}`);
      len = a.length;
    });
    const n = len < 0 ? 1 : len;
    const out: HclValue[] = [];
    for (let i = 0; i < n; i++) {
      const args = rest.map((a) => (Array.isArray(a) ? a[i]! : a));
      try {
        out.push(formatString(f as string, args));
      } catch (err) {
        callError(`error on format iteration ${i}: ${(err as Error).message}`);
      }
    }
    return out;
  }, param('args', ANY, true))),

  join: fn([str('separator')], ([sep, ...lists]) => {
    if (lists.length === 0) argError(1, 'at least one list is required');
    const items: string[] = [];
    lists.forEach((l, li) => {
      (l as HclValue[]).forEach((v, i) => {
        if (v === null) argError(li + 1, `element ${i} is null; cannot concatenate null values`);
        items.push(v as string);
      });
    });
    return items.join(sep as string);
  }, param('lists', listOf(STRING))),

  split: returningList(fn([str('separator'), str('str')], ([sep, s]) => (sep === '' ? Array.from(s as string) : (s as string).split(sep as string)))),
  lower: fn([str('str')], ([s]) => (s as string).toLowerCase()),
  upper: fn([str('str')], ([s]) => (s as string).toUpperCase()),
  trimspace: fn([str('str')], ([s]) => (s as string).trim()),
  replace: fn([str('str'), str('substr'), str('replace')], ([s, sub, rep]) => {
    const subStr = sub as string;
    if (subStr.length > 1 && subStr.startsWith('/') && subStr.endsWith('/')) {
      return (s as string).replace(goRegex(subStr.slice(1, -1)), goReplacement(rep as string));
    }
    return (s as string).split(subStr).join(rep as string);
  }),
};
