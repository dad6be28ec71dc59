import { markCollection } from './collection-kind.js';
import type { Expression, FunctionCallExpr } from '../ast.js';
import type { Diagnostic } from '../diagnostic.js';
import { errorDiag } from '../diagnostic.js';
import { suggest } from '../suggest.js';
import type { HclValue } from '../value.js';
import { FAILED, type Evaluator, type Scope, type Val } from './context.js';
import { convertValue, isAlreadyOf } from './convert.js';
import { FunctionArgError, type FunctionParam, type HclFunction } from './functions/function.js';

const sentence = (msg: string): string => (/[.!?]$/.test(msg) ? msg : `${msg}.`);

export function evalCall(ev: Evaluator, e: FunctionCallExpr, scope: Scope, diags: Diagnostic[]): Val {
  const f = Object.prototype.hasOwnProperty.call(scope.functions, e.name) ? scope.functions[e.name] : undefined;
  if (!f) {
    diags.push(errorDiag('Call to unknown function', `There is no function named ${JSON.stringify(e.name)}.${suggest(e.name, Object.keys(scope.functions))}`, e.nameRange));
    return FAILED;
  }
  const args: HclValue[] = [];
  // The expression each argument comes from (an expanded list's, for each of its elements): its range is made only for a diagnostic.
  const from: Expression[] = [];
  let failed = false;
  for (let i = 0; i < e.args.length; i++) {
    const argExpr = e.args[i]!;
    const v = ev(argExpr, scope, diags);
    if (v === FAILED) {
      failed = true;
      continue;
    }
    if (e.expandFinal && i === e.args.length - 1) {
      if (!Array.isArray(v)) {
        const detail = v === null
          ? 'The expanding argument (indicated by ...) must not be null.'
          : 'The expanding argument (indicated by ...) must be of a tuple, list, or set type.';
        diags.push(errorDiag('Invalid expanding argument value', detail, argExpr.range));
        failed = true;
        continue;
      }
      for (const x of v) {
        args.push(x);
        from.push(argExpr);
      }
      continue;
    }
    args.push(v);
    from.push(argExpr);
  }
  if (failed) return FAILED;

  const { params, varParam } = f;
  if (args.length < params.length) {
    const missing = params[args.length]!;
    diags.push(
      errorDiag(
        'Not enough function arguments',
        `Function ${JSON.stringify(e.name)} expects ${params.length} argument(s). Missing value for ${JSON.stringify(missing.name)}.`,
        e.closeParenRange,
      ),
    );
    return FAILED;
  }
  if (!varParam && args.length > params.length) {
    diags.push(
      errorDiag('Too many function arguments', `Function ${JSON.stringify(e.name)} expects only ${params.length} argument(s).`, from[params.length]!.range),
    );
    return FAILED;
  }

  let converted = args;
  for (let i = 0; i < args.length; i++) {
    const p = paramAt(f, i);
    if (args[i] === null && !p.allowNull) return invalidArg(f, e, from, i, 'argument must not be null', diags);
    if (isAlreadyOf(args[i]!, p.type)) continue;
    const c = convertValue(args[i]!, p.type);
    if (!c.ok) return invalidArg(f, e, from, i, c.error, diags);
    // The arguments are copied only when one of them needs converting.
    if (converted === args) converted = args.slice();
    converted[i] = c.value;
  }

  try {
    const out = f.impl(converted);
    return f.returns && out !== null && typeof out === 'object' ? markCollection(out, f.returns) : out;
  } catch (err) {
    if (err instanceof FunctionArgError && err.argIndex < args.length) return invalidArg(f, e, from, err.argIndex, err.message, diags);
    const msg = err instanceof Error ? err.message : String(err);
    diags.push(errorDiag('Error in function call', `Call to function ${JSON.stringify(e.name)} failed: ${sentence(msg)}`, e.range));
    return FAILED;
  }
}

function paramAt(f: HclFunction, i: number): FunctionParam {
  return f.params[i] ?? f.varParam!;
}

function invalidArg(f: HclFunction, e: FunctionCallExpr, from: readonly Expression[], i: number, msg: string, diags: Diagnostic[]): Val {
  diags.push(errorDiag('Invalid function argument', `Invalid value for ${JSON.stringify(paramAt(f, i).name)} parameter: ${sentence(msg)}`, (from[i] ?? e).range));
  return FAILED;
}
