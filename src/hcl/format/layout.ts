import { Tok } from '../token.js';
import { bracketChange, endsLine, isComment, type FmtTokens } from './fmt-tokens.js';
import { spaceAfter } from './space-after.js';
import { tokenWidth } from './token-width.js';

/**
 * One source line split into hclwrite's cells: the lead (up to an attribute's "="), the assignment (the
 * "=" and a value that closes on this line) and a trailing comment. Indices are token indices; a cell
 * that is absent has start -1.
 */
interface Lines {
  count: number;
  start: Int32Array;
  /** End of the lead cell: the assignment's start, else the comment's, else the line's end. */
  leadEnd: Int32Array;
  assign: Int32Array;
  comment: Int32Array;
  end: Int32Array;
}

/**
 * Sets the spaces before every token to hclwrite's canonical layout (hclwrite format.go: indentation by
 * brackets opened per line, single spaces by token pairs, then "=" and trailing comments aligned across
 * runs of consecutive lines). Only whitespace changes.
 */
export function layoutTokens(t: FmtTokens): void {
  const lines = splitLines(t);
  indentLines(t, lines);
  spaceTokens(t, lines);
  alignCells(t, lines);
}

function splitLines(t: FmtTokens): Lines {
  const type = t.type;
  const n = t.length;
  let count = 1;
  for (let i = 0; i < n; i++) if (endsLine(type[i])) count++;
  const lines: Lines = {
    count,
    start: new Int32Array(count),
    leadEnd: new Int32Array(count),
    assign: new Int32Array(count).fill(-1),
    comment: new Int32Array(count).fill(-1),
    end: new Int32Array(count),
  };
  let li = 0;
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    if (type[i] === Tok.EOF) break;
    if (endsLine(type[i])) {
      lines.start[li] = lineStart;
      lines.end[li] = i + 1;
      lineStart = i + 1;
      li++;
    }
  }
  let last = lineStart;
  while (last < n && type[last] !== Tok.EOF) last++;
  lines.start[li] = lineStart;
  lines.end[li] = last;

  for (let l = 0; l < count; l++) {
    const s = lines.start[l];
    let e = lines.end[l];
    lines.leadEnd[l] = e;
    if (e === s) continue;
    if (e - s > 1 && isComment(type[e - 1])) {
      lines.comment[l] = e - 1;
      e--;
      lines.leadEnd[l] = e;
    }
    for (let i = s + 1; i < e; i++) {
      if (type[i] !== Tok.Equal) continue;
      let net = 0;
      for (let k = i; k < e; k++) net += bracketChange(type[k]);
      if (net === 0) {
        lines.assign[l] = i;
        lines.leadEnd[l] = i;
      }
      break;
    }
  }
  return lines;
}

function indentLines(t: FmtTokens, lines: Lines): void {
  const type = t.type;
  const spaces = t.spaces;
  const indents: number[] = [];
  for (let l = 0; l < lines.count; l++) {
    const s = lines.start[l];
    if (lines.end[l] === s) continue;
    if (type[s] === Tok.Newline) {
      spaces[s] = 0;
      continue;
    }
    let net = 0;
    const leadEnd = lines.leadEnd[l];
    for (let i = s; i < leadEnd; i++) {
      net += bracketChange(type[i]);
      if (type[i] === Tok.OHeredoc) break;
    }
    const a = lines.assign[l];
    if (a >= 0) {
      const assignEnd = lines.comment[l] >= 0 ? lines.comment[l] : lines.end[l];
      for (let i = a; i < assignEnd; i++) net += bracketChange(type[i]);
    }
    if (net > 0) {
      spaces[s] = 2 * indents.length;
      indents.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && indents.length > 0) {
      const top = indents[indents.length - 1];
      if (closed > top) {
        closed -= top;
        indents.pop();
      } else if (closed < top) {
        indents[indents.length - 1] = top - closed;
        closed = 0;
      } else {
        indents.pop();
        closed = 0;
      }
    }
    spaces[s] = 2 * indents.length;
  }
}

function spaceCell(t: FmtTokens, from: number, to: number): void {
  const type = t.type;
  const spaces = t.spaces;
  const src = t.src;
  for (let i = from; i < to - 1; i++) {
    const subject = type[i];
    const before = i > from ? type[i - 1] : Tok.Nil;
    const isIn = subject === Tok.Ident && t.end[i] - t.start[i] === 2 && t.start[i] >= 0 && src.startsWith('in', t.start[i]);
    spaces[i + 1] = spaceAfter(subject, before, type[i + 1], isIn) ? 1 : 0;
  }
}

function spaceTokens(t: FmtTokens, lines: Lines): void {
  for (let l = 0; l < lines.count; l++) {
    spaceCell(t, lines.start[l], lines.leadEnd[l]);
    const a = lines.assign[l];
    if (a >= 0) {
      t.spaces[a] = 1;
      spaceCell(t, a, lines.comment[l] >= 0 ? lines.comment[l] : lines.end[l]);
    }
  }
}

function columns(t: FmtTokens, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += t.spaces[i] + tokenWidth(t, i);
  return n;
}

function alignCells(t: FmtTokens, lines: Lines): void {
  const assignEnd = (l: number): number => (lines.comment[l] >= 0 ? lines.comment[l] : lines.end[l]);
  alignRuns(lines, lines.assign, (l) => columns(t, lines.start[l], lines.leadEnd[l]), (l, sp) => {
    t.spaces[lines.assign[l]] = sp;
  });
  alignRuns(lines, lines.comment, (l) => columns(t, lines.start[l], assignEnd(l)), (l, sp) => {
    t.spaces[lines.comment[l]] = sp;
  });
}

/** For each run of consecutive lines that have the cell, puts the cells one space past the widest line's text before them. */
function alignRuns(lines: Lines, cell: Int32Array, widthBefore: (l: number) => number, setSpaces: (l: number, spaces: number) => void): void {
  const widths: number[] = [];
  let runStart = -1;
  let max = 0;
  const close = (end: number): void => {
    for (let l = runStart; l < end; l++) setSpaces(l, max - widths[l - runStart] + 1);
    runStart = -1;
    max = 0;
    widths.length = 0;
  };
  for (let l = 0; l < lines.count; l++) {
    if (cell[l] < 0) {
      if (runStart >= 0) close(l);
      continue;
    }
    if (runStart < 0) runStart = l;
    const w = widthBefore(l);
    widths.push(w);
    if (w > max) max = w;
  }
  if (runStart >= 0) close(lines.count);
}
