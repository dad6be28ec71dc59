import { errorDiag, type Diagnostic } from '../../hcl/diagnostic.js';
import type { Token, TokenLine } from './tokens.js';

/** A keyword with its arguments and, when followed by `{ ... }`, its sub-statements. */
export interface Statement {
  keyword: Token;
  args: Token[];
  children: Statement[] | null;
}

/**
 * Builds the statement tree. A statement is the words up to the end of its line, `{` or `}`; a `{`
 * opens its block, which may start on the same line and closes with the matching `}`.
 */
export function parseStatements(lines: readonly TokenLine[], diags: Diagnostic[]): Statement[] {
  const root: Statement[] = [];
  const stack: { list: Statement[]; opener: Token | null }[] = [{ list: root, opener: null }];
  for (const line of lines) {
    let current: Statement | null = null;
    for (const t of line) {
      const top = stack[stack.length - 1]!;
      if (t.text === '{') {
        if (!current) {
          diags.push(errorDiag('Unexpected {', 'A block opens after a keyword, e.g. virtual_server 10.0.0.1 80 {.', t.range));
          current = { keyword: t, args: [], children: [] };
          top.list.push(current);
        }
        current.children = [];
        stack.push({ list: current.children, opener: current.keyword });
        current = null;
      } else if (t.text === '}') {
        if (stack.length === 1) diags.push(errorDiag('Unexpected }', 'This } closes no block.', t.range));
        else stack.pop();
        current = null;
      } else if (!current) {
        current = { keyword: t, args: [], children: null };
        top.list.push(current);
      } else current.args.push(t);
    }
  }
  for (const open of stack.slice(1))
    diags.push(errorDiag('Unclosed block', `The block of "${open.opener!.text}" has no closing }.`, open.opener!.range));
  return root;
}
