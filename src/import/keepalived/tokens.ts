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
 * definitions (a trailing `\` continues a multi-line one) and `$NAME` / `${NAME}` substitution, and
 * `@ID` conditional lines, which are dropped with a warning since the converter has no config-id.
 */
export function lexKeepalived(path: string, files: SourceFiles, diags: Diagnostic[]): Lexed {
  const sources = new Map<string, string>();
  const defs = new Map<string, Definition>();
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
    const loc = new LineLocator(file, r.text);
    const raw = r.text.split('\n').map((l) => l.replace(/\r$/, ''));
    let pendingDef: { name: string; def: Definition } | null = null;
    for (let i = 0; i < raw.length; i++) {
      const lineNo = i + 1;
      const text = stripComment(raw[i]!);
      if (pendingDef) {
        const cont = /\\\s*$/.test(text);
        pendingDef.def.lines.push(text.replace(/\\\s*$/, '').trim());
        if (!cont) pendingDef = null;
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === '') continue;
      const def = /^\$([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(trimmed);
      if (def) {
        const body = def[2]!;
        const d: Definition = { lines: [body.replace(/\\\s*$/, '').trim()] };
        defs.set(def[1]!, d);
        if (/\\\s*$/.test(body)) pendingDef = { name: def[1]!, def: d };
        continue;
      }
      if (trimmed.startsWith('@')) {
        diags.push(warningDiag('Conditional line not converted', 'Lines starting with @ID apply only on the host whose keepalived config-id is ID; lvsplan cannot tell which host this is, so the line is skipped. Remove the @ID prefix or the line.', loc.lineRange(lineNo)));
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
