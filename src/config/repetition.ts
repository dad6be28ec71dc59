import type { Attribute, Block, Body, Expression } from '../hcl/ast.js';
import { quickValue } from '../hcl/eval/index.js';
import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import type { Range } from '../hcl/range.js';
import { isHclObject, type HclValue } from '../hcl/value.js';
import { blocksOf, checkBody, schema } from './body-schema.js';
import { isSetValue } from '../hcl/eval/values.js';
import { evalExpr, evalStringValues, type Vars } from './eval-attr.js';
import { isSensitiveExpr } from './sensitivity.js';

/**
 * One block after for_each / dynamic expansion: its body, its name, and the names its expressions may use.
 * A repeated block's instances share one scope, rebound for each instance: `vars` holds this instance's
 * each / iterator only until the callback that received it returns.
 */
export interface BlockInstance {
  block: Block;
  body: Body;
  /** The label (static block) or the for_each key / first dynamic label. */
  name: string;
  nameRange: Range;
  /** The for_each key, when the block was repeated. */
  key: string | null;
  /** The name the repetition binds in `vars` (each, or a dynamic block's iterator); null for a block written once. */
  binds: string | null;
  vars: Vars;
}

const DYNAMIC = schema(['for_each', 'iterator', 'labels'], ['content']);

/**
 * Calls `each` with every instance of the blocks of `type` (static, with for_each, and dynamic "type"
 * blocks) in source order. A block with for_each binds each.key / each.value; a dynamic block binds
 * <iterator>.key / .value.
 */
export function eachInstance(blocks: readonly Block[], type: string, vars: Vars, diags: Diagnostic[], each: (inst: BlockInstance) => void): void {
  for (const b of blocks) {
    if (b.type === type) expandStatic(b, vars, diags, each);
    else if (b.type === 'dynamic' && b.labels[0]?.value === type) expandDynamic(b, vars, diags, each);
  }
}

function expandStatic(b: Block, vars: Vars, diags: Diagnostic[], each: (inst: BlockInstance) => void): void {
  const label = b.labels[0];
  if (!label) {
    diags.push(errorDiag(`Missing name for ${b.type}`, `A ${b.type} block needs a name label, e.g. ${b.type} "web" { ... }.`, b.typeRange));
    return;
  }
  if (b.labels.length > 1) {
    diags.push(errorDiag(`Extraneous label for ${b.type}`, `A ${b.type} block has exactly one label.`, b.labels[1]!.range));
    return;
  }
  const fe = b.body.attributes.find((a) => a.name === 'for_each');
  if (!fe) {
    each({ block: b, body: b.body, name: label.value, nameRange: label.range, key: null, binds: null, vars });
    return;
  }
  if (isSensitiveExpr(fe.expr, vars)) {
    diags.push(sensitiveForEach(fe.expr.range, 'a resource instance key'));
    return;
  }
  const nameRange = label.range;
  const scope: Vars = { ...vars, each: null };
  forEachItem(fe.expr, vars, diags, false, (k, value) => {
    const key = String(k);
    scope.each = { key, value };
    each({ block: b, body: b.body, name: key, nameRange, key, binds: 'each', vars: scope });
  });
}

function expandDynamic(b: Block, vars: Vars, diags: Diagnostic[], each: (inst: BlockInstance) => void): void {
  const c = checkBody(b.body, DYNAMIC, diags);
  const fe = c.attrs.get('for_each');
  const content = blocksOf(c, 'content');
  if (!fe || content.length !== 1) {
    diags.push(errorDiag('Invalid dynamic block', 'A dynamic block needs a for_each argument and exactly one content block.', b.openBraceRange));
    return;
  }
  let iterator = b.labels[0]!.value;
  const it = c.attrs.get('iterator');
  if (it) {
    const t = it.expr.kind === 'ScopeTraversal' && it.expr.traversal.length === 1 ? it.expr.traversal[0]! : null;
    if (t && t.kind === 'Root') iterator = t.name;
    else diags.push(errorDiag('Invalid dynamic iterator name', 'The iterator must be a single bare name, e.g. iterator = rs.', it.expr.range));
  }
  const labelsAttr = c.attrs.get('labels');
  const generated = `the name of a generated ${b.labels[0]!.value} block`;
  if (isSensitiveExpr(fe.expr, vars)) {
    diags.push(sensitiveForEach(fe.expr.range, generated));
    return;
  }
  if (labelsAttr && isSensitiveExpr(labelsAttr.expr, vars)) {
    diags.push(errorDiag('Invalid dynamic labels', `Sensitive values, or values derived from sensitive values, cannot be used as labels of a dynamic block: the label would be exposed as ${generated}. ${NONSENSITIVE_HINT}`, labelsAttr.expr.range));
    return;
  }
  // One Range for every instance: they are all named at the same place.
  const nameRange = labelsAttr?.expr.range ?? b.labels[0]!.range;
  const body = content[0]!;
  const scope: Vars = { ...vars, [iterator]: null };
  forEachItem(fe.expr, vars, diags, true, (k, value) => {
    const key = String(k);
    scope[iterator] = { key: k, value };
    let name = key;
    if (labelsAttr) {
      const label = oneLabel(labelsAttr, scope, diags, b.labels[0]!.value);
      if (label === undefined) return;
      name = label;
    }
    each({ block: body, body: body.body, name, nameRange, key, binds: iterator, vars: scope });
  });
}

/** The one label `labels = [...]` gives an instance, or undefined (diagnosed). Written [x], x alone is read: no list per instance. */
function oneLabel(a: Attribute, vars: Vars, diags: Diagnostic[], type: string): string | undefined {
  if (a.expr.kind === 'TupleCons' && a.expr.exprs.length === 1) {
    const v = quickValue(a.expr.exprs[0]!, vars);
    if (typeof v === 'string') return v;
  }
  const labels = evalStringValues(a, vars, diags);
  if (labels && labels.length === 1) return labels[0]!;
  if (labels) diags.push(errorDiag('Invalid dynamic labels', `A ${type} block has exactly one label, so labels must have one element.`, a.expr.range));
  return undefined;
}

const NONSENSITIVE_HINT =
  'Remove sensitive = true from the variable it comes from, or use nonsensitive(...) on the part that may be shown (e.g. for_each = nonsensitive(toset(keys(var.x))) and var.x[each.key] for the values).';

/**
 * Terraform's wording. lvsplan decides sensitivity per expression, so a for_each that reads a sensitive
 * value anywhere is refused, also where only the values (not the keys) are sensitive.
 */
function sensitiveForEach(range: Range, exposedAs: string): Diagnostic {
  return errorDiag(
    'Invalid for_each argument',
    `Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as ${exposedAs}. ${NONSENSITIVE_HINT}`,
    range,
  );
}

/**
 * Calls `item` with each (key, value) of a for_each value, read in place (no pair made per element): a map/object,
 * or a set of strings (key = value); a list is refused as Terraform refuses it, since its keys would be positions
 * that shift when an element is removed. For dynamic blocks, as in Terraform, a list of anything iterates with the
 * index as key.
 */
function forEachItem(expr: Expression, vars: Vars, diags: Diagnostic[], dynamic: boolean, item: (key: string | number, value: HclValue) => void): void {
  const v = evalExpr(expr, vars, diags);
  if (v === undefined) return;
  if (isHclObject(v)) {
    for (const k of Object.keys(v)) item(k, v[k]!);
    return;
  }
  if (dynamic && Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) item(i, v[i]!);
    return;
  }
  if (Array.isArray(v) && !isSetValue(v)) {
    diags.push(
      errorDiag(
        'Invalid for_each argument',
        'The given "for_each" argument value is unsuitable: the "for_each" argument must be a map, or set of strings, and you have provided a list or tuple. Convert it with toset([...]) (elements become the keys) or write a map.',
        expr.range,
      ),
    );
    return;
  }
  if (Array.isArray(v) && v.every((e) => typeof e === 'string')) {
    const seen = new Set<string>();
    for (const e of v as string[]) {
      if (seen.has(e)) continue;
      seen.add(e);
      item(e, e);
    }
    return;
  }
  diags.push(
    errorDiag('Invalid for_each argument', 'The for_each value must be a map, or a set or list of strings. Use toset([...]) or a map of objects.', expr.range),
  );
}
