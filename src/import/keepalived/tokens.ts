import { errorDiag, warningDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Range } from '../../hcl/range.js';
import { LineLocator, type SourceFiles } from '../source-files.js';

export interface Token {
  text: string;
  range: Range;
}

/** One logical line of keepalived configuration: its words, `{` and `}` separate. */
export type TokenLine = Token[];

export interface Lexed {
  lines: TokenLine[];
  /** Every file read (for diagnostic snippets). */
  sources: Map<string, string>;
}

interface Definition {
  lines: string[];
}

const MAX_INCLUDE_DEPTH = 8;

/**
 * keepalived.conf's lexical layer (lib/parser.c): `#` and `!` comments outside double quotes (`\#`, `\!`
 * escape them), `include` with globs resolved against the including file's directory, `$NAME=value`
 * definitions (a trailing `\` continues a multi-line one) and `$NAME` / `${NAME}` substitution with the
 * pre-defined ${_PWD}, ${_HASH}, ${_BANG} and ${_INSTANCE}, and `@ID` / `@^ID` conditional lines, kept
 * as keepalived keeps them for `configId` (its -i); without one they are skipped with a warning.
 * Sequence and list blocks (~SEQ, ~LST), ${_ENV} and ${_RANDOM} are not expanded: warnings.
 */
export function lexKeepalived(path: string, files: SourceFiles, diags: Diagnostic[], configId?: string): Lexed {
  const sources = new Map<string, string>();
  const defs = new Map<string, Definition>([['_HASH', { lines: ['#'] }], ['_BANG', { lines: ['!'] }]]);
  if (configId !== undefined) defs.set('_INSTANCE', { lines: [configId] });
  const lines: TokenLine[] = [];
  readInto(path, undefined, 0);
  return { lines, sources };

  function readInto(file: string, from: Range | undefined, depth: number): void {
    const r = files.read(file);
    if ('error' in r) {
      diags.push(errorDiag('Cannot read keepalived configuration', `${file}: ${r.error}`, from));
      return;
    }
    sources.set(file, r.text);
    const outerPwd = defs.get('_PWD');
    defs.set('_PWD', { lines: [file.includes('/') ? file.slice(0, file.lastIndexOf('/')) || '/' : '.'] });
    readLines(file, r.text, depth);
    if (outerPwd) defs.set('_PWD', outerPwd);
  }

  function readLines(file: string, source: string, depth: number): void {
    const loc = new LineLocator(file, source);
    const raw = source.split('\n').map((l) => l.replace(/\r$/, ''));
    let pendingDef: { name: string; def: Definition } | null = null;
    for (let i = 0; i < raw.length; i++) {
      const lineNo = i + 1;
      let text = stripComment(raw[i]!);
      if (pendingDef) {
        const cont = /\\\s*$/.test(text);
        pendingDef.def.lines.push(text.replace(/\\\s*$/, '').trim());
        if (!cont) pendingDef = null;
        continue;
      }
      if (text.trim().startsWith('@')) {
        const kept = conditional(text, loc.lineRange(lineNo));
        if (kept === null) continue;
        text = kept;
      }
      const trimmed = text.trim();
      if (trimmed === '') continue;
      const skipped = notExpanded(trimmed, configId);
      if (skipped) {
        // The block the line opens goes with it, so the braces around it still pair up.
        let open = braces(text);
        const first = lineNo;
        while (open > 0 && i + 1 < raw.length) open += braces(stripComment(raw[++i]!));
        const range = i + 1 === first ? loc.lineRange(first) : { ...loc.lineRange(first), end: loc.lineRange(i + 1).end };
        diags.push(warningDiag(skipped.summary, skipped.detail, range));
        continue;
      }
      const def = /^\$([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(trimmed);
      if (def) {
        const body = def[2]!;
        const d: Definition = { lines: [body.replace(/\\\s*$/, '').trim()] };
        defs.set(def[1]!, d);
        if (/\\\s*$/.test(body)) pendingDef = { name: def[1]!, def: d };
        continue;
      }
      const toks = tokenize(text, lineNo, loc);
      const inc = toks[0] && /^include[a-z/]*$/.test(toks[0].text) ? toks[0] : null;
      if (inc) {
        includeFiles(file, inc, toks.slice(1), depth);
        continue;
      }
      for (const l of substitute(toks, defs)) if (l.length > 0) lines.push(l);
    }
  }

  /** The line with its @ID / @^ID prefix blanked (columns kept) when keepalived keeps it for configId, else null. */
  function conditional(text: string, at: Range): string | null {
    const m = /^(\s*)@(\^?)([^\s]*)[ \t]+\S/.exec(text);
    if (!m) return null;
    if (configId === undefined) {
      diags.push(warningDiag('Conditional line not converted', `Lines starting with @ID apply only on the host whose keepalived config-id is ID (@^ID: on every other host); say which host this is with -config-id=ID (keepalived's -i, by default the first part of its host name). Without it the line is skipped.`, at));
      return null;
    }
    if ((m[3] === configId) === (m[2] === '^')) return null;
    const prefix = m[1]!.length + 1 + m[2]!.length + m[3]!.length;
    return ' '.repeat(prefix) + text.slice(prefix);
  }

  function includeFiles(file: string, inc: Token, args: Token[], depth: number): void {
    if (args.length === 0) {
      diags.push(errorDiag('Missing include file', 'include needs a file name or glob pattern.', inc.range));
      return;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      diags.push(errorDiag('Includes nested too deeply', `Includes are followed ${MAX_INCLUDE_DEPTH} levels deep; is a file including itself?`, inc.range));
      return;
    }
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const a of args) {
      const pattern = a.text.startsWith('/') ? a.text : `${dir}${a.text}`;
      const matches = files.glob(pattern);
      if (matches.length === 0) diags.push(warningDiag('Include matched no file', `keepalived skips an include that matches nothing: ${pattern}`, a.range));
      for (const m of matches) readInto(m, a.range, depth + 1);
    }
  }
}

const braces = (text: string): number => (text.match(/\{/g)?.length ?? 0) - (text.match(/\}/g)?.length ?? 0);

/** Why a line is left out: constructs keepalived expands that the converter does not. */
function notExpanded(line: string, configId: string | undefined): { summary: string; detail: string } | null {
  if (/^~(SEQx?|LST)\(/.test(line))
    return { summary: 'Sequence block not converted', detail: 'keepalived repeats this line (and the block it opens) for each value of its ~SEQ/~LST variable; the converter does not expand them. Write the lines out, then convert.' };
  if (configId === undefined && /\$\{?_INSTANCE\b/.test(line))
    return { summary: '${_INSTANCE} not converted', detail: "${_INSTANCE} is keepalived's config-id (its -i, by default the first part of its host name); give it with -config-id=ID." };
  const pre = /\$\{_(ENV|RANDOM)\b/.exec(line);
  if (pre) return { summary: `\${_${pre[1]}} not converted`, detail: `\${_${pre[1]}} takes its value on the director when keepalived starts; write the value into the line, then convert.` };
  return null;
}

/** The text before an unquoted, unescaped `#` or `!`, with `\#` and `\!` unescaped. */
function stripComment(line: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && (line[i + 1] === '#' || line[i + 1] === '!')) {
      out += line[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === '!')) break;
    out += c;
  }
  return out;
}

function tokenize(text: string, lineNo: number, loc: LineLocator): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '{' || c === '}') {
      toks.push({ text: c, range: loc.range(lineNo, i, i + 1) });
      i++;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end;
      toks.push({ text: text.slice(i + 1, stop), range: loc.range(lineNo, start, stop + 1) });
      i = stop + 1;
      continue;
    }
    while (i < text.length && !/[\s{}]/.test(text[i]!)) i++;
    toks.push({ text: text.slice(start, i), range: loc.range(lineNo, start, i) });
  }
  return toks;
}

/** Replaces $NAME and ${NAME}; a line that is only a multi-line definition's name becomes its lines. */
function substitute(toks: Token[], defs: Map<string, Definition>): TokenLine[] {
  if (!toks.some((t) => t.text.includes('$'))) return [toks];
  const only = toks.length === 1 ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(toks[0]!.text) : null;
  const multi = only ? defs.get(only[1]!) : undefined;
  if (multi && multi.lines.length > 1) return multi.lines.map((l) => words(l, toks[0]!.range));
  const out: Token[] = [];
  for (const t of toks) {
    if (!t.text.includes('$')) {
      out.push(t);
      continue;
    }
    const replaced = t.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a?: string, b?: string) => {
      const d = defs.get((a ?? b)!);
      return d ? d.lines.join(' ') : m;
    });
    out.push(...words(replaced, t.range));
  }
  return [out];
}

function words(text: string, range: Range): Token[] {
  return text
    .split(/\s+|(?=[{}])|(?<=[{}])/)
    .filter((w) => w !== '')
    .map((w) => ({ text: w, range }));
}
