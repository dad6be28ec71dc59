import type { Block, Expression } from '../hcl/ast.js';
import { errorDiag, warningDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { ANY, convertValue, parseTypeExpression, type TypeConstraint } from '../hcl/eval/index.js';
import { parseFile } from '../hcl/parse.js';
import { formatRange, type Range } from '../hcl/range.js';
import type { HclObject, HclValue } from '../hcl/value.js';
import { checkBody, requireLabels, schema } from './body-schema.js';
import { evalExpr } from './eval-attr.js';

/** One value assigned to a variable from outside the configuration, lowest precedence first. */
export interface RawVariableValue {
  name: string;
  source: 'env' | 'file' | 'cli';
  /** Text from -var or the environment: a literal for primitive types, an HCL expression otherwise. */
  text?: string;
  /** An expression from a .lvsvars file. */
  expr?: Expression;
  range?: Range;
}

export interface VariableDecl {
  name: string;
  range: Range;
  type: TypeConstraint;
  hasDefault: boolean;
  default: HclValue;
  sensitive: boolean;
  validations: { condition: Expression; message: Expression; range: Range }[];
}

const VARIABLE = schema(['type', 'default', 'description', 'sensitive', 'nullable'], ['validation']);
const VALIDATION = schema(['condition', 'error_message']);

export function decodeVariableBlock(b: Block, diags: Diagnostic[]): VariableDecl | null {
  if (!requireLabels(b, ['name'], diags)) return null;
  const name = b.labels[0]!.value;
  const c = checkBody(b.body, VARIABLE, diags);
  const typeAttr = c.attrs.get('type');
  const parsed = typeAttr ? parseTypeExpression(typeAttr.expr) : { type: ANY, diagnostics: [] };
  diags.push(...parsed.diagnostics);
  const decl: VariableDecl = { name, range: b.labels[0]!.range, type: parsed.type, hasDefault: false, default: null, sensitive: false, validations: [] };
  const def = c.attrs.get('default');
  if (def) {
    const v = evalExpr(def.expr, {}, diags);
    if (v !== undefined) {
      const conv = convertValue(v, decl.type);
      if (conv.ok) Object.assign(decl, { hasDefault: true, default: conv.value });
      else {
        decl.hasDefault = true; // reported here; not also "no value for required variable"
        diags.push(errorDiag('Invalid default value for variable', `This default value is not compatible with the variable's type constraint: ${conv.error}.`, def.expr.range));
      }
    }
  }
  const sens = c.attrs.get('sensitive');
  if (sens) decl.sensitive = evalExpr(sens.expr, {}, diags) === true;
  for (const vb of c.blocks) {
    const vc = checkBody(vb.body, VALIDATION, diags);
    const condition = vc.attrs.get('condition');
    const message = vc.attrs.get('error_message');
    if (!condition || !message) {
      diags.push(errorDiag('Missing required argument', 'A validation block needs both "condition" and "error_message".', vb.openBraceRange));
      continue;
    }
    decl.validations.push({ condition: condition.expr, message: message.expr, range: vb.range });
  }
  return decl;
}

/** Applies the values in order (later wins), then defaults, conversion and validation rules. */
export function resolveVariables(decls: Map<string, VariableDecl>, inputs: RawVariableValue[], diags: Diagnostic[]): HclObject {
  const chosen = new Map<string, RawVariableValue>();
  for (const raw of inputs) {
    if (decls.has(raw.name)) chosen.set(raw.name, raw);
    else if (raw.source === 'cli')
      diags.push(errorDiag('Value for undeclared variable', `A variable named ${JSON.stringify(raw.name)} was assigned on the command line, but the configuration does not declare it. Declare it with a variable ${JSON.stringify(raw.name)} {} block, or remove the -var.`, raw.range));
    else if (raw.source === 'file')
      diags.push(warningDiag('Value for undeclared variable', `The variables file assigns ${JSON.stringify(raw.name)}, but the configuration does not declare a variable of that name. To silence this warning, remove the assignment or declare the variable.`, raw.range));
  }
  const out: HclObject = Object.create(null) as HclObject;
  for (const decl of decls.values()) {
    const raw = chosen.get(decl.name);
    const subject = raw?.range ?? decl.range;
    let value: HclValue;
    if (raw) {
      const v = rawValue(raw, decl, diags);
      if (v === undefined) continue;
      const conv = convertValue(v, decl.type);
      if (!conv.ok) {
        diags.push(errorDiag('Invalid value for input variable', `The value ${sourceOf(raw)} is not suitable for var.${decl.name} declared at ${formatRange(decl.range)}: ${conv.error}.`, subject));
        continue;
      }
      value = conv.value;
    } else if (decl.hasDefault) {
      value = decl.default;
    } else {
      diags.push(
        errorDiag(
          'No value for required variable',
          `The input variable ${JSON.stringify(decl.name)} is not set, and has no default value. Set it with -var '${decl.name}=...', in lvsplan.lvsvars or a *.auto.lvsvars file (${decl.name} = ...), or with the environment variable LVSPLAN_VAR_${decl.name}.`,
          decl.range,
        ),
      );
      continue;
    }
    out[decl.name] = value;
    for (const rule of decl.validations) {
      const ctx = { var: { [decl.name]: value } as HclObject };
      const ok = evalExpr(rule.condition, ctx, diags);
      if (ok === undefined) continue;
      if (ok !== true) {
        const msg = evalExpr(rule.message, ctx, diags);
        diags.push(
          errorDiag(
            'Invalid value for variable',
            `${typeof msg === 'string' ? msg : 'The value failed a validation rule.'}\n\nThe value ${raw ? sourceOf(raw) : 'is the default'}; this was checked by the validation rule at ${formatRange(rule.range)}.`,
            subject,
          ),
        );
      }
    }
  }
  return out;
}

/** Where a value came from, in words; never the value itself (it may be sensitive). */
function sourceOf(raw: RawVariableValue): string {
  if (raw.source === 'cli') return `given by -var '${raw.name}=...' on the command line`;
  if (raw.source === 'env') return `given by the environment variable LVSPLAN_VAR_${raw.name}`;
  return raw.range ? `given in ${raw.range.filename} line ${raw.range.start.line}` : 'given in a variables file';
}

function rawValue(raw: RawVariableValue, decl: VariableDecl, diags: Diagnostic[]): HclValue | undefined {
  if (raw.expr) return evalExpr(raw.expr, {}, diags);
  const text = raw.text ?? '';
  const k = decl.type.kind;
  if (k === 'string' || k === 'number' || k === 'bool' || k === 'any') return text;
  const where = raw.source === 'env' ? `LVSPLAN_VAR_${decl.name}` : `-var ${decl.name}`;
  const parsed = parseFile(`v = ${text}\n`, `<value for ${where}>`);
  const attr = parsed.file.body.attributes[0];
  if (parsed.diagnostics.length > 0 || !attr || parsed.file.body.items.length !== 1) {
    diags.push(errorDiag('Invalid value for input variable', `The value given by ${where} is not a valid HCL expression of type ${k}. Write it in HCL syntax, e.g. '${decl.name}=["a","b"]'.`, raw.range));
    return undefined;
  }
  return evalExpr(attr.expr, {}, diags);
}
