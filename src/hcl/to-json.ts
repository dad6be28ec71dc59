import type { BlockNode, BodyNode } from './body-nodes.js';
import type { Diagnostic } from './diagnostic.js';
import type { ExprNode } from './expr-nodes.js';
import { canonicalNumberText } from './number-text.js';
import { parseFileEachBlock } from './parse.js';
import type { TemplatePartNode } from './template-nodes.js';

/** A JSON value in HCL's JSON form. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

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
  const out: JsonObject = {};
  const { file, diagnostics } = parseFileEachBlock(source, filename, (block) => conv.block(block, out));
  if (diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  const value = conv.finishBody(file.body, out);
  for (const d of convDiags) diagnostics.push(d);
  if (diagnostics.some((d) => d.severity === 'error')) return { value: null, diagnostics };
  return { value, diagnostics };
}

function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function sortedObject(entries: Array<[string, JsonValue]>): JsonObject {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: JsonObject = {};
  for (const [k, v] of entries) setKey(out, k, v);
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** hcl2json reads the source as UTF-8, where a lone surrogate (possible only in a malformed JS string) is U+FFFD. */
function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

function isPlainObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class JsonConverter {
  constructor(
    private readonly src: string,
    private readonly diags: Diagnostic[],
  ) {}

  /** Objects that group blocks by label; their keys need sorting like the body's own. */
  private readonly labelObjects = new Set<JsonObject>();

  body(body: BodyNode): JsonObject {
    const out: JsonObject = {};
    for (const block of body.blocks) this.block(block, out);
    return this.finishBody(body, out);
  }

  /** Adds the body's attributes to `out`, which already holds its converted blocks. */
  finishBody(body: BodyNode, out: JsonObject): JsonObject {
    for (const attr of body.attributes) setKey(out, attr.name, this.expr(attr.expr));
    return this.sortLabelTree(out);
  }

  /** Go's encoding/json writes map keys sorted; sort this object and the label objects under it. */
  private sortLabelTree(obj: JsonObject): JsonObject {
    const keys = Object.keys(obj);
    let sorted = true;
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1] > keys[i]) {
        sorted = false;
        break;
      }
    }
    for (const k of keys) {
      const v = obj[k];
      if (isPlainObject(v) && this.labelObjects.has(v)) setKey(obj, k, this.sortLabelTree(v));
    }
    if (sorted) return obj;
    return sortedObject(keys.map((k) => [k, obj[k]]));
  }

  block(block: BlockNode, root: JsonObject): void {
    let out = root;
    let key = block.type;
    for (const label of block.labels) {
      const existing = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
      if (existing === undefined) {
        const next: JsonObject = {};
        this.labelObjects.add(next);
        setKey(out, key, next);
        out = next;
      } else if (isPlainObject(existing)) {
        out = existing;
      } else {
        this.conflict(block);
        return;
      }
      key = label.value;
    }
    const value = this.body(block.body);
    const existing = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    if (existing === undefined) setKey(out, key, [value]);
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
        const entries: Array<[string, JsonValue]> = [];
        const index = new Map<string, number>();
        for (const item of e.items) {
          const key = item.bareKey || item.keyExpr.kind === 'ScopeTraversal' ? this.source(item.keyExpr) : this.stringPart(item.keyExpr);
          const value = this.expr(item.valueExpr);
          const at = index.get(key);
          if (at === undefined) {
            index.set(key, entries.length);
            entries.push([key, value]);
          } else {
            entries[at][1] = value;
          }
        }
        return sortedObject(entries);
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
