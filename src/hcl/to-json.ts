import type { AttributeNode, BlockNode, BodyNode } from './body-nodes.js';
import type { Diagnostic } from './diagnostic.js';
import type { ExprNode } from './expr-nodes.js';
import {
  groupValue, objectOf, setKey, type BlockGroup, type JsonObject, type JsonValue,
} from './json-object.js';
import { canonicalNumberText } from './number-text.js';
import { parseFileEachBlock } from './parse.js';
import type { TemplatePartNode } from './template-nodes.js';

export type { JsonValue } from './json-object.js';

/**
 * Parses HCL native syntax and converts the body to HCL's JSON form, the shape tmccombs/hcl2json
 * (and so hcl2-parser's parseToObject) produces: blocks nest by type and labels into arrays of bodies,
 * literal values stay values, other expressions become "${source text}" strings.
 * value is null when there are errors.
 */
export function parseHclToJson(source: string, filename: string): { value: JsonObject | null; diagnostics: Diagnostic[] } {
  // Top-level blocks are converted as the parser finishes each, so their AST is short-lived garbage.
  const convDiags: Diagnostic[] = [];
  const conv = new JsonConverter(source, convDiags);
  const groups = new Map<string, BlockGroup>();
  const { file, diagnostics } = parseFileEachBlock(source, filename, (block) => conv.block(groups, block));
  if (diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  const value = conv.finishBody(file.body.attributes, groups);
  for (const d of convDiags) diagnostics.push(d);
  if (diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  return { value, diagnostics };
}

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** hcl2json reads the source as UTF-8, where a lone surrogate (possible only in a malformed JS string) is U+FFFD. */
function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

function namesSorted(attrs: readonly AttributeNode[]): boolean {
  for (let i = 1; i < attrs.length; i++) if (attrs[i - 1].name > attrs[i].name) return false;
  return true;
}

class JsonConverter {
  constructor(
    private readonly src: string,
    private readonly diags: Diagnostic[],
  ) {}

  body(body: BodyNode): JsonObject {
    if (body.blocks.length === 0) return this.finishBody(body.attributes, null);
    const groups = new Map<string, BlockGroup>();
    for (const block of body.blocks) this.block(groups, block);
    return this.finishBody(body.attributes, groups);
  }

  /** The body's object: its attributes, and its blocks already gathered in `groups`; an attribute wins over blocks of its name. */
  finishBody(attrs: readonly AttributeNode[], groups: Map<string, BlockGroup> | null): JsonObject {
    if (groups === null || groups.size === 0) {
      const out: JsonObject = {};
      const ordered = namesSorted(attrs) ? attrs : [...attrs].sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const attr of ordered) setKey(out, attr.name, this.expr(attr.expr));
      return out;
    }
    const values = new Map<string, JsonValue>();
    for (const [key, group] of groups) values.set(key, groupValue(group));
    for (const attr of attrs) values.set(attr.name, this.expr(attr.expr));
    return objectOf(values);
  }

  /** Adds the block under its type and labels; a type used both with and without these labels is a conflict. */
  block(groups: Map<string, BlockGroup>, block: BlockNode): void {
    let level = groups;
    let key = block.type;
    for (const label of block.labels) {
      let next = level.get(key);
      if (next === undefined) {
        next = new Map();
        level.set(key, next);
      } else if (Array.isArray(next)) {
        this.conflict(block);
        return;
      }
      level = next;
      key = label.value;
    }
    const value = this.body(block.body);
    const existing = level.get(key);
    if (existing === undefined) level.set(key, [value]);
    else if (Array.isArray(existing)) existing.push(value);
    else this.conflict(block);
  }

  private conflict(block: BlockNode): void {
    this.diags.push({
      severity: 'error',
      summary: 'Unable to convert block to JSON',
      detail: `Blocks of type ${JSON.stringify(block.type)} are used both with and without these labels, which HCL's JSON form cannot represent.`,
      subject: block.typeRange,
    });
  }

  /** An expression's source text, as hcl2json copies it (with a ")" that directly follows). */
  private source(e: ExprNode): string {
    const end = this.src.charCodeAt(e.end) === 41 ? e.end + 1 : e.end;
    return wellFormed(this.src.slice(e.start, end));
  }

  private wrap(e: ExprNode): string {
    return '${' + this.source(e) + '}';
  }

  expr(e: ExprNode): JsonValue {
    switch (e.kind) {
      case 'LiteralValue':
        return e.value;
      case 'UnaryOp': {
        const v = e.operand;
        if (v.kind !== 'LiteralValue' || typeof v.value === 'string') return this.wrap(e);
        if (e.op === '-' && typeof v.value === 'number') return -v.value;
        if (e.op === '!' && typeof v.value === 'boolean') return !v.value;
        this.diags.push({
          severity: 'error',
          summary: 'Invalid operand',
          detail: `Unsuitable value for unary operand: ${e.op === '-' ? 'a number' : 'a bool'} is required.`,
          subject: v.range,
        });
        return null;
      }
      case 'Template':
        return this.parts(e.parts);
      case 'TemplateWrap':
        return this.expr(e.wrapped);
      case 'TupleCons':
        return e.exprs.map((x) => this.expr(x));
      case 'ObjectCons': {
        const values = new Map<string, JsonValue>();
        for (const item of e.items) {
          const key = item.bareKey || item.keyExpr.kind === 'ScopeTraversal' ? this.source(item.keyExpr) : this.stringPart(item.keyExpr);
          values.set(key, this.expr(item.valueExpr));
        }
        return objectOf(values);
      }
      default:
        return this.wrap(e);
    }
  }

  private parts(parts: TemplatePartNode[]): string {
    let out = '';
    for (const part of parts) out += this.part(part);
    return out;
  }

  private part(part: TemplatePartNode): string {
    switch (part.kind) {
      case 'TemplateLiteral':
        return part.value;
      case 'TemplateInterpolation':
        return this.stringPart(part.expr);
      case 'TemplateIf': {
        const whenFalse = part.else === null ? '' : this.parts(part.else);
        return this.conditional(this.source(part.condition), this.parts(part.then), whenFalse);
      }
      case 'TemplateFor': {
        const names = part.keyVar === null ? part.valueVar : `${part.keyVar}, ${part.valueVar}`;
        return `%{for ${names} in ${this.source(part.collection)}}${this.parts(part.body)}%{endfor}`;
      }
    }
  }

  private conditional(cond: string, whenTrue: string, whenFalse: string): string {
    return `%{if ${cond}}${whenTrue}${whenFalse.length > 0 ? '%{else}' + whenFalse : ''}%{endif}`;
  }

  /** An expression used as part of a string (hcl2json convertStringPart). */
  private stringPart(e: ExprNode): string {
    switch (e.kind) {
      case 'LiteralValue':
        if (typeof e.value === 'number') return canonicalNumberText(this.src.slice(e.start, e.end));
        return e.value === null ? 'null' : String(e.value);
      case 'Template':
        return this.parts(e.parts);
      case 'TemplateWrap':
        return this.stringPart(e.wrapped);
      case 'Conditional':
        return this.conditional(this.source(e.condition), this.stringPart(e.trueResult), this.stringPart(e.falseResult));
      default:
        return this.wrap(e);
    }
  }
}
