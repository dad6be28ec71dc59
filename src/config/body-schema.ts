import { suggest } from '../hcl/suggest.js';
import type { Attribute, Block, Body } from '../hcl/ast.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';

export interface BodySchema {
  attributes: ReadonlySet<string>;
  blocks: ReadonlySet<string>;
}

export const schema = (attributes: string[], blocks: string[] = []): BodySchema => ({
  attributes: new Set(attributes),
  blocks: new Set(blocks),
});

export interface CheckedBody {
  attrs: Map<string, Attribute>;
  blocks: Block[];
  /** The blocks by type, in source order. */
  byType: ReadonlyMap<string, readonly Block[]>;
}

const NO_BLOCKS: readonly Block[] = Object.freeze([]);

/** The checked body's blocks of one type (shared: do not change them), so a repeated block's instances make no lists. */
export function blocksOf(c: CheckedBody, type: string): readonly Block[] {
  return c.byType.get(type) ?? NO_BLOCKS;
}

/** By body and schema: a repeated block's body is checked once per instance, with the same outcome each time. */
const checked = new WeakMap<Body, Map<BodySchema, { body: Readonly<CheckedBody>; diags: readonly Diagnostic[] }>>();

/** Refuses arguments and blocks the schema does not know; returns the attributes by name (shared: do not change them). */
export function checkBody(body: Body, s: BodySchema, diags: Diagnostic[]): CheckedBody {
  let bySchema = checked.get(body);
  if (bySchema === undefined) checked.set(body, (bySchema = new Map()));
  let known = bySchema.get(s);
  if (known === undefined) {
    const own: Diagnostic[] = [];
    known = { body: checkBodyOnce(body, s, own), diags: own };
    bySchema.set(s, known);
  }
  for (const d of known.diags) diags.push(d);
  return known.body;
}

function checkBodyOnce(body: Body, s: BodySchema, diags: Diagnostic[]): CheckedBody {
  const attrs = new Map<string, Attribute>();
  for (const a of body.attributes) {
    if (!s.attributes.has(a.name)) {
      diags.push(
        errorDiag(
          'Unsupported argument',
          `An argument named ${JSON.stringify(a.name)} is not expected here.${suggest(a.name, s.attributes)}`,
          a.nameRange,
        ),
      );
      continue;
    }
    if (attrs.has(a.name)) {
      diags.push(errorDiag('Attribute redefined', `The argument ${JSON.stringify(a.name)} was already set. Each argument may be set only once.`, a.nameRange));
      continue;
    }
    attrs.set(a.name, a);
  }
  const blocks: Block[] = [];
  const byType = new Map<string, Block[]>();
  for (const b of body.blocks) {
    if (!s.blocks.has(b.type)) {
      diags.push(
        errorDiag(
          'Unsupported block type',
          `Blocks of type ${JSON.stringify(b.type)} are not expected here.${suggest(b.type, s.blocks)}`,
          b.typeRange,
        ),
      );
      continue;
    }
    blocks.push(b);
    const same = byType.get(b.type);
    if (same) same.push(b);
    else byType.set(b.type, [b]);
  }
  return { attrs, blocks, byType };
}

export function requireLabels(b: Block, names: string[], diags: Diagnostic[]): boolean {
  if (b.labels.length === names.length) return true;
  const want = names.length === 0 ? 'no labels' : names.map((n) => `"${n}"`).join(', ');
  diags.push(
    errorDiag(
      b.labels.length > names.length ? 'Extraneous label for ' + b.type : 'Missing name for ' + b.type,
      `A ${JSON.stringify(b.type)} block expects ${want === 'no labels' ? 'no labels' : 'the label(s) ' + want}.`,
      b.labels.length > names.length ? b.labels[names.length]!.range : b.typeRange,
    ),
  );
  return false;
}

export function requireAttr(c: CheckedBody, name: string, block: Block, diags: Diagnostic[], hint = ''): Attribute | null {
  const a = c.attrs.get(name);
  if (a) return a;
  diags.push(
    errorDiag('Missing required argument', `The argument ${JSON.stringify(name)} is required, but no definition was found.${hint}`, block.openBraceRange),
  );
  return null;
}

