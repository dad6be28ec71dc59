import type { HclValue } from '../../value.js';
import { convertValue, isAlreadyOf } from '../convert.js';
import { BOOL, NUMBER, STRING } from '../types.js';
import { graphemeCount, graphemePrefix, jsonString, toJson } from './json.js';

/**
 * Terraform's format(): printf-style verbs over HCL values (cty's stdlib format semantics).
 * Throws Error with cty's messages; the caller turns them into diagnostics.
 */

interface Verb {
  raw: string;
  offset: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  width: number;
  prec: number;
  /** The explicit argument index ([n]), if any. */
  index: number | undefined;
}

/** A format string read once: literal text, verbs, and where it stops being readable (an error thrown when reached). */
type Piece = string | Verb | { error: string };

const VERB = /^%([ +\-#0]*)(?:\[(\d+)\])?(\d*)(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%]?)/;

/** Format strings read so far: one written in the configuration is used once per instance of its block. */
const parsed = new Map<string, readonly Piece[]>();
const PARSED_MAX = 1000;

function piecesOf(format: string): readonly Piece[] {
  let pieces = parsed.get(format);
  if (pieces === undefined) {
    pieces = parseFormat(format);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(format, pieces);
  }
  return pieces;
}

function parseFormat(format: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      text += format.slice(i);
      break;
    }
    text += format.slice(i, pct);
    if (format[pct + 1] === '%') {
      text += '%';
      i = pct + 2;
      continue;
    }
    if (text !== '') pieces.push(text);
    text = '';
    const m = VERB.exec(format.slice(pct));
    if (!m || !m[6]) {
      pieces.push({ error: `invalid format string starting at offset ${pct}` });
      return pieces;
    }
    const [raw, flags = '', idx1, width, prec, idx2, mode = ''] = m;
    const idx = idx2 ?? idx1;
    pieces.push({
      raw, offset: pct, mode,
      zero: flags.includes('0'), sharp: flags.includes('#'), plus: flags.includes('+'),
      minus: flags.includes('-'), space: flags.includes(' '),
      width: width ? Number(width) : -1,
      prec: prec !== undefined ? Number(prec || '0') : -1,
      index: idx !== undefined ? Number(idx) : undefined,
    });
    i = pct + raw.length;
  }
  if (text !== '') pieces.push(text);
  return pieces;
}

export function formatString(format: string, args: HclValue[]): string {
  let out = '';
  let argNum = 1;
  let highest = 0;
  let verbs = 0;
  for (const p of piecesOf(format)) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    if ('error' in p) throw new Error(p.error);
    if (p.index !== undefined) argNum = p.index;
    if (argNum - 1 >= args.length) {
      throw new Error(`not enough arguments for ${JSON.stringify(p.raw)} at ${p.offset}: need index ${argNum} but have ${args.length} total`);
    }
    out += formatOne(p, args[argNum - 1]!);
    highest = Math.max(highest, argNum);
    argNum++;
    verbs++;
  }
  if (highest < args.length) {
    throw new Error(verbs === 0 ? 'too many arguments; no verbs in format string' : `too many arguments; only ${highest} used by format string`);
  }
  return out;
}

function converted(verb: Verb, arg: HclValue, type: typeof NUMBER): HclValue {
  if (isAlreadyOf(arg, type)) return arg;
  const c = convertValue(arg, type);
  if (!c.ok) throw new Error(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: ${c.error}`);
  return c.value;
}

function formatOne(verb: Verb, arg: HclValue): string {
  if (verb.mode !== 'v' && arg === null) {
    throw new Error(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  }
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return padWidth(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return padWidth(verb, formatG(arg, -1, 'e'));
      return padWidth(verb, toJson(arg));
    case 't':
      return converted(verb, arg, BOOL) ? 'true' : 'false';
    case 'b': case 'd': case 'o': case 'x': case 'X': {
      const n = converted(verb, arg, NUMBER) as number;
      if (!Number.isInteger(n)) {
        throw new Error(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: an integer is required`);
      }
      return formatInteger(verb, n);
    }
    case 'e': case 'E': case 'f': case 'g': case 'G':
      return formatFloat(verb, converted(verb, arg, NUMBER) as number);
    case 's': case 'q': {
      let s = converted(verb, arg, STRING) as string;
      if (verb.prec > 0) s = graphemePrefix(s, verb.prec);
      return padWidth(verb, verb.mode === 'q' ? jsonString(s) : s);
    }
    default:
      throw new Error(`unsupported format verb '${verb.mode}' in ${JSON.stringify(verb.raw)} at offset ${verb.offset}`);
  }
}

function padWidth(verb: Verb, s: string): string {
  const len = graphemeCount(s);
  if (verb.width < 0 || len >= verb.width) return s;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - len);
  return verb.minus ? s + pad : pad + s;
}

/** Go fmt padding for numbers: zeros go between the sign/prefix and the digits. */
function padNumber(verb: Verb, sign: string, prefix: string, digits: string, zeroAllowed: boolean): string {
  const body = sign + prefix + digits;
  if (verb.width < 0 || body.length >= verb.width) return body;
  const missing = verb.width - body.length;
  if (verb.minus) return body + ' '.repeat(missing);
  if (verb.zero && zeroAllowed) return sign + prefix + '0'.repeat(missing) + digits;
  return ' '.repeat(missing) + body;
}

function signOf(verb: Verb, negative: boolean): string {
  return negative ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
}

const INTEGER_BASE: Record<string, number> = { b: 2, d: 10, o: 8, x: 16, X: 16 };
const INTEGER_PREFIX: Record<string, string> = { b: '0b', d: '', o: '0', x: '0x', X: '0X' };

/** `n` an integer; its digits exact at any size (BigInt beyond 2^53, where a number's own text is rounded). */
function formatInteger(verb: Verb, n: number): string {
  const base = INTEGER_BASE[verb.mode]!;
  const negative = n < 0;
  const a = Math.abs(n);
  let digits = a <= Number.MAX_SAFE_INTEGER ? a.toString(base) : BigInt(a).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  if (verb.prec >= 0) digits = verb.prec === 0 && n === 0 ? '' : digits.padStart(verb.prec, '0');
  const prefix = verb.sharp ? INTEGER_PREFIX[verb.mode]! : '';
  return padNumber(verb, signOf(verb, negative), prefix, digits, verb.prec < 0);
}

function formatFloat(verb: Verb, n: number): string {
  const negative = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  const upper = verb.mode === 'E' || verb.mode === 'G';
  let digits: string;
  if (verb.mode === 'f') digits = fixed(a, verb.prec < 0 ? 6 : verb.prec);
  else if (verb.mode === 'e' || verb.mode === 'E') digits = exponential(a, verb.prec < 0 ? 6 : verb.prec, 'e');
  else digits = formatG(a, verb.prec, 'e');
  if (upper) digits = digits.toUpperCase();
  return padNumber(verb, signOf(verb, negative), '', digits, true);
}

function fixed(a: number, prec: number): string {
  if (a < 1e21) return a.toFixed(prec);
  return BigInt(Math.round(a)).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '');
}

/** Go's %e: at least two exponent digits. */
function exponential(a: number, prec: number | undefined, e: string): string {
  const s = prec === undefined ? a.toExponential() : a.toExponential(prec);
  const [mant, exp] = s.split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mant}${e}${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Go's %g (prec < 0 means shortest, which switches to exponent form from 1e+06 up). */
export function formatG(n: number, prec: number, e: string): string {
  const negative = n < 0;
  const a = Math.abs(n);
  if (a === 0) return negative ? '-0' : '0';
  const p = prec === 0 ? 1 : prec;
  const expForm = p < 0 ? a.toExponential() : a.toExponential(p - 1);
  const [mant, expText] = expForm.split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const x = Number(expText);
  const nd = digits.length;
  const dp = x + 1;
  let eprec = p;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (p < 0) eprec = 6;
  let body: string;
  if (x < -4 || x >= eprec) body = exponential(Number(`${digits[0]}.${digits.slice(1) || '0'}e${x}`), nd - 1, e);
  else body = (Number(`${digits}e${x - nd + 1}`)).toFixed(Math.max(nd - dp, 0));
  return (negative ? '-' : '') + body;
}
