import type { TemplatePart } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import { FAILED, type Evaluator, type Scope } from './context.js';
import { evalCondition } from './condition.js';
import { convertValue } from './convert.js';
import { bindIteration, evalIterable, iterationScope } from './iterate.js';
import { STRING } from './types.js';

/**
 * Renders template parts to a string. Strip markers (`~`) on an interpolation trim the whitespace
 * of the adjacent literals; doing it here is harmless if the parser already did.
 */
export function evalTemplateParts(ev: Evaluator, parts: TemplatePart[], scope: Scope, diags: Diagnostic[]): string | typeof FAILED {
  let out = '';
  let failed = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    switch (part.kind) {
      case 'TemplateLiteral': {
        let text = part.value;
        const prev = parts[i - 1];
        const next = parts[i + 1];
        if (prev?.kind === 'TemplateInterpolation' && prev.stripRight) text = text.trimStart();
        if (next?.kind === 'TemplateInterpolation' && next.stripLeft) text = text.trimEnd();
        out += text;
        break;
      }
      case 'TemplateInterpolation': {
        const v = ev(part.expr, scope, diags);
        if (v === FAILED) {
          failed = true;
          break;
        }
        if (v === null) {
          diags.push(
            errorDiag('Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.', part.expr.range),
          );
          failed = true;
          break;
        }
        const s = convertValue(v, STRING);
        if (!s.ok) {
          diags.push(errorDiag('Invalid template interpolation value', `Cannot include the given value in a string template: ${s.error}.`, part.expr.range));
          failed = true;
          break;
        }
        out += s.value as string;
        break;
      }
      case 'TemplateIf': {
        const cond = evalCondition(ev, part.condition, scope, diags);
        if (cond === FAILED) {
          failed = true;
          break;
        }
        const branch = cond ? part.then : part.else ?? [];
        const s = evalTemplateParts(ev, branch, scope, diags);
        if (s === FAILED) failed = true;
        else out += s;
        break;
      }
      case 'TemplateFor': {
        const coll = evalIterable(ev, part.collection, scope, diags);
        if (coll === FAILED) {
          failed = true;
          break;
        }
        const inner = iterationScope(scope);
        for (let j = 0; j < coll.length; j++) {
          bindIteration(inner, part.keyVar, part.valueVar, coll, j);
          const s = evalTemplateParts(ev, part.body, inner, diags);
          if (s === FAILED) {
            failed = true;
            break;
          }
          out += s;
        }
        break;
      }
    }
  }
  return failed ? FAILED : out;
}
