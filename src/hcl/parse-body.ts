import { AttributeNode, BlockNode, BodyNode, LabelNode } from './body-nodes.js';
import { EMPTY, type ItemStack } from './item-stack.js';
import { parseExpression } from './parse-expression.js';
import { parseQuotedLabel } from './parse-template.js';
import type { Peeker } from './peeker.js';
import { formatHclRange } from './range-text.js';
import { Tok } from './token.js';

const UNCLOSED_BLOCK_DETAIL =
  'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
const ARG_OR_BLOCK = 'Argument or block definition required';

function emptyBody(p: Peeker, start: number, end: number): BodyNode {
  return new BodyNode(p.loc, start, end, EMPTY, EMPTY, EMPTY);
}

/**
 * Parses body items until the `end` token (EOF for a file, "}" for a block), as hclsyntax ParseBody.
 * With `onBlock`, blocks are handed over as soon as they are parsed and left out of the returned body.
 */
export function parseBody(p: Peeker, end: number, onBlock?: (block: BlockNode) => void): BodyNode {
  const startTok = p.prevToken();
  const attrs = p.attrStack;
  const blocks = p.blockStack;
  const items = p.itemStack;
  const attrBase = attrs.length;
  const blockBase = blocks.length;
  const itemBase = items.length;
  let seen: Map<string, AttributeNode> | null = null;
  let endTok: number;
  for (;;) {
    const next = p.peek();
    const ty = p.type(next);
    if (ty === end) {
      endTok = next;
      p.read();
      break;
    }
    if (ty === Tok.Newline) {
      p.read();
      continue;
    }
    if (ty === Tok.Ident) {
      const item = parseBodyItem(p);
      if (item === null) continue;
      if (item.kind === 'Block') {
        if (onBlock !== undefined) {
          onBlock(item);
          continue;
        }
        blocks.push(item);
        items.push(item);
      } else {
        if (seen === null && attrs.length - attrBase >= LINEAR_SEEN_LIMIT) {
          seen = new Map();
          for (let i = attrBase; i < attrs.length; i++) seen.set(attrs.at(i).name, attrs.at(i));
        }
        const existing = seen !== null ? seen.get(item.name) : findAttribute(attrs, attrBase, item.name);
        if (existing !== undefined) {
          p.error('Attribute redefined',
            `The argument ${JSON.stringify(item.name)} was already set at ${formatHclRange(existing.nameRange)}. Each argument may be set only once.`,
            item.nameRange);
        } else {
          if (seen !== null) seen.set(item.name, item);
          attrs.push(item);
          items.push(item);
        }
      }
      continue;
    }
    const bad = p.read();
    if (!p.recovery) {
      if (p.type(bad) === Tok.OQuote) {
        p.error('Invalid argument name', 'Argument names must not be quoted.', p.range(bad));
      } else if (p.type(bad) === Tok.EOF) {
        const startRange = p.range(startTok);
        if (end === Tok.CBrace) p.error('Unclosed configuration block', UNCLOSED_BLOCK_DETAIL, startRange);
        else p.error('Unclosed configuration body', 'Found end of file before the end of this configuration body.', startRange);
      } else {
        p.error(ARG_OR_BLOCK, 'An argument or block definition is required here.', p.range(bad));
      }
    }
    endTok = p.prevToken();
    p.recover(end);
    break;
  }
  const bodyAttrs = attrs.take(attrBase);
  const bodyBlocks = blocks.take(blockBase);
  // Without blocks, the items are the attributes: the (immutable) lists are shared.
  let bodyItems: readonly (AttributeNode | BlockNode)[] = bodyAttrs;
  if (bodyBlocks.length > 0) bodyItems = items.take(itemBase);
  else items.drop(itemBase);
  return new BodyNode(p.loc, p.tstart(startTok), p.tend(endTok), bodyAttrs, bodyBlocks, bodyItems);
}

const LINEAR_SEEN_LIMIT = 8;

function findAttribute(attrs: ItemStack<AttributeNode>, from: number, name: string): AttributeNode | undefined {
  for (let i = from; i < attrs.length; i++) if (attrs.at(i).name === name) return attrs.at(i);
  return undefined;
}

function parseBodyItem(p: Peeker): AttributeNode | BlockNode | null {
  const ident = p.read();
  const next = p.peek();
  switch (p.type(next)) {
    case Tok.Equal:
      return finishAttribute(p, ident, false);
    case Tok.OQuote:
    case Tok.OBrace:
    case Tok.Ident:
      return finishBlock(p, ident);
    default:
      p.recoverAfterBodyItem();
      p.error(ARG_OR_BLOCK,
        'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        p.range(ident));
      return null;
  }
}

function parseSingleAttrBody(p: Peeker): BodyNode | null {
  const ident = p.read();
  if (p.type(ident) !== Tok.Ident) {
    p.recoverAfterBodyItem();
    p.error(ARG_OR_BLOCK, 'An argument or block definition is required here.', p.range(ident));
    return null;
  }
  const next = p.peek();
  switch (p.type(next)) {
    case Tok.Equal: {
      const attr = finishAttribute(p, ident, true);
      const attrs = [attr];
      return new BodyNode(p.loc, attr.start, attr.end, attrs, EMPTY, attrs);
    }
    case Tok.OQuote:
    case Tok.OBrace:
    case Tok.Ident:
      p.recoverAfterBodyItem();
      p.error('Argument definition required',
        `A single-line block definition can contain only a single argument. If you meant to define argument ${JSON.stringify(p.text(ident))}, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
        p.between(p.range(ident), p.range(next)));
      return null;
    default:
      p.recoverAfterBodyItem();
      p.error(ARG_OR_BLOCK,
        'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        p.range(ident));
      return null;
  }
}

function finishAttribute(p: Peeker, ident: number, singleLine: boolean): AttributeNode {
  const eq = p.read();
  const before = p.diags.length;
  const expr = parseExpression(p);
  const failed = p.diags.length > before;
  let endTok: number;
  if (p.recovery && failed) {
    endTok = p.prevToken();
    p.recoverAfterBodyItem();
  } else {
    endTok = p.prevToken();
    if (!singleLine) {
      const end = p.peek();
      if (p.type(end) !== Tok.Newline && p.type(end) !== Tok.EOF) {
        if (!p.recovery) {
          let summary = 'Missing newline after argument';
          let detail = 'An argument definition must end with a newline.';
          if (p.type(end) === Tok.Comma) {
            summary = 'Unexpected comma after argument';
            detail = 'Argument definitions must be separated by newlines, not commas. ' + detail;
          }
          p.error(summary, detail, p.range(end), p.between(p.range(ident), p.range(end)));
        }
        endTok = p.prevToken();
        p.recoverAfterBodyItem();
      } else {
        endTok = p.prevToken();
        p.read();
      }
    }
  }
  return new AttributeNode(p.loc, p.tstart(ident), p.tend(endTok), p.text(ident), expr, p.tstart(eq));
}

function finishBlock(p: Peeker, ident: number): BlockNode {
  const labelStack = p.labelStack;
  const labelBase = labelStack.length;
  let oBrace: number = -1;
  while (oBrace < 0) {
    const tok = p.peek();
    const ty = p.type(tok);
    if (ty === Tok.OBrace) {
      oBrace = p.read();
    } else if (ty === Tok.OQuote) {
      labelStack.push(parseQuotedLabel(p));
    } else if (ty === Tok.Ident) {
      p.read();
      labelStack.push(new LabelNode(p.loc, p.tstart(tok), p.tend(tok), p.text(tok), false));
    } else {
      const typeRange = p.range(ident);
      const ctx = p.between(typeRange, p.range(tok));
      if (p.type(tok) === Tok.Equal) {
        p.error('Invalid block definition',
          'The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
          p.range(tok), ctx);
      } else if (p.type(tok) === Tok.Newline) {
        p.error('Invalid block definition',
          'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
          p.range(tok), ctx);
      } else if (!p.recovery) {
        p.error('Invalid block definition',
          'Either a quoted string block label or an opening brace ("{") is expected here.', p.range(tok), ctx);
      }
      p.recoverAfterBodyItem();
      const s = p.tstart(ident);
      const e = p.tend(ident);
      return new BlockNode(p.loc, s, e, p.text(ident), labelStack.take(labelBase), emptyBody(p, s, e), s, e, s);
    }
  }
  const labels = labelStack.take(labelBase);
  let body: BodyNode | null;
  const afterOpen = p.peekType();
  if (afterOpen === Tok.Newline || afterOpen === Tok.EOF || afterOpen === Tok.CBrace) {
    body = parseBody(p, Tok.CBrace);
  } else {
    const bodyDiagsAt = p.diags.length;
    body = parseSingleAttrBody(p);
    const bodyDiags = p.diags.splice(bodyDiagsAt);
    const t = p.peek();
    switch (p.type(t)) {
      case Tok.CBrace:
        p.read();
        break;
      case Tok.Comma:
        p.error('Invalid single-argument block definition',
          'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
          p.range(t));
        p.recover(Tok.CBrace);
        break;
      case Tok.Newline:
        p.error('Invalid single-argument block definition',
          "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
          p.range(t));
        p.recover(Tok.CBrace);
        break;
      default:
        if (!p.recovery) {
          if (p.type(t) === Tok.EOF) {
            const openBraceRange = p.range(oBrace);
            p.error('Unclosed configuration block', UNCLOSED_BLOCK_DETAIL, openBraceRange, p.between(p.range(ident), openBraceRange));
          } else {
            p.error('Invalid single-argument block definition',
              'A single-line block definition must end with a closing brace immediately after its single argument definition.',
              p.range(t));
          }
        }
        p.recover(Tok.CBrace);
    }
    p.diags.push(...bodyDiags);
  }
  const closeTok = p.prevToken();
  const eol = p.peek();
  if (p.type(eol) === Tok.Newline || p.type(eol) === Tok.EOF) {
    p.read();
  } else {
    if (!p.recovery) {
      p.error('Missing newline after block definition', 'A block definition must end with a newline.',
        p.range(eol), p.between(p.range(ident), p.range(eol)));
    }
    p.recoverAfterBodyItem();
  }
  const closeEnd = p.tend(closeTok);
  if (body === null) body = emptyBody(p, p.tstart(oBrace), closeEnd);
  return new BlockNode(
    p.loc, p.tstart(ident), closeEnd, p.text(ident), labels, body, p.tstart(oBrace), p.tend(oBrace), p.tstart(closeTok),
  );
}
